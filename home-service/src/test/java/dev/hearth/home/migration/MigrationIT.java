package dev.hearth.home.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.home.HomeApplication;
import dev.hearth.home.auth.TokenIssuer;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.RolloutSettings;
import dev.hearth.ports.domain.model.Side;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The migration off the legacy home, end to end against the sandbox's legacy home: sticky rollout, the kill switch,
 * the allow-list, legacy fallback, shadow comparison with injected and volatile differences, and the shadow budget.
 * A database of its own (the rollout is shared state), a shadow budget of one comparison at a time.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MigrationIT {
    static final DropwizardAppExtension<HomeConfiguration> APP = new DropwizardAppExtension<>(HomeApplication.class,
            ResourceHelpers.resourceFilePath("test-config.yml"),
            ConfigOverride.config("database.url",
                    "jdbc:h2:mem:hearth-migration;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"),
            ConfigOverride.config("migration.shadow.maxInFlight", "1"),
            ConfigOverride.config("migration.shadow.maxPerSecond", "1000"));
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> CUSTOMERS = List.of("alice", "bob", "carol", "dave");
    /** Far more than any answer here takes, far less than the sandbox's slowed legacy home. */
    static final Duration GENEROUS = Duration.ofSeconds(5);

    @AfterEach
    void backToHearthForEveryone() {
        awaitShadowIdle();
        admin("sandbox-reset", Map.of());
        admin("rollout", Map.of("percent", "100", "allow", ""));
        admin("shadow-sampling", Map.of("rate", "0"));
        admin("shadow-clear", Map.of());
    }

    @Test
    void theSameCustomerAlwaysLandsOnTheSameSideAtAGivenPercentage() {
        admin("rollout", Map.of("percent", "50"));
        RolloutSettings fifty = RolloutSettings.initial(new BigDecimal("50"));

        for (String customer : CUSTOMERS) {
            String expected = fifty.sideFor(new CustomerId(customer)).label();
            for (int i = 0; i < 3; i++) {
                Response response = home(customer);
                assertThat(response.getStatus()).isEqualTo(200);
                assertThat(response.getHeaderString(Side.HEADER)).as("%s, request %d", customer, i).isEqualTo(expected);
            }
        }
    }

    @Test
    void aMisspeltTaskParameterIsRefusedNamingItAndChangesNothing() {
        admin("rollout", Map.of("percent", "100"));
        long version = status().get("version").asLong();
        for (String task : List.of("rollout", "shadow-sampling")) {
            try (Response response = APP.client().target("http://127.0.0.1:" + APP.getAdminPort() + "/tasks/" + task)
                    .queryParam("percnt", "0").request().post(Entity.text(""))) {
                assertThat(response.getStatus()).isEqualTo(500);
                assertThat(response.readEntity(String.class)).contains(task + " has no parameter 'percnt'; its parameters are [");
            }
        }
        assertThat(status().get("version").asLong()).isEqualTo(version);
        assertThat(status().get("rolloutPercent").asText()).isEqualTo("100");
    }

    @Test
    void zeroPercentSendsEveryoneToLegacyWhoseAnswerPassesThroughUnchanged() {
        admin("rollout", Map.of("percent", "0", "allow", "alice"));
        admin("sandbox-fault", Map.of("port", "banners", "legacyDifference", "true")); // marks legacy's answer

        for (String customer : CUSTOMERS) {
            Response response = home(customer);
            JsonNode body = body(response, 200);
            assertThat(response.getHeaderString(Side.HEADER)).as(customer).isEqualTo("legacy");
            assertThat(response.getHeaderString("X-Hearth-Complete")).as("not Hearth's answer").isNull();
            for (JsonNode banner : section(body, "banners").get("data")) {
                assertThat(banner.get("title").asText()).as("legacy's own banner text").endsWith(" (legacy)");
            }
        }
        assertThat(status().get("rolloutPercent").asText()).isEqualTo("0");
        String prometheus = APP.client().target("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus").request()
                .get(String.class);
        assertThat(prometheus).containsPattern("(?m)^hearth_migration_served_total\\{side=\"legacy\"} [1-9]")
                .contains("hearth_migration_rollout_percent 0.0");
    }

    @Test
    void theAllowListIsServedByHearthBeforeAnyoneElse() {
        admin("rollout", Map.of("percent", "0.0001", "allow", "bob,carol"));
        RolloutSettings tiny = RolloutSettings.initial(new BigDecimal("0.0001"));

        assertThat(home("bob").getHeaderString(Side.HEADER)).isEqualTo("hearth");
        assertThat(home("carol").getHeaderString(Side.HEADER)).isEqualTo("hearth");
        assertThat(home("alice").getHeaderString(Side.HEADER))
                .isEqualTo(tiny.sideFor(new CustomerId("alice")).label());
    }

    @Test
    void aRequiredPortFailureIsAnsweredByLegacyAndCounted() {
        long before = counter("hearth.migration.fallbacks.required-section-failed");
        admin("sandbox-fault", Map.of("port", "profile", "errorRate", "1"));

        Response response = home("alice");

        assertThat(body(response, 200).get("sections")).isNotEmpty();
        assertThat(response.getHeaderString(Side.HEADER)).isEqualTo("legacy-fallback");
        assertThat(counter("hearth.migration.fallbacks.required-section-failed")).isEqualTo(before + 1);
    }

    @Test
    void whenLegacyFailsTooTheAppGetsHearthsProblem() {
        admin("sandbox-fault", Map.of("port", "profile", "errorRate", "1"));
        admin("sandbox-fault", Map.of("port", "legacyHome", "errorRate", "1"));

        Response response = home("alice");

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getMediaType().toString()).startsWith("application/problem+json");
        assertThat(response.readEntity(String.class)).contains("profile");
    }

    @Test
    void aRoutedCustomerGets503WhenLegacyFails() {
        admin("rollout", Map.of("percent", "0"));
        admin("sandbox-fault", Map.of("port", "legacyHome", "errorRate", "1"));

        Response response = home("alice");

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.readEntity(String.class)).contains("legacy home");
    }

    @Test
    void anInjectedDifferenceIsReportedAtItsPathWhileAMovingBalanceIsNot() {
        admin("shadow-sampling", Map.of("rate", "1"));
        admin("sandbox-fault", Map.of("port", "banners", "legacyDifference", "true"));
        admin("sandbox-fault", Map.of("port", "balance", "moving", "true"));
        long volatileBefore = counter("hearth.shadow.volatile");

        assertThat(home("alice").getHeaderString(Side.HEADER)).isEqualTo("hearth");
        JsonNode groups = awaitMismatches(g -> g.size() > 0);

        List<String> paths = new ArrayList<>();
        groups.forEach(group -> paths.add(group.get("path").asText()));
        assertThat(paths).contains("sections[banners].data[*].title");
        assertThat(paths).allMatch(path -> path.startsWith("sections[banners]"), "only the banners differ");
        JsonNode title = groups.get(paths.indexOf("sections[banners].data[*].title"));
        JsonNode example = title.get("examples").get(0);
        assertThat(example.get("path").asText()).matches("sections\\[banners]\\.data\\[[^]]+]\\.title");
        assertThat(example.get("legacy").asText()).endsWith(" (legacy)\"");
        assertThat(example.get("servedBy").asText()).isEqualTo("hearth");
        assertThat(counter("hearth.shadow.volatile")).as("the moving balances were seen as volatile")
                .isGreaterThan(volatileBefore);
    }

    @Test
    void aCustomerServedByLegacyIsComparedWithWhatHearthWouldHaveShown() {
        admin("rollout", Map.of("percent", "0"));
        admin("shadow-sampling", Map.of("rate", "1"));
        admin("sandbox-fault", Map.of("port", "profile", "legacyDifference", "true"));

        assertThat(home("bob").getHeaderString(Side.HEADER)).isEqualTo("legacy");
        JsonNode groups = awaitMismatches(g -> g.size() > 0);

        assertThat(groups.get(0).get("path").asText()).startsWith("sections[profile].data.");
        assertThat(groups.get(0).get("examples").get(0).get("servedBy").asText()).isEqualTo("legacy");
    }

    @Test
    void aSampleOverBudgetIsDroppedAndCountedAndTheCustomerNeverWaitsForShadowWork() {
        admin("shadow-sampling", Map.of("rate", "1"));
        admin("sandbox-fault", Map.of("port", "legacyHome", "latencyMs", "2000")); // each shadow takes >= 4 s
        long dropped = counter("hearth.shadow.dropped.in-flight");

        long started = System.nanoTime();
        assertThat(home("alice").getHeaderString(Side.HEADER)).isEqualTo("hearth"); // its sample takes the one slot
        Duration first = Duration.ofNanos(System.nanoTime() - started);
        home("dave"); // over budget: dropped

        assertThat(first).as("the customer did not wait for the 4-second shadow work").isLessThan(Duration.ofMillis(1500));
        assertThat(counter("hearth.shadow.dropped.in-flight")).isEqualTo(dropped + 1);
        assertThat(status().get("shadowInFlight").asInt()).isEqualTo(1);
    }

    // --- helpers ---

    static Response home(String customer) {
        Response response = APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + "/v1/home").request()
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token(customer)).get();
        response.bufferEntity();
        return response;
    }

    static String token(String customer) {
        HomeConfiguration config = APP.getConfiguration();
        return new TokenIssuer(config.getSandbox().getSigningKey(), config.getAuth().getIssuer(),
                config.getAuth().getAudience()).issue(new CustomerId(customer), "home:read", Instant.now(), Duration.ofMinutes(5));
    }

    static void admin(String task, Map<String, String> params) {
        var target = APP.client().target("http://127.0.0.1:" + APP.getAdminPort() + "/tasks/" + task);
        for (var param : params.entrySet()) {
            target = target.queryParam(param.getKey(), param.getValue());
        }
        try (Response response = target.request().post(Entity.text(""))) {
            assertThat(response.getStatus()).as("admin task %s: %s", task, response.readEntity(String.class))
                    .isEqualTo(200);
        }
    }

    static JsonNode adminGet(String path) {
        Response response = APP.client().target("http://127.0.0.1:" + APP.getAdminPort() + path).request().get();
        return body(response, 200);
    }

    static JsonNode status() {
        return adminGet("/migration");
    }

    static long counter(String name) {
        JsonNode value = status().get("counters").get(name);
        return value == null ? 0 : value.asLong();
    }

    /** Polls the stored mismatches until {@code done} holds (shadow work runs after the response). */
    static JsonNode awaitMismatches(Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plus(GENEROUS);
        JsonNode groups;
        do {
            groups = adminGet("/migration/mismatches").get("groups");
            if (done.test(groups) && status().get("shadowInFlight").asInt() == 0) {
                return groups;
            }
            sleep(50);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("no such mismatches within " + GENEROUS + "; have " + groups + ", status " + status());
    }

    static void awaitShadowIdle() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (status().get("shadowInFlight").asInt() > 0 && Instant.now().isBefore(deadline)) {
            sleep(50);
        }
    }

    static JsonNode body(Response response, int status) {
        String text = response.readEntity(String.class);
        assertThat(response.getStatus()).as(text).isEqualTo(status);
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static JsonNode section(JsonNode screen, String id) {
        for (JsonNode section : screen.get("sections")) {
            if (section.get("id").asText().equals(id)) {
                return section;
            }
        }
        throw new AssertionError("no section " + id + " in " + screen);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
