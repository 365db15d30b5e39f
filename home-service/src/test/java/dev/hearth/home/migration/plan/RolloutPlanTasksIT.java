package dev.hearth.home.migration.plan;

import static dev.hearth.home.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rollout plan's tasks over real HTTP on the whole application: start, print, pause, resume, abort; the lease
 * holder (this one instance) applies the first step within seconds; {@code /migration} shows the plan and the
 * automatic rollback; bad input is a 400 problem saying what is accepted.
 */
class RolloutPlanTasksIT {
    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig();

    static JsonNode migration() {
        return Http.body(APP.adminGet("/migration"), 200);
    }

    static void refused(String task, Map<String, String> params, String says) {
        HttpResponse<String> response = APP.postTask(task, params);
        assertThat(response.statusCode()).as(task + " " + params).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).contains("problem+json");
        assertThat(Http.json(response.body()).get("detail").asText()).as(task + " " + params).contains(says);
    }

    @Test
    void aPlanIsStartedAppliedPausedResumedAndAbortedThroughTheTasksAndShownInMigration() {
        assertThat(APP.task("rollout-plan", Map.of())).contains("no rollout plan was ever started");
        assertThat(migration().get("plan").isNull()).isTrue();
        refused("rollout-plan-pause", Map.of(), "no rollout plan to pause: none was started");

        String started = APP.task("rollout-plan", Map.of("steps", "1,5", "dwell", "10m", "maxP99", "1500ms",
                "by", "alice", "reason", "OPS-80"));
        assertThat(started).contains("plan RUNNING at step 1 of 2 (1 %; steps 1,5, each at least 10m)",
                "p99 <= 1500 ms", "started by admin (open admin port) by alice", "started: OPS-80");
        awaitTrue("the lease holder applies step 1", Duration.ofSeconds(10),
                () -> migration().get("rolloutPercent").asText().equals("1"));
        JsonNode plan = migration().get("plan");
        assertThat(plan.get("state").asText()).isEqualTo("RUNNING");
        assertThat(plan.get("step").asInt()).isEqualTo(1);
        assertThat(plan.at("/gates/maxP99Ms").asLong()).isEqualTo(1500);
        assertThat(plan.at("/gates/maxFallbackRate").asDouble()).as("config's default").isEqualTo(0.05);
        assertThat(plan.at("/driver/holding").asBoolean()).isTrue();
        assertThat(plan.at("/driver/holder").asText()).isEqualTo(plan.at("/driver/thisInstance").asText());
        awaitTrue("judged", Duration.ofSeconds(5), () -> !migration().at("/plan/lastVerdict").isNull());
        assertThat(migration().at("/plan/lastVerdict/verdict").asText()).as("a test sends few homes").isEqualTo("hold");
        JsonNode newest = Http.body(APP.adminGet("/migration/history?limit=1"), 200).at("/changes/0");
        assertThat(newest.get("actor").asText()).isEqualTo("plan");
        assertThat(newest.get("reason").asText()).contains("plan step 1 of 2: 1 %", "alice");
        JsonNode auto = migration().get("autoRollback");
        assertThat(auto.get("enabled").asBoolean()).as("test-config.yml turns it off").isFalse();
        assertThat(auto.get("window").asText()).isEqualTo("PT5M");

        refused("rollout-plan", Map.of("steps", "1,50"), "a plan is already running");
        assertThat(APP.task("rollout-plan-pause", Map.of("reason", "lunch"))).contains("plan PAUSED", "lunch");
        assertThat(migration().at("/plan/state").asText()).isEqualTo("PAUSED");
        refused("rollout-plan-pause", Map.of(), "pause needs one RUNNING");
        assertThat(APP.task("rollout-plan-resume", Map.of())).contains("plan RUNNING", "resumed by");
        assertThat(APP.task("rollout-plan-abort", Map.of("by", "bob"))).contains("plan ABORTED",
                "aborted by admin (open admin port) by bob", "the rollout stays where it was");
        assertThat(APP.task("rollout-plan", Map.of())).contains("plan ABORTED");
        assertThat(migration().get("rolloutPercent").asText()).as("abort leaves the rollout").isEqualTo("1");

        APP.task("rollout", Map.of("percent", "100"));
    }

    @Test
    void badParametersAre400ProblemsSayingWhatIsAccepted() {
        refused("rollout-plan", Map.of("steps", "5,1"), "steps are ascending percentages above 0 and at most 100");
        refused("rollout-plan", Map.of("steps", "1,x"), "'x' is not a number");
        refused("rollout-plan", Map.of("steps", "0,5"), "ascending percentages above 0");
        refused("rollout-plan", Map.of("dwell", "ten minutes please"), "dwell is a duration such as 10m");
        refused("rollout-plan", Map.of("maxFallbackRate", "5"), "maxFallbackRate is a share from 0 to 1");
        refused("rollout-plan", Map.of("maxMismatchRate", "lots"), "maxMismatchRate is a share from 0 to 1");
        refused("rollout-plan", Map.of("minSamples", "0"), "minSamples is 1 or more");
        refused("rollout-plan", Map.of("maxP99", "0s"), "maxP99 is a positive duration");
        refused("rollout-plan", Map.of("maxP99", "11s"), "maxP99 is at most 10s");
        refused("rollout-plan", Map.of("dwell", "999999999999d"), "dwell is how long each step lasts at least, from");
        refused("rollout-plan", Map.of("stpes", "1,5"), "rollout-plan has no parameter 'stpes'");
        refused("rollout-plan-abort", Map.of("now", "yes"), "rollout-plan-abort has no parameter 'now'");
        refused("rollout-plan", Map.of("steps", "1", "reason", "a\nb"), "reason is one line of text");
    }
}
