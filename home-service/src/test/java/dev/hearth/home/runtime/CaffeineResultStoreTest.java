package dev.hearth.home.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.dsl.spi.ResultKey;
import dev.hearth.dsl.spi.ResultStore;
import dev.hearth.dsl.spi.StoredResult;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The behaviours aggregation-dsl's ResultStoreTest asserts of the engine's own in-memory store. */
class CaffeineResultStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private static ResultKey key(String customer) {
        return new ResultKey("home", "balances", "balances", customer);
    }

    @Test
    void theStoreEvictsTheLeastRecentlyUsedEntry() {
        ResultStore store = new CaffeineResultStore(2);
        store.put(key("c-1"), "v1", T0);
        store.put(key("c-2"), "v2", T0);
        assertThat(store.get(key("c-1"))).isPresent();

        store.put(key("c-3"), "v3", T0);

        assertThat(store.get(key("c-2"))).as("least recently used").isEmpty();
        assertThat(store.get(key("c-1"))).contains(new StoredResult("v1", T0));
        assertThat(store.get(key("c-3"))).contains(new StoredResult("v3", T0));
    }

    @Test
    void itNeverHoldsMoreThanItsCapacity() {
        CaffeineResultStore store = new CaffeineResultStore(100);
        IntStream.range(0, 10_000).forEach(i -> store.put(key("c-" + i), "v" + i, T0));

        assertThat(store.size()).isEqualTo(100);
        assertThat(IntStream.range(0, 10_000).filter(i -> store.get(key("c-" + i)).isPresent()).count())
                .isEqualTo(100);
        assertThat(store).hasToString("ResultStore[in memory, 100/100 entries]");
    }

    @Test
    void aValueFetchedEarlierDoesNotReplaceOneFetchedLater() {
        ResultStore store = new CaffeineResultStore(10);
        store.put(key("c-1"), "later", T0.plusSeconds(2));
        store.put(key("c-1"), "earlier", T0.plusSeconds(1));
        assertThat(store.get(key("c-1"))).contains(new StoredResult("later", T0.plusSeconds(2)));
        store.put(key("c-1"), "latest", T0.plusSeconds(3));
        assertThat(store.get(key("c-1"))).contains(new StoredResult("latest", T0.plusSeconds(3)));
    }

    @Test
    void keysDifferByScreenPathPortAndInput() {
        ResultStore store = new CaffeineResultStore(10);
        store.put(new ResultKey("home", "balances", "balances", "c-1"), "v", T0);
        assertThat(store.get(new ResultKey("detail", "balances", "balances", "c-1"))).isEmpty();
        assertThat(store.get(new ResultKey("home", "other", "balances", "c-1"))).isEmpty();
        assertThat(store.get(new ResultKey("home", "balances", "other", "c-1"))).isEmpty();
        assertThat(store.get(new ResultKey("home", "balances", "balances", "c-2"))).isEmpty();
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new CaffeineResultStore(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
