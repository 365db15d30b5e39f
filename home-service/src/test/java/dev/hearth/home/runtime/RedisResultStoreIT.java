package dev.hearth.home.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.dsl.PortDefinition;
import dev.hearth.dsl.PortRegistry;
import dev.hearth.dsl.spi.ResultKey;
import dev.hearth.dsl.spi.StoredResult;
import dev.hearth.home.json.HearthJson;
import dev.hearth.home.runtime.RedisResultStore.Operation;
import dev.hearth.home.runtime.RedisResultStore.Outcome;
import dev.hearth.home.testing.Await;
import dev.hearth.home.testing.RedisServer;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.ExternalBalance;
import dev.hearth.ports.domain.model.Money;
import io.dropwizard.jackson.Jackson;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis-backed result store against a real redis-server (Debian's): shared between two stores as two instances
 * use it, fail-open within its deadline when Redis is down, slow or not there yet, and used again after Redis restarts.
 */
class RedisResultStoreIT {
    /** resultStore.operationTimeout's default, for the tests of Redis down or slow. */
    static final Duration DEADLINE = Duration.ofMillis(5);
    /**
     * What one store operation may cost the screen with Redis down or paused: the deadline and a generous margin for
     * a shared, busy test machine (a GC pause, a descheduled thread).
     */
    static final Duration BOUND = Duration.ofMillis(50);
    /** For the tests of what is stored: a cold JVM's first operations (class loading, JIT) can take longer than 5 ms. */
    static final Duration PATIENT = Duration.ofSeconds(2);
    static final Instant FETCHED = Instant.parse("2026-12-05T10:15:30.123456789Z");
    static final ObjectMapper JSON = HearthJson.configure(Jackson.newObjectMapper());
    static final PortRegistry<CustomerId> PORTS = PortRegistry.<CustomerId>builder()
            .register(PortDefinition.ofList("openBanking", CustomerId.class, ExternalBalance.class, (c, call) -> List.of()))
            .register(PortDefinition.of("profileName", CustomerId.class, String.class, (c, call) -> "x"))
            .build();
    static final List<ExternalBalance> BALANCES = List.of(
            new ExternalBalance("Other Bank", "DE** **** 1234", Money.of("1234.56", "EUR"), FETCHED),
            new ExternalBalance("Third Bank", "FR** **** 9876", Money.of("-10.00", "EUR"), FETCHED));

    final String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    final Counts counts = new Counts();
    final List<AutoCloseable> closing = new ArrayList<>();

    static ResultKey key(String customer) {
        return new ResultKey("home", "openBanking", "openBanking", new CustomerId(customer));
    }

    /** Counts of each operation's outcomes, and the longest a get took. */
    static final class Counts implements RedisResultStore.Events {
        final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        volatile long longestGetNanos;

        @Override
        public void operation(Operation operation, Outcome outcome, long nanos) {
            outcomes.computeIfAbsent(operation.label() + " " + outcome.label(), k -> new LongAdder()).increment();
            if (operation == Operation.GET && nanos > longestGetNanos) {
                longestGetNanos = nanos;
            }
        }

        long of(Operation operation, Outcome outcome) {
            LongAdder count = outcomes.get(operation.label() + " " + outcome.label());
            return count == null ? 0 : count.sum();
        }
    }

    RedisResultStore store(RedisServer redis, RedisResultStore.Events events) {
        return store(redis, events, DEADLINE);
    }

    RedisResultStore store(RedisServer redis, RedisResultStore.Events events, Duration deadline) {
        RedisResultStore store = RedisResultStore.start(new RedisResultStore.Settings(RedisURI.create(redis.uri()),
                deadline, prefix, Duration.ofSeconds(1)), JSON, PORTS, events);
        closing.add(store);
        return store;
    }

    RedisServer redis() {
        RedisServer redis = RedisServer.start();
        closing.add(redis);
        return redis;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    static void awaitConnected(RedisResultStore store) {
        Await.awaitTrue("the store connects to Redis", Duration.ofSeconds(10), store::connected);
    }

    /** Puts until the value can be read back: the store uses Redis (again). */
    static void awaitWorking(RedisResultStore store, ResultKey key) {
        Await.awaitTrue("the store keeps and finds values on Redis", Duration.ofSeconds(15), () -> {
            store.put(key, BALANCES, FETCHED, Duration.ofMinutes(10));
            Await.sleep(20);
            return store.get(key).isPresent();
        });
    }

    /**
     * What store operations took, in µs, on a shared machine whose threads are now and then descheduled for tens of
     * milliseconds: 95 % within {@link #BOUND}, none waiting for Redis (every one well under a second).
     */
    static void assertBounded(List<Long> micros, String what) {
        assertThat(percentile(micros, 95)).as("95 %% of %d %s, µs: %s", micros.size(), what, micros)
                .isLessThan(BOUND.toNanos() / 1_000);
        assertThat(percentile(micros, 100)).as("the longest of %s, µs: %s", what, micros)
                .isLessThan(Duration.ofMillis(500).toNanos() / 1_000);
    }

    static long percentile(List<Long> values, int percent) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * percent / 100.0) - 1));
    }

    @Test
    void aValueOneInstancePutsIsFoundByAnotherAsThePortsTypeWithItsFetchTime() {
        RedisServer redis = redis();
        RedisResultStore first = store(redis, counts, PATIENT);
        RedisResultStore second = store(redis, counts, PATIENT);
        awaitConnected(first);
        awaitConnected(second);

        first.put(key("alice"), BALANCES, FETCHED, Duration.ofMinutes(10));
        Await.awaitTrue("the put reached Redis", Duration.ofSeconds(5), () -> counts.of(Operation.PUT, Outcome.STORED) == 1);

        Optional<StoredResult> found = second.get(key("alice"));
        assertThat(found).contains(new StoredResult(BALANCES, FETCHED));
        assertThat(second.get(key("bob"))).isEmpty();
        assertThat(second.get(new ResultKey("account-detail", "openBanking", "openBanking", new CustomerId("alice"))))
                .as("another screen's value").isEmpty();
        assertThat(counts.of(Operation.GET, Outcome.HIT)).isEqualTo(1);
        assertThat(counts.of(Operation.GET, Outcome.MISS)).isEqualTo(2);

        List<String> keys = redis.keys();
        assertThat(keys).singleElement().asString()
                .matches(java.util.regex.Pattern.quote(prefix) + "home:openBanking:openBanking:[0-9a-f]{32}")
                .doesNotContain("alice");
        long ttl = redis.call(r -> r.pttl(keys.getFirst()));
        assertThat(ttl).as("expires after the longer window").isBetween(Duration.ofMinutes(9).toMillis(),
                Duration.ofMinutes(10).toMillis());
        String stored = redis.call(r -> r.hget(keys.getFirst(), "v"));
        assertThat(stored).contains("\"bankName\":\"Other Bank\"")
                .contains("\"asOf\":\"2026-12-05T10:15:30.123456789Z\"");
    }

    @Test
    void aValueFetchedEarlierDoesNotReplaceOneFetchedLater() {
        RedisServer redis = redis();
        RedisResultStore store = store(redis, counts, PATIENT);
        awaitConnected(store);
        ResultKey key = new ResultKey("home", "name", "profileName", new CustomerId("alice"));

        store.put(key, "later", FETCHED.plusNanos(2), Duration.ofMinutes(1));
        store.put(key, "earlier", FETCHED.plusNanos(1), Duration.ofMinutes(1));
        Await.awaitTrue("both puts answered", Duration.ofSeconds(5),
                () -> counts.of(Operation.PUT, Outcome.STORED) + counts.of(Operation.PUT, Outcome.KEPT_LATER) == 2);
        assertThat(store.get(key)).contains(new StoredResult("later", FETCHED.plusNanos(2)));
        assertThat(counts.of(Operation.PUT, Outcome.KEPT_LATER)).isEqualTo(1);

        store.put(key, "latest", FETCHED.plusSeconds(1), Duration.ofMinutes(1));
        Await.awaitTrue("the later value replaces it", Duration.ofSeconds(5),
                () -> store.get(key).map(StoredResult::value).filter("latest"::equals).isPresent());
    }

    @Test
    void startUpDoesNotWaitForRedisAndTheStoreConnectsWhenRedisComes() {
        RedisServer redis = RedisServer.notStarted();
        closing.add(redis);
        long started = System.nanoTime();
        RedisResultStore store = store(redis, counts);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("start-up waits for nothing")
                .isLessThan(Duration.ofMillis(500));

        List<Long> took = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long t = System.nanoTime();
            assertThat(store.get(key("alice"))).isEmpty();
            store.put(key("alice"), BALANCES, FETCHED, Duration.ofMinutes(10));
            took.add((System.nanoTime() - t) / 1_000);
        }
        assertBounded(took, "a get and a put before Redis is there");
        assertThat(counts.of(Operation.GET, Outcome.UNAVAILABLE)).isEqualTo(20);

        redis.restart();
        awaitWorking(store, key("alice"));
    }

    @Test
    void redisKilledMidUseCostsAGetNoMoreThanTheDeadlineAndARestartedRedisIsUsedAgain() {
        RedisServer redis = redis();
        RedisResultStore store = store(redis, counts);
        awaitConnected(store);
        awaitWorking(store, key("alice"));

        long failedBefore = counts.of(Operation.GET, Outcome.UNAVAILABLE) + counts.of(Operation.GET, Outcome.TIMEOUT)
                + counts.of(Operation.GET, Outcome.ERROR);
        redis.kill();
        List<Long> took = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long t = System.nanoTime();
            assertThat(store.get(key("alice"))).as("a miss: the call goes to the port").isEmpty();
            store.put(key("alice"), BALANCES, FETCHED, Duration.ofMinutes(10));
            took.add((System.nanoTime() - t) / 1_000);
            Await.sleep(10);
        }
        assertBounded(took, "a get and a put with Redis killed");
        assertThat(counts.of(Operation.GET, Outcome.UNAVAILABLE) + counts.of(Operation.GET, Outcome.TIMEOUT)
                + counts.of(Operation.GET, Outcome.ERROR) - failedBefore).isEqualTo(50);

        redis.restart();
        awaitWorking(store, key("alice"));
        assertThat(store.connected()).isTrue();
    }

    @Test
    void aPausedRedisCostsAGetNoMoreThanTheDeadline() {
        RedisServer redis = redis();
        RedisResultStore store = store(redis, counts);
        awaitConnected(store);
        awaitWorking(store, key("alice"));
        counts.longestGetNanos = 0;
        long timeoutsBefore = counts.of(Operation.GET, Outcome.TIMEOUT);

        redis.pause(Duration.ofSeconds(3));
        long pausedAt = System.nanoTime();
        List<Long> took = new ArrayList<>();
        while (System.nanoTime() - pausedAt < Duration.ofMillis(1500).toNanos()) {
            long t = System.nanoTime();
            assertThat(store.get(key("alice"))).as("Redis answers nothing: a miss").isEmpty();
            took.add((System.nanoTime() - t) / 1_000);
        }
        int gets = took.size();
        assertBounded(took, "gets on a paused Redis");
        assertThat(percentile(took, 50)).as("the median get ends at the deadline, µs: %s", took)
                .isLessThan(DEADLINE.plusMillis(3).toNanos() / 1_000);
        assertThat(counts.of(Operation.GET, Outcome.TIMEOUT) - timeoutsBefore).isEqualTo(gets);
        assertThat(Duration.ofNanos(counts.longestGetNanos)).as("a get waits for the deadline, no less")
                .isGreaterThanOrEqualTo(DEADLINE);

        redis.unpause();
        Await.awaitTrue("Redis answers again after its pause", Duration.ofSeconds(10),
                () -> store.get(key("alice")).isPresent());
    }
}
