package dev.hearth.home.runtime;

import static dev.hearth.home.testing.Http.section;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.observability.PrometheusText;
import dev.hearth.home.testing.Await;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import dev.hearth.home.testing.RedisServer;
import dev.hearth.home.testing.Timed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hearth instances sharing their freshness and stale values on a real Redis (Debian's redis-server): a fleet of two
 * makes as many open-banking calls as one instance; a stale value outlives the instance that fetched it; Redis killed
 * or paused mid-test slows no screen past its deadline and fails none, and a restarted Redis is used again.
 */
class SharedResultStoreIT {
    /** Demo customers; not alice, whose home the sandbox's warm-up shows at every start. */
    static final List<String> CUSTOMERS = List.of("bob", "carol", "dave");
    /** The screen latency Redis down or slow may add, with resultStore.operationTimeout at its 5 ms default. */
    static final Duration OVERHEAD = Duration.ofMillis(50);
    static RedisServer redis;
    final List<HearthApp> apps = new ArrayList<>();
    final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void stopApps() {
        apps.reversed().forEach(HearthApp::stop);
        if (redis.isRunning()) {
            redis.unpause();
            redis.call(r -> r.flushall());
        }
    }

    /**
     * An instance on the shared Redis (screens as shipped, or with home.yml replaced). What is shared is tested with a
     * patient store: a cold test JVM on a busy machine can miss the 5 ms default now and then (a miss is a call to the
     * port, which these tests count); the deadline is tested with the default.
     */
    HearthApp instance(Map<String, String> screens) throws Exception {
        return instance(screens, "250ms");
    }

    HearthApp instance(Map<String, String> screens, String operationTimeout) throws Exception {
        HearthApp app = HearthApp.onTestConfig()
                .override("resultStore.redisUri", redis.uri())
                .override("resultStore.keyPrefix", prefix)
                .override("resultStore.operationTimeout", operationTimeout);
        if (!screens.isEmpty()) {
            app.withScreenCopy(screens);
        }
        apps.add(app);
        app.start();
        return app;
    }

    /** The calls the instance's open-banking downstream (its sandbox) received: the paid ones. */
    static long openBankingCalls(HearthApp app) {
        return (Long) app.gauge("hearth.sandbox.calls.openBanking");
    }

    static double storeOperations(HearthApp app, String operation, String outcome) {
        return PrometheusText.sample(app.prometheus(), "hearth_result_store_operations_total", "operation", operation,
                "outcome", outcome).orElseThrow();
    }

    /**
     * Three rounds of every customer's home within open banking's 30 s freshness, each customer's requests going to
     * every instance in turn; returns the open-banking calls all of them made.
     */
    static long traffic(List<HearthApp> fleet) {
        long before = fleet.stream().mapToLong(SharedResultStoreIT::openBankingCalls).sum();
        for (int round = 0; round < 3; round++) {
            for (int c = 0; c < CUSTOMERS.size(); c++) {
                HearthApp app = fleet.get((round + c) % fleet.size()); // each customer meets every instance
                JsonNode openBanking = section(app.json("/v1/home", CUSTOMERS.get(c)), "openBanking");
                assertThat(openBanking.get("status").asText()).isEqualTo("OK");
            }
        }
        return fleet.stream().mapToLong(SharedResultStoreIT::openBankingCalls).sum() - before;
    }

    @Test
    void aFleetOfTwoMakesAsManyOpenBankingCallsAsOneInstance() throws Exception {
        long one = traffic(List.of(instance(Map.of())));
        redis.call(r -> r.flushall());
        HearthApp first = instance(Map.of());
        HearthApp second = instance(Map.of());
        long secondBefore = openBankingCalls(second);
        long fleet = traffic(List.of(first, second));

        assertThat(one).as("one instance: one call per customer within the freshness window")
                .isEqualTo(CUSTOMERS.size());
        assertThat(fleet).as("two instances sharing Redis, each customer served by both").isEqualTo(one);
        assertThat(openBankingCalls(second) - secondBefore).as("the second instance found the first one's values")
                .isLessThan(CUSTOMERS.size());
    }

    @Test
    void aStaleValueOutlivesTheInstanceThatFetchedIt() throws Exception {
        Map<String, String> freshForOneSecond = Map.of("home.yml", homeFreshFor(Duration.ofSeconds(1)));
        HearthApp before = instance(freshForOneSecond);
        JsonNode good = section(before.json("/v1/home", "bob"), "openBanking");
        assertThat(good.get("status").asText()).isEqualTo("OK");
        assertThat(good.get("data")).isNotEmpty();
        before.stop();

        HearthApp after = instance(freshForOneSecond);
        after.sandboxFault("openBanking", "errorRate", "1");
        Await.sleep(1_100); // past the 1 s freshness window: open banking is called, and fails
        JsonNode stale = section(after.json("/v1/home", "bob"), "openBanking");

        assertThat(stale.get("status").asText()).as(stale.toString()).isEqualTo("STALE");
        assertThat(stale.get("data")).as("the last good value, fetched by the instance before").isEqualTo(good.get("data"));
        assertThat(openBankingCalls(after)).as("the new instance did call open banking").isPositive();
    }

    @Test
    void redisKilledOrPausedNeverFailsAScreenNorSlowsItPastTheDeadlineAndARestartedRedisIsUsedAgain()
            throws Exception {
        HearthApp app = instance(Map.of(), "5ms");
        for (int i = 0; i < 10; i++) { // warm: the JIT, the pools, and alice's value on Redis
            app.json("/v1/home", "alice");
        }
        long up = medianLatency(app);
        assertThat(storeOperations(app, "get", "hit")).isPositive();

        redis.kill();
        long killed = medianLatency(app);
        assertThat(storeOperations(app, "get", "unavailable") + storeOperations(app, "get", "timeout")
                + storeOperations(app, "get", "error")).as("gets that found no Redis").isGreaterThanOrEqualTo(15);

        redis.restart();
        double hits = storeOperations(app, "get", "hit");
        Await.awaitTrue("the restarted Redis is used again", Duration.ofSeconds(20), () -> {
            app.json("/v1/home", "alice");
            return storeOperations(app, "get", "hit") > hits;
        });

        double timeouts = storeOperations(app, "get", "timeout");
        redis.pause(Duration.ofSeconds(5));
        long paused = medianLatency(app);
        redis.unpause();
        assertThat(storeOperations(app, "get", "timeout") - timeouts).as("gets past the deadline")
                .isGreaterThanOrEqualTo(15);

        assertThat(Duration.ofMillis(killed - up)).as("Redis killed: median %d ms, with Redis %d ms", killed, up)
                .isLessThan(OVERHEAD);
        assertThat(Duration.ofMillis(paused - up)).as("Redis paused: median %d ms, with Redis %d ms", paused, up)
                .isLessThan(OVERHEAD);
    }

    /**
     * The median of 15 homes of alice, in ms; each must answer 200 with open banking OK, and none may wait for Redis:
     * each under a second, where Redis is paused for 5 s (a bound a busy test machine keeps; the median is the
     * measure).
     */
    static long medianLatency(HearthApp app) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            Timed timed = app.timed("/v1/home", "alice");
            JsonNode openBanking = section(Http.body(timed.response(), 200), "openBanking");
            assertThat(openBanking.get("status").asText()).isEqualTo("OK");
            millis.add(timed.took().toMillis());
        }
        assertThat(millis.stream().mapToLong(Long::longValue).max().orElseThrow()).as("ms: %s", millis)
                .isLessThan(1_000);
        return millis.stream().sorted().toList().get(millis.size() / 2);
    }

    /** screens/home.yml with open banking fresh for {@code freshness} instead of 30 s. */
    static String homeFreshFor(Duration freshness) throws IOException {
        String home = Files.readString(Path.of("../screens/home.yml"));
        assertThat(home).contains("freshness: 30s");
        return home.replace("freshness: 30s", "freshness: " + freshness.toSeconds() + "s");
    }
}
