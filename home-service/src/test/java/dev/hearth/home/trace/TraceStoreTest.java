package dev.hearth.home.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.dsl.SectionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceStoreTest {
    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void keepsOnlyTheSlowestOfTheCompleteOnes() {
        TraceStore store = new TraceStore(3, 10);
        int[] millis = {50, 10, 80, 20, 70, 5, 60};
        for (int i = 0; i < millis.length; i++) {
            store.offer(trace("r" + i, i, millis[i], true));
        }

        assertThat(store.all()).extracting(Trace::requestId).containsExactlyInAnyOrder("r2", "r4", "r6");
        assertThat(store.offer(trace("fast", 10, 1, true))).as("faster than every kept one").isFalse();
        assertThat(store.size()).isEqualTo(3);
    }

    @Test
    void keepsTheMostRecentDegradedWhateverTheirSpeed() {
        TraceStore store = new TraceStore(1, 2);
        store.offer(trace("slow-ok", 0, 500, true));
        store.offer(trace("d1", 1, 1, false));
        store.offer(trace("d2", 2, 1, false));
        store.offer(trace("d3", 3, 1, false));

        assertThat(store.all()).extracting(Trace::requestId).containsExactly("d3", "d2", "slow-ok");
        assertThat(store.find("d1")).isEmpty();
    }

    @Test
    void aTraceBothSlowAndDegradedIsListedOnce() {
        TraceStore store = new TraceStore(5, 5);
        store.offer(trace("both", 0, 900, false));

        assertThat(store.all()).extracting(Trace::requestId).containsExactly("both");
    }

    @Test
    void anUpdateChangesATraceWhereverItIsKeptAndOnlyOnce() {
        TraceStore store = new TraceStore(5, 5);
        store.offer(trace("both", 0, 900, false));
        store.offer(trace("other", 1, 10, false));

        assertThat(store.update("both", t -> new Trace(t.requestId(), t.screenId(), t.start(), t.end(), t.sections(),
                t.failure(), t.calls(), t.droppedCalls() + 1))).isTrue();

        assertThat(store.all()).extracting(Trace::requestId).containsExactly("other", "both");
        assertThat(store.find("both").orElseThrow().droppedCalls()).isEqualTo(1);
        assertThat(store.update("never-kept", t -> t)).isFalse();
    }

    @Test
    void memoryStaysBoundedWhateverIsOffered() {
        TraceStore store = new TraceStore(50, 100);
        for (int i = 0; i < 10_000; i++) {
            store.offer(trace("r" + i, i, i % 997, i % 3 == 0));
        }

        assertThat(store.size()).isLessThanOrEqualTo(150);
    }

    @Test
    void refusesToKeepNothing() {
        assertThatThrownBy(() -> new TraceStore(0, 0)).hasMessageContaining("at least one");
    }

    /** A trace that started {@code startSecond} s after T0 and took {@code millis}; degraded when not {@code ok}. */
    static Trace trace(String requestId, int startSecond, long millis, boolean ok) {
        Instant start = T0.plusSeconds(startSecond);
        var section = new Trace.SectionSummary("banners", ok ? SectionStatus.OK : SectionStatus.FALLBACK,
                ok ? Optional.empty() : Optional.of("TIMEOUT"), 0);
        return new Trace(requestId, "home", start, start.plus(Duration.ofMillis(millis)), List.of(section),
                Optional.empty(), List.of(), 0);
    }
}
