package dev.hearth.home.trace;

import static dev.hearth.home.testing.Http.body;
import static dev.hearth.home.testing.Http.contentType;
import static dev.hearth.home.testing.Http.header;
import static dev.hearth.home.testing.Http.section;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.testing.HearthApp;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole application: a request with a hanging downstream leaves a trace that shows the call cut at its deadline. */
class TracesIT {
    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig();
    /** How late the engine may report a call cut at its deadline: one scheduler hop on a busy 2-core machine. */
    static final double DEADLINE_SLACK_MS = 100;

    @AfterEach
    void resetSandbox() {
        APP.sandboxReset();
    }

    @Test
    void aHangingBannersCallShowsInItsTraceEndingAtItsDeadlineAsTimeout() {
        String requestId = hangingBannersRequest(APP);

        JsonNode list = body(APP.adminGet("/traces"), 200);
        JsonNode summary = StreamSupport.stream(list.spliterator(), false)
                .filter(t -> t.get("requestId").asText().equals(requestId)).findFirst()
                .orElseThrow(() -> new AssertionError("no trace of " + requestId + " in " + list));
        assertThat(summary.get("screen").asText()).isEqualTo("home");
        assertThat(summary.get("complete").asBoolean()).isFalse();
        assertThat(summary.get("degraded").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(summary.get("durationMs").asDouble()).isPositive();
        assertThat(Instant.parse(summary.get("start").asText())).isBefore(Instant.now());

        JsonNode trace = body(APP.adminGet("/traces/" + requestId), 200);
        JsonNode banners = call(trace, "banners");
        assertThat(banners.get("outcome").asText()).isEqualTo("TIMEOUT");
        assertThat(banners.get("reason").asText()).isEqualTo("TIMEOUT");
        double end = banners.get("endMs").asDouble();
        double deadline = banners.get("deadlineMs").asDouble();
        // ports.banners.timeout is 250ms in test-config.yml, below the section's 300ms: that is the effective deadline.
        assertThat(deadline - banners.get("startMs").asDouble()).isBetween(245.0, 255.0);
        assertThat(end).as("cut at its deadline").isBetween(deadline - 1, deadline + DEADLINE_SLACK_MS);
        assertThat(call(trace, "profile").get("outcome").asText()).isEqualTo("OK");
        assertThat(section(trace, "banners").get("status").asText()).isEqualTo("FALLBACK");
    }

    @Test
    void aKeptTraceNamesItsTraceIdInUtcAndTheListFiltersByScreenStatusAndRequestId() {
        String requestId = hangingBannersRequest(APP);
        String prefix = requestId.substring(0, requestId.length() - 8);

        JsonNode kept = body(APP.adminGet("/traces?screen=home&status=degraded&requestId=" + prefix), 200);
        assertThat(kept).hasSize(1);
        JsonNode summary = kept.get(0);
        assertThat(summary.get("requestId").asText()).isEqualTo(requestId);
        assertThat(summary.get("status").asText()).isEqualTo("degraded");
        assertThat(summary.get("traceId").asText()).matches("[0-9a-f]{32}");
        assertThat(summary.get("start").asText()).as("UTC").endsWith("Z");
        assertThat(body(APP.adminGet("/traces/" + requestId), 200).get("traceId").asText())
                .isEqualTo(summary.get("traceId").asText());

        assertThat(body(APP.adminGet("/traces?status=complete&requestId=" + requestId), 200)).isEmpty();
        assertThat(body(APP.adminGet("/traces?screen=account-detail&requestId=" + requestId), 200)).isEmpty();
        assertThat(body(APP.adminGet("/traces?requestId=" + requestId + "&status=&screen="), 200))
                .as("blank filters filter nothing").hasSize(1);
    }

    @Test
    void theTraceIdOfAKeptTraceIsTheOneTheResponseNamed() {
        APP.sandboxFault("banners", "hang", "true");
        String requestId = "trace-it-" + UUID.randomUUID();
        HttpResponse<String> home = APP.get("/v1/home", "alice", Map.of("X-Request-Id", requestId));
        body(home, 200);

        assertThat(body(APP.adminGet("/traces/" + requestId), 200).get("traceId").asText())
                .isEqualTo(header(home, "X-Trace-Id"));
    }

    @Test
    void anUnknownRequestIs404SayingWhatIsKept() {
        JsonNode problem = body(APP.adminGet("/traces/no-such-request"), 404);

        assertThat(problem.get("detail").asText()).contains("no-such-request").contains("slowest");
    }

    @Test
    void theViewIsOneSelfContainedPageThatMayOnlyTalkToTheAdminPort() {
        HttpResponse<String> view = APP.adminGet("/traces/view");
        String html = view.body();

        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(contentType(view)).startsWith("text/html");
        assertThat(header(view, "Content-Security-Policy")).contains("default-src 'none'").contains("connect-src 'self'");
        assertThat(html).contains("<style>").contains("<script>")
                .doesNotContain("src=\"http").doesNotContain("href=\"http").doesNotContain("@import")
                .doesNotContain("innerHTML").doesNotContain("insertAdjacentHTML");
    }

    /** Makes banners hang, fetches alice's home under a fresh request id, and returns that id. */
    static String hangingBannersRequest(HearthApp app) {
        app.sandboxFault("banners", "hang", "true");
        String requestId = "trace-it-" + UUID.randomUUID();
        HttpResponse<String> home = app.get("/v1/home", "alice", Map.of("X-Request-Id", requestId));
        JsonNode body = body(home, 200);
        assertThat(header(home, "X-Request-Id")).isEqualTo(requestId);
        assertThat(body.get("complete").asBoolean()).as("banners hang, so home is not complete").isFalse();
        return requestId;
    }

    static JsonNode call(JsonNode trace, String port) {
        return StreamSupport.stream(trace.get("calls").spliterator(), false)
                .filter(c -> c.get("port").asText().equals(port)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + port + " call in " + trace));
    }
}
