package dev.hearth.home.migration.plan;

import static dev.hearth.home.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import dev.hearth.ports.domain.model.Side;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 29's end-to-end run in the sandbox, over real HTTP with the fleet's figures counted by the application itself:
 * a plan starts, a fault makes Hearth fall back (a required section fails), and the rollout goes to 0 by itself,
 * saying why in the history; nothing raises it again.
 */
class RolloutPlanSandboxIT {
    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig()
            .override("migration.autoRollback.enabled", "true")
            .override("migration.autoRollback.window", "30s")
            .override("migration.autoRollback.minSamples", "20");

    static JsonNode migration() {
        return Http.body(APP.adminGet("/migration"), 200);
    }

    static String servedBy(String customer) {
        return APP.get("/v1/home", customer).headers().firstValue(Side.HEADER).orElseThrow();
    }

    @Test
    void aPlanStartsAFaultMakesHearthFallBackAndTheRolloutGoesToZeroByItself() throws Exception {
        APP.task("rollout-plan", Map.of("steps", "50,100", "dwell", "10m", "minSamples", "20", "by", "alice",
                "reason", "e2e"));
        awaitTrue("step 1 applied", Duration.ofSeconds(10),
                () -> migration().get("rolloutPercent").asText().equals("50"));
        APP.task("rollout", Map.of("allowAdd", "alice,bob,dave")); // a person's change: the plan pauses
        awaitTrue("paused", Duration.ofSeconds(10), () -> migration().at("/plan/state").asText().equals("PAUSED"));
        APP.task("rollout-plan-resume", Map.of());
        awaitTrue("running again", Duration.ofSeconds(10), () -> migration().at("/plan/state").asText()
                .equals("RUNNING") && migration().at("/plan/lastVerdict").isObject());
        assertThat(servedBy("alice")).isEqualTo("hearth");

        APP.sandboxFault("profile", "errorRate", "1");
        try {
            long started = System.nanoTime();
            for (int i = 0; i < 60 && !migration().get("rolloutPercent").asText().equals("0"); i++) {
                for (String customer : List.of("alice", "bob", "dave")) {
                    APP.get("/v1/home", customer);
                }
                Thread.sleep(100);
            }
            awaitTrue("rolled back by itself", Duration.ofSeconds(10),
                    () -> migration().get("rolloutPercent").asText().equals("0"));
            System.out.printf("RolloutPlanSandboxIT: rolled back %d ms after the fault%n",
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        } finally {
            APP.sandboxReset();
        }

        JsonNode newest = Http.body(APP.adminGet("/migration/history?limit=1"), 200).at("/changes/0");
        assertThat(newest.get("actorKind").asText()).isIn("plan", "auto");
        assertThat(newest.at("/from/percent").asText()).isEqualTo("50");
        assertThat(newest.get("reason").asText()).contains("fallback rate", "homes routed to Hearth answered by "
                + "legacy) is over maxFallbackRate 5 %");
        assertThat(migration().at("/plan/state").asText()).isEqualTo("ROLLED_BACK");
        assertThat(servedBy("alice")).as("allow-list kept, but 0 %% sends everyone to legacy").isEqualTo("legacy");
        assertThat(migration().get("allowList").size()).isEqualTo(3);

        Thread.sleep(3_000);
        assertThat(Http.body(APP.adminGet("/migration/history?limit=1"), 200).at("/changes/0")).as("nothing raises it")
                .isEqualTo(newest);
    }
}
