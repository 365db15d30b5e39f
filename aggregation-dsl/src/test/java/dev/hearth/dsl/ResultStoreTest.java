package dev.hearth.dsl;

import static dev.hearth.dsl.Harness.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.dsl.spi.ResultKey;
import dev.hearth.dsl.spi.ResultStore;
import dev.hearth.dsl.spi.StoredResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ResultStoreTest {
    private static final Instant T0 = VirtualTime.EPOCH;

    private static ResultKey key(String customer) {
        return new ResultKey("home", "balances", "balances", customer);
    }

    @Test
    void theInMemoryStoreEvictsTheLeastRecentlyUsedEntry() {
        ResultStore store = ResultStore.inMemory(2);
        store.put(key("c-1"), "v1", T0);
        store.put(key("c-2"), "v2", T0);
        assertThat(store.get(key("c-1"))).isPresent();

        store.put(key("c-3"), "v3", T0);

        assertThat(store.get(key("c-2"))).as("least recently used").isEmpty();
        assertThat(store.get(key("c-1"))).contains(new StoredResult("v1", T0));
        assertThat(store.get(key("c-3"))).contains(new StoredResult("v3", T0));
    }

    @Test
    void aValueFetchedEarlierDoesNotReplaceOneFetchedLater() {
        ResultStore store = ResultStore.inMemory(10);
        store.put(key("c-1"), "later", T0.plusSeconds(2));
        store.put(key("c-1"), "earlier", T0.plusSeconds(1));
        assertThat(store.get(key("c-1"))).contains(new StoredResult("later", T0.plusSeconds(2)));
        store.put(key("c-1"), "latest", T0.plusSeconds(3));
        assertThat(store.get(key("c-1"))).contains(new StoredResult("latest", T0.plusSeconds(3)));
    }

    @Test
    void keysDifferByScreenPathPortAndInput() {
        ResultStore store = ResultStore.inMemory(10);
        store.put(new ResultKey("home", "balances", "balances", "c-1"), "v", T0);
        assertThat(store.get(new ResultKey("detail", "balances", "balances", "c-1"))).isEmpty();
        assertThat(store.get(new ResultKey("home", "other", "balances", "c-1"))).isEmpty();
        assertThat(store.get(new ResultKey("home", "balances", "other", "c-1"))).isEmpty();
        assertThat(store.get(new ResultKey("home", "balances", "balances", "c-2"))).isEmpty();
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> ResultStore.inMemory(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> AggregationEngine.builder(String.class).resultStoreCapacity(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEnginesStoreIsBoundedByItsCapacity() {
        try (Harness h = new Harness()) {
            java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
            h.port("balances", String.class, String.class, 10, in -> {
                if (down.get()) {
                    throw new IllegalStateException("down");
                }
                return "balances of " + in;
            }).tune(b -> b.resultStoreCapacity(1));
            Screen screen = Screen.builder("home").budget(ms(800)).section(Section.builder("balances")
                    .port("balances").optional().fallback(Fallback.stale(Duration.ofMinutes(10))).build()).build();
            AggregationEngine<String> engine = h.engine();
            CompiledScreen<String> compiled = engine.compile(screen);
            engine.execute(compiled, ScreenRequest.builder("c-1").requestId("r1").build());
            engine.execute(compiled, ScreenRequest.builder("c-2").requestId("r2").build());

            down.set(true);

            assertThat(engine.execute(compiled, ScreenRequest.builder("c-1").requestId("r3").build())
                    .section("balances").orElseThrow().status()).as("evicted").isEqualTo(SectionStatus.FAILED);
            assertThat(engine.execute(compiled, ScreenRequest.builder("c-2").requestId("r4").build())
                    .section("balances").orElseThrow().status()).isEqualTo(SectionStatus.STALE);
        }
    }

    /** A shared store expires its entries: the engine says how long each value can be of use, the longer window. */
    @Test
    void theStoreIsToldToKeepAValueForTheLongerOfFreshnessAndStale() {
        Recording recording = new Recording();
        try (Harness h = new Harness()) {
            h.port("balances", String.class, String.class, 10, in -> "balances of " + in)
                    .tune(b -> b.resultStore(recording));
            Screen screen = Screen.builder("home").budget(ms(800))
                    .section(Section.builder("fresh").port("balances").optional().freshness(Duration.ofSeconds(30))
                            .fallback(Fallback.stale(Duration.ofMinutes(10))).build())
                    .section(Section.builder("staleOnly").port("balances").optional()
                            .fallback(Fallback.stale(Duration.ofMinutes(2))).build())
                    .section(Section.builder("freshOnly").port("balances").optional().freshness(Duration.ofSeconds(45))
                            .fallback(Fallback.omit()).build())
                    .build();
            AggregationEngine<String> engine = h.engine();
            engine.execute(engine.compile(screen), ScreenRequest.builder("c-1").requestId("r1").build());

            assertThat(recording.keptFor).containsExactlyInAnyOrder(Duration.ofMinutes(10), Duration.ofMinutes(2),
                    Duration.ofSeconds(45));
        }
    }

    /**
     * A call that times out is completed on the timer's thread; a store that waits on a network (Redis) must not hold
     * that thread, which every deadline shares: the stale value is looked up on an engine thread.
     */
    @Test
    void aStaleValueIsLookedUpOnAnEngineThreadNotOnTheTimersWhenTheCallTimesOut() {
        Recording recording = new Recording();
        try (Harness h = new Harness()) {
            h.port("balances", String.class, String.class, 10, in -> "balances of " + in)
                    .tune(b -> b.resultStore(recording));
            Screen screen = Screen.builder("home").budget(ms(800)).section(Section.builder("balances")
                    .port("balances").optional().fallback(Fallback.stale(Duration.ofMinutes(10))).build()).build();
            AggregationEngine<String> before = h.engine();
            before.execute(before.compile(screen), ScreenRequest.builder("c-1").requestId("r1").build());

            PortDefinition<String, ?, ?> slow = h.ports().find("balances").orElseThrow().withTimeout(ms(5));
            AggregationEngine<String> after = before.withPorts(PortRegistry.<String>builder().register(slow).build());
            SectionResult result = after.execute(after.compile(screen),
                    ScreenRequest.builder("c-1").requestId("r2").build()).section("balances").orElseThrow();

            assertThat(result.status()).isEqualTo(SectionStatus.STALE);
            assertThat(result.reason()).contains(Reason.TIMEOUT);
            assertThat(recording.lookedUpOn).isNotEmpty().allSatisfy(t -> assertThat(h.threads).as("engine threads").contains(t));
        }
    }

    /** The in-memory store, recording how long the engine asks it to keep each value and where it is looked up. */
    private static final class Recording implements ResultStore {
        final List<Duration> keptFor = new CopyOnWriteArrayList<>();
        final List<Thread> lookedUpOn = new CopyOnWriteArrayList<>();
        private final ResultStore inner = ResultStore.inMemory(10);

        @Override
        public void put(ResultKey key, Object value, Instant fetchedAt) {
            inner.put(key, value, fetchedAt);
        }

        @Override
        public void put(ResultKey key, Object value, Instant fetchedAt, Duration keepFor) {
            keptFor.add(keepFor);
            inner.put(key, value, fetchedAt);
        }

        @Override
        public Optional<StoredResult> get(ResultKey key) {
            lookedUpOn.add(Thread.currentThread());
            return inner.get(key);
        }
    }
}
