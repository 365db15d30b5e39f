package dev.hearth.home.trace;

import static dev.hearth.home.testing.Http.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.testing.HearthApp;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole application, real HTTP to the sandbox: on account-detail with the balance slowed by 250 ms, the sections
 * that read the account (activities, partnership) start when the account is there, not after its balance (issue 28).
 * The request's trace shows when each call started.
 */
class EarlyStartIT {
    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig();

    @AfterEach
    void resetSandbox() {
        APP.sandboxReset();
    }

    @Test
    void activitiesStartWhenTheAccountIsThereNotAfterItsSlowBalance() {
        APP.sandboxFault("balance", "latencyMs", "250");
        String requestId = "early-start-" + UUID.randomUUID();

        JsonNode screen = body(APP.get("/v1/screens/account-detail?accountId=alice-acc-1", "alice",
                Map.of("X-Request-Id", requestId)), 200);

        assertThat(screen.get("complete").asBoolean()).as("the balance is slow, not late: %s", screen).isTrue();
        JsonNode trace = body(APP.adminGet("/traces/" + requestId), 200);
        JsonNode account = call(trace, "account");
        JsonNode balance = call(trace, "account.balance");
        JsonNode activities = call(trace, "activities");
        JsonNode partnership = call(trace, "partnership");
        assertThat(balance.get("endMs").asDouble() - balance.get("startMs").asDouble())
                .as("the balance took its injected 250 ms").isGreaterThanOrEqualTo(250.0);
        for (JsonNode dependent : new JsonNode[] {activities, partnership}) {
            double start = dependent.get("startMs").asDouble();
            assertThat(start).as("%s starts after the account's own call", dependent)
                    .isGreaterThanOrEqualTo(account.get("endMs").asDouble());
            // Were it to wait for the balance it would start after it ended; the balance ends 250 ms after it
            // started, so 150 ms leaves a busy machine's scheduling room and still tells the two apart.
            assertThat(start).as("%s starts long before the slow balance ends (%s)", dependent, balance)
                    .isLessThan(balance.get("startMs").asDouble() + 100.0)
                    .isLessThan(balance.get("endMs").asDouble() - 150.0);
            assertThat(dependent.get("outcome").asText()).isEqualTo("OK");
        }
    }

    static JsonNode call(JsonNode trace, String path) {
        return StreamSupport.stream(trace.get("calls").spliterator(), false)
                .filter(c -> c.get("path").asText().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no call at " + path + " in " + trace));
    }
}
