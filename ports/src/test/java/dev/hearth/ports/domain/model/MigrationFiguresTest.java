package dev.hearth.ports.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationFiguresTest {
    static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");

    static LatencyHistogram latencies(long millis, int times) {
        LatencyHistogram histogram = LatencyHistogram.empty();
        for (int i = 0; i < times; i++) {
            histogram = histogram.with(Duration.ofMillis(millis));
        }
        return histogram;
    }

    @Test
    void nanosFallInTheBucketsOfTheirDuration() {
        for (long nanos : new long[] {0, 1, 999_999, 1_000_000, 1_000_001, 7_500_000, 10_000_000_000L,
                10_000_000_001L, Long.MAX_VALUE}) {
            assertThat(LatencyHistogram.bucketOfNanos(nanos)).as("%d ns", nanos)
                    .isEqualTo(LatencyHistogram.bucketOf(Duration.ofNanos(nanos)));
        }
    }

    @Test
    void bucketsRoundUpAndEndInAnOpenBucket() {
        assertThat(LatencyHistogram.bucketOf(Duration.ZERO)).isZero();
        assertThat(LatencyHistogram.bucketOf(Duration.ofNanos(-5))).isZero();
        assertThat(LatencyHistogram.bucketOf(Duration.ofMillis(1))).isZero();
        assertThat(LatencyHistogram.bucketOf(Duration.ofMillis(1).plusNanos(1))).isEqualTo(1);
        assertThat(LatencyHistogram.bucketOf(Duration.ofMillis(10_000))).isEqualTo(LatencyHistogram.BOUNDS_MS.size() - 1);
        assertThat(LatencyHistogram.bucketOf(Duration.ofMillis(10_001))).isEqualTo(LatencyHistogram.BOUNDS_MS.size());
        // Regression: a latency past Long.MAX_VALUE nanoseconds (292 years) threw from toNanos() instead of counting
        assertThat(LatencyHistogram.bucketOf(Duration.ofDays(365L * 1000))).isEqualTo(LatencyHistogram.BOUNDS_MS.size());
    }

    @Test
    void aQuantileIsTheUpperBoundOfItsBucket() {
        LatencyHistogram histogram = latencies(4, 99).plus(latencies(900, 1));
        assertThat(histogram.total()).isEqualTo(100);
        assertThat(histogram.quantile(0.99)).contains(Duration.ofMillis(5));
        assertThat(histogram.quantile(1.0)).contains(Duration.ofMillis(1000));
        assertThat(histogram.quantile(0.5)).contains(Duration.ofMillis(5));
    }

    @Test
    void aQuantileIsNotPushedIntoTheNextBucketByRounding() {
        // Regression: 0.07 * 100 is 7.000000000000001 in doubles; its ceiling ranked the 8th latency, not the 7th
        LatencyHistogram histogram = latencies(1, 7).plus(latencies(2000, 93));
        assertThat(histogram.quantile(0.07)).contains(Duration.ofMillis(1));
        assertThat(histogram.quantile(0.08)).contains(Duration.ofMillis(2000));
        for (int total = 1; total <= 1000; total++) {
            long under = (long) Math.round(0.99 * total);
            LatencyHistogram mixed = latencies(1, (int) under).plus(latencies(2000, total - (int) under));
            Duration expected = under * 100 >= 99L * total ? Duration.ofMillis(1) : Duration.ofMillis(2000);
            assertThat(mixed.quantile(0.99)).as("p99 of %d latencies, %d of 1 ms", total, under).contains(expected);
        }
    }

    @Test
    void aQuantileOfNothingIsEmptyAndOneOverTheLargestBoundIsThatBound() {
        assertThat(LatencyHistogram.empty().quantile(0.99)).isEmpty();
        assertThat(latencies(60_000, 3).quantile(0.99)).contains(Duration.ofMillis(10_000));
        assertThat(latencies(0, 1).quantile(0.01)).contains(Duration.ofMillis(1));
        for (double wrong : new double[] {0, -0.5, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> LatencyHistogram.empty().quantile(wrong))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("e.g. 0.99");
        }
    }

    @Test
    void aHistogramHasOneCountPerBucketNoneNegative() {
        assertThatThrownBy(() -> new LatencyHistogram(List.of(1L, 2L))).hasMessageContaining("buckets, not 2");
        List<Long> negative = new java.util.ArrayList<>(Collections.nCopies(LatencyHistogram.BOUNDS_MS.size() + 1, 0L));
        negative.set(3, -1L);
        assertThatThrownBy(() -> new LatencyHistogram(negative)).hasMessageContaining("negative");
    }

    @Test
    void theFleetsFiguresAreTheSumOfItsTallies() {
        MigrationTally a1 = new MigrationTally("a", T0, T0.plusSeconds(1), 90, 10, 20, 4,
                Map.of("accounts", 3L, "cards", 1L), latencies(40, 90));
        MigrationTally a2 = new MigrationTally("a", T0.plusSeconds(1), T0.plusSeconds(2), 10, 0, 5, 1,
                Map.of("cards", 1L), latencies(40, 10));
        MigrationTally b = new MigrationTally("b", T0, T0.plusSeconds(1), 100, 90, 25, 5,
                Map.of("accounts", 2L, "offers", 5L), latencies(1500, 100));

        MigrationFigures figures = MigrationFigures.sum(T0, T0.plusSeconds(10), List.of(a1, a2, b));

        assertThat(figures.instances()).isEqualTo(2);
        assertThat(figures.hearthServed()).isEqualTo(200);
        assertThat(figures.fallbacks()).isEqualTo(100);
        assertThat(figures.routedToHearth()).isEqualTo(300);
        assertThat(figures.fallbackRate().getAsDouble()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(figures.compared()).isEqualTo(50);
        assertThat(figures.mismatched()).isEqualTo(10);
        assertThat(figures.mismatchRate().getAsDouble()).isCloseTo(0.2, within(1e-9));
        assertThat(figures.mismatchedBySection()).containsExactlyInAnyOrderEntriesOf(
                Map.of("accounts", 5L, "cards", 2L, "offers", 5L));
        assertThat(figures.sectionMismatchRates()).containsExactlyEntriesOf(
                new java.util.TreeMap<>(Map.of("accounts", 0.1, "cards", 0.04, "offers", 0.1)));
        assertThat(figures.hearthLatency().total()).isEqualTo(200);
        assertThat(figures.hearthP99()).contains(Duration.ofMillis(1600));
    }

    @Test
    void theWorstSectionHasTheMostMismatchesTheFirstByIdOnATie() {
        MigrationFigures tie = new MigrationFigures(T0, T0, 1, 0, 0, 10, 5, Map.of("offers", 5L, "accounts", 5L,
                "cards", 1L), LatencyHistogram.empty());
        assertThat(tie.worstSection()).contains("accounts");
        MigrationFigures one = new MigrationFigures(T0, T0, 1, 0, 0, 10, 5, Map.of("offers", 5L, "accounts", 4L),
                LatencyHistogram.empty());
        assertThat(one.worstSection()).contains("offers");
        assertThat(new MigrationFigures(T0, T0, 1, 0, 0, 10, 0, Map.of("cards", 0L), LatencyHistogram.empty())
                .worstSection()).isEmpty();
    }

    @Test
    void nothingCountedHasNoRates() {
        MigrationFigures none = MigrationFigures.none(T0, T0.plusSeconds(300));
        assertThat(none.fallbackRate()).isEmpty();
        assertThat(none.mismatchRate()).isEmpty();
        assertThat(none.sectionMismatchRates()).isEmpty();
        assertThat(none.worstSection()).isEmpty();
        assertThat(none.hearthP99()).isEmpty();
        assertThat(MigrationFigures.sum(T0, T0.plusSeconds(300), List.of())).isEqualTo(none);
    }

    @Test
    void aTallysCountsAreConsistent() {
        assertThatThrownBy(() -> new MigrationTally("a", T0, T0.minusSeconds(1), 0, 0, 0, 0, Map.of(),
                LatencyHistogram.empty())).hasMessageContaining("ends after it starts");
        assertThatThrownBy(() -> new MigrationTally("a", T0, T0, 0, 0, 1, 2, Map.of(), LatencyHistogram.empty()))
                .hasMessageContaining("mismatched <= compared");
        // a sample counts once per section, so no section has more than the mismatched samples
        assertThatThrownBy(() -> new MigrationTally("a", T0, T0, 0, 0, 5, 1, Map.of("accounts", 2L),
                LatencyHistogram.empty())).hasMessageContaining("accounts");
        assertThatThrownBy(() -> new MigrationTally("a", T0, T0, 0, 0, 5, 1, Map.of("accounts", -1L),
                LatencyHistogram.empty())).hasMessageContaining("accounts");
        assertThatThrownBy(() -> new MigrationTally(" ", T0, T0, 0, 0, 0, 0, Map.of(), LatencyHistogram.empty()))
                .hasMessageContaining("instance");
        assertThat(new MigrationTally("a", T0, T0, 0, 0, 0, 0, Map.of(), LatencyHistogram.empty()).isEmpty()).isTrue();
        assertThat(new MigrationTally("a", T0, T0, 0, 1, 0, 0, Map.of(), LatencyHistogram.empty()).isEmpty()).isFalse();
    }
}
