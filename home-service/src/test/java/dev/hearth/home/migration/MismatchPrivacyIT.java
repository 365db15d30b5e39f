package dev.hearth.home.migration;

import static dev.hearth.home.testing.Await.sleep;
import static dev.hearth.home.testing.Http.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.hearth.home.HomeApplication;
import dev.hearth.home.migration.compare.SensitiveValues;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.ports.domain.model.Side;
import io.dropwizard.lifecycle.Managed;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stored shadow mismatches hold no personal data and expire, end to end: the sandbox's legacy home sees alice's name,
 * account numbers and balances differently, Hearth serves her, shadow comparison stores the differences through the
 * real database, and the report shows them grouped by path with hashes where her data was. Retention runs with the
 * time the test gives it.
 */
class MismatchPrivacyIT {
    static final AtomicReference<MismatchRetention> RETENTION = new AtomicReference<>();

    /** Hearth with its mismatch retention handed to the test, to run it at a time of the test's choosing. */
    public static final class WithRetention extends HomeApplication {
        public WithRetention() {
            super(List.of(new AbstractModule() {
                @ProvidesIntoSet
                Managed capture(MismatchRetention retention) {
                    RETENTION.set(retention);
                    return new Managed() {
                    };
                }
            }));
        }
    }

    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig().application(WithRetention.class)
            .override("migration.shadow.maxPerSecond", "1000");

    @AfterEach
    void reset() {
        APP.sandboxReset();
        APP.task("shadow-sampling", Map.of("rate", "0"));
        APP.task("shadow-clear", Map.of());
    }

    @Test
    void aStoredMismatchHoldsNoNameAccountNumberOrBalanceOfTheCustomerAndExpiresAfterTheRetentionPeriod() {
        APP.task("rollout", Map.of("percent", "100", "allow", ""));
        APP.task("shadow-sampling", Map.of("rate", "1"));
        for (String port : List.of("profile", "accounts", "balance")) {
            APP.sandboxFault(port, "legacyDifference", "true");
        }

        HttpResponse<String> served = APP.get("/v1/home", "alice");
        assertThat(served.headers().firstValue(Side.HEADER)).contains("hearth");
        List<String> personal = personalData(body(served, 200));
        assertThat(personal).as("the test's own check: alice has a name, account numbers and balances")
                .contains("Alice Example").hasSizeGreaterThan(4);
        JsonNode groups = awaitMismatches();

        String report = groups.toString();
        for (String value : personal) {
            assertThat(report).as("the stored mismatches hold no %s", value).doesNotContain(value);
        }
        JsonNode name = group(groups, "sections[profile].data.displayName");
        assertThat(name.get("count").asLong()).isPositive();
        JsonNode example = name.get("examples").get(0);
        assertThat(example.get("hearth").asText()).matches("\"hmac:[0-9a-f]{16}\"");
        assertThat(example.get("legacy").asText()).matches("\"hmac:[0-9a-f]{16}\"").isNotEqualTo(example.get("hearth").asText());
        assertThat(group(groups, "sections[accounts].data[*].maskedIban").get("count").asLong()).isPositive();
        assertThat(group(groups, "sections[accounts].data[*].balance.available.amount").get("examples").get(0)
                .get("hearth").asText()).startsWith("\"" + SensitiveValues.HASH_PREFIX);

        JsonNode sections = body(APP.adminGet("/migration/mismatches"), 200).get("sections");
        assertThat(sections.get("profile").asLong()).as("counts per section").isEqualTo(name.get("count").asLong() + 1);
        assertThat(sections.get("accounts").asLong()).isGreaterThanOrEqualTo(9);

        MismatchRetention retention = RETENTION.get();
        Instant found = Instant.now();
        assertThat(retention.keepFor()).isEqualTo(Duration.ofDays(14));
        assertThat(retention.expireAt(found.plus(Duration.ofDays(13)))).as("not yet expired").isZero();
        assertThat(mismatches()).isNotEmpty();
        assertThat(retention.expireAt(found.plus(Duration.ofDays(14)).plus(Duration.ofMinutes(10)))).isPositive();
        assertThat(mismatches()).as("expired after 14 days").isEmpty();
    }

    /** The home's name, account numbers and amounts, as its JSON shows them. */
    static List<String> personalData(JsonNode home) {
        List<String> values = new ArrayList<>();
        for (JsonNode section : home.get("sections")) {
            JsonNode data = section.get("data");
            if (section.get("id").asText().equals("profile")) {
                values.add(data.get("displayName").asText());
            }
            if (section.get("id").asText().equals("accounts")) {
                for (JsonNode account : data) {
                    values.add(account.get("maskedIban").asText());
                    values.add(account.get("balance").get("available").get("amount").asText());
                    values.add(account.get("balance").get("booked").get("amount").asText());
                }
            }
        }
        return values;
    }

    static JsonNode group(JsonNode groups, String path) {
        for (JsonNode group : groups) {
            if (group.get("path").asText().equals(path)) {
                return group;
            }
        }
        throw new AssertionError("no group " + path + " in " + groups);
    }

    static JsonNode mismatches() {
        return body(APP.adminGet("/migration/mismatches?groups=1000&examples=100"), 200).get("groups");
    }

    static JsonNode awaitMismatches() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        JsonNode groups = mismatches();
        while (Instant.now().isBefore(deadline)) {
            JsonNode status = body(APP.adminGet("/migration"), 200);
            if (groups.size() > 2 && status.get("shadowInFlight").asInt() == 0) {
                return mismatches();
            }
            sleep(50);
            groups = mismatches();
        }
        throw new AssertionError("no mismatches within 10 s; have " + groups);
    }
}
