package dev.hearth.home;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.adapters.out.persistence.PostgresFixture;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Experiments across the fleet (issue 30, docs/adr/029-experiments.md): two Hearth instances on one real PostgreSQL
 * (embedded), each reading the experiments every second ({@code experiments.pollInterval}). An experiment started
 * through one instance's admin task is served by the other within the poll interval (plus margin), each customer in
 * the same arm on both; stopped through the other instance, it is gone from both.
 */
class ExperimentTwoInstancesIT {
    /** The poll interval is 1 s; a generous margin for two JVM-shared instances on a loaded CI machine. */
    static final Duration WITHIN = Duration.ofSeconds(3);
    static HearthApp first;
    static HearthApp second;

    @BeforeAll
    static void twoInstancesOnePostgres() throws Exception {
        PostgresFixture.Database database = PostgresFixture.newDatabase();
        String screens = ExperimentIT.screens();
        first = instance(database, screens);
        first.start();
        second = instance(database, screens);
        second.start();
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.stop();
        }
        if (first != null) {
            first.stop();
        }
    }

    private static HearthApp instance(PostgresFixture.Database database, String screens) {
        return HearthApp.onTestConfig()
                .onDatabase(database)
                .override("screens", screens)
                .override("experiments.pollInterval", "1s");
    }

    private static Optional<String> arm(HearthApp app, String customer) {
        HttpResponse<String> response = app.get("/v1/home", customer, Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("X-Hearth-Arm");
    }

    /** Waits until {@code app} serves {@code customer} in an arm ({@code in}) or in none; the time it took. */
    private static long await(HearthApp app, String customer, boolean in) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + WITHIN.toNanos();
        while (arm(app, customer).isPresent() != in) {
            assertThat(System.nanoTime()).as("followed within %s", WITHIN).isLessThan(deadline);
            Thread.sleep(50);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void anExperimentStartedOnOneInstanceIsServedByBothWithinThePollIntervalAndStoppedOnBoth() throws Exception {
        assertThat(arm(second, "alice")).isEmpty();

        first.task("experiment-start", Map.of("screen", "home", "name", "fleet-compact", "arms",
                "default:50,compact:50", "by", "alice"));
        assertThat(arm(first, "alice")).as("the instance that made the change, at once").isPresent();
        long followed = await(second, "alice", true);
        System.out.printf("ExperimentTwoInstancesIT: the other instance followed the start in %d ms%n", followed);
        assertThat(Http.body(second.adminGet("/version"), 200).get("experiments").toString())
                .as("GET /version: what the fleet follows, the same on both")
                .isEqualTo("[\"home/fleet-compact default:50,compact:50 (version 1)\"]")
                .isEqualTo(Http.body(first.adminGet("/version"), 200).get("experiments").toString());
        for (String customer : ExperimentIT.CUSTOMERS) {
            assertThat(arm(second, customer)).as(customer + ": the same arm on both").isEqualTo(arm(first, customer));
        }

        second.task("experiment-stop", Map.of("screen", "home", "name", "fleet-compact", "reason", "done"));
        assertThat(arm(second, "alice")).isEmpty();
        await(first, "alice", false);
    }
}
