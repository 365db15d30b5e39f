package dev.hearth.home.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.home.HomeApplication;
import dev.hearth.home.auth.TokenIssuer;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.ports.domain.model.CustomerId;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole application: a request with a hanging downstream leaves a trace that shows the call cut at its deadline. */
@ExtendWith(DropwizardExtensionsSupport.class)
class TracesIT {
    static final DropwizardAppExtension<HomeConfiguration> APP = new DropwizardAppExtension<>(HomeApplication.class,
            ResourceHelpers.resourceFilePath("test-config.yml"));
    static final ObjectMapper JSON = new ObjectMapper();
    /** How late the engine may report a call cut at its deadline: one scheduler hop on a busy 2-core machine. */
    static final double DEADLINE_SLACK_MS = 100;

    @AfterEach
    void resetSandbox() {
        admin(APP, "sandbox-reset", Map.of());
    }

    @Test
    void aHangingBannersCallShowsInItsTraceEndingAtItsDeadlineAsTimeout() {
        String requestId = hangingBannersRequest(APP);

        JsonNode list = json(adminGet(APP, "/traces"), 200);
        JsonNode summary = StreamSupport.stream(list.spliterator(), false)
                .filter(t -> t.get("requestId").asText().equals(requestId)).findFirst()
                .orElseThrow(() -> new AssertionError("no trace of " + requestId + " in " + list));
        assertThat(summary.get("screen").asText()).isEqualTo("home");
        assertThat(summary.get("complete").asBoolean()).isFalse();
        assertThat(summary.get("degraded").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(summary.get("durationMs").asDouble()).isPositive();
        assertThat(Instant.parse(summary.get("start").asText())).isBefore(Instant.now());

        JsonNode trace = json(adminGet(APP, "/traces/" + requestId), 200);
        JsonNode banners = call(trace, "banners");
        assertThat(banners.get("outcome").asText()).isEqualTo("TIMEOUT");
        assertThat(banners.get("reason").asText()).isEqualTo("TIMEOUT");
        double end = banners.get("endMs").asDouble();
        double deadline = banners.get("deadlineMs").asDouble();
        // ports.banners.timeout is 250ms in test-config.yml, below the section's 300ms: that is the effective deadline.
        assertThat(deadline - banners.get("startMs").asDouble()).isBetween(245.0, 255.0);
        assertThat(end).as("cut at its deadline").isBetween(deadline - 1, deadline + DEADLINE_SLACK_MS);
        assertThat(call(trace, "profile").get("outcome").asText()).isEqualTo("OK");
        assertThat(StreamSupport.stream(trace.get("sections").spliterator(), false)
                .filter(s -> s.get("id").asText().equals("banners")).findFirst().orElseThrow()
                .get("status").asText()).isEqualTo("FALLBACK");
    }

    @Test
    void anUnknownRequestIs404SayingWhatIsKept() {
        JsonNode problem = json(adminGet(APP, "/traces/no-such-request"), 404);

        assertThat(problem.get("detail").asText()).contains("no-such-request").contains("slowest");
    }

    @Test
    void theViewIsOneSelfContainedPageThatMayOnlyTalkToTheAdminPort() {
        Response view = adminGet(APP, "/traces/view");
        String html = view.readEntity(String.class);

        assertThat(view.getStatus()).isEqualTo(200);
        assertThat(view.getMediaType().toString()).startsWith("text/html");
        assertThat(view.getHeaderString("Content-Security-Policy")).contains("default-src 'none'").contains("connect-src 'self'");
        assertThat(html).contains("<style>").contains("<script>")
                .doesNotContain("src=\"http").doesNotContain("href=\"http").doesNotContain("@import")
                .doesNotContain("innerHTML").doesNotContain("insertAdjacentHTML");
    }

    /** Makes banners hang, fetches alice's home under a fresh request id, and returns that id. */
    static String hangingBannersRequest(DropwizardAppExtension<HomeConfiguration> app) {
        admin(app, "sandbox-fault", Map.of("port", "banners", "hang", "true"));
        String requestId = "trace-it-" + UUID.randomUUID();
        Response home = app.client().target("http://127.0.0.1:" + app.getLocalPort() + "/v1/home").request()
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token(app, "alice"))
                .header("X-Request-Id", requestId)
                .get();
        JsonNode body = json(home, 200);
        assertThat(home.getHeaderString("X-Request-Id")).isEqualTo(requestId);
        assertThat(body.get("complete").asBoolean()).as("banners hang, so home is not complete").isFalse();
        return requestId;
    }

    static JsonNode call(JsonNode trace, String port) {
        return StreamSupport.stream(trace.get("calls").spliterator(), false)
                .filter(c -> c.get("port").asText().equals(port)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + port + " call in " + trace));
    }

    static String token(DropwizardAppExtension<HomeConfiguration> app, String customer) {
        HomeConfiguration config = app.getConfiguration();
        return new TokenIssuer(config.getSandbox().getSigningKey(), config.getAuth().getIssuer(),
                config.getAuth().getAudience()).issue(new CustomerId(customer), "home:read", Instant.now(),
                Duration.ofMinutes(5));
    }

    static Response adminGet(DropwizardAppExtension<HomeConfiguration> app, String path) {
        Response response = app.client().target("http://127.0.0.1:" + app.getAdminPort() + path).request().get();
        response.bufferEntity();
        return response;
    }

    static void admin(DropwizardAppExtension<HomeConfiguration> app, String task, Map<String, String> params) {
        var target = app.client().target("http://127.0.0.1:" + app.getAdminPort() + "/tasks/" + task);
        for (var param : params.entrySet()) {
            target = target.queryParam(param.getKey(), param.getValue());
        }
        try (Response response = target.request().post(Entity.text(""))) {
            assertThat(response.getStatus()).as("admin task %s", task).isEqualTo(200);
        }
    }

    static JsonNode json(Response response, int status) {
        String text = response.readEntity(String.class);
        assertThat(response.getStatus()).as(text).isEqualTo(status);
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
