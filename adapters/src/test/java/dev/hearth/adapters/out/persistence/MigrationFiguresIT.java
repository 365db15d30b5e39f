package dev.hearth.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hearth.adapters.out.persistence.figures.MigrationFiguresJdbiAdapter;
import dev.hearth.ports.domain.model.LatencyHistogram;
import dev.hearth.ports.domain.model.MigrationFigures;
import dev.hearth.ports.domain.model.MigrationTally;
import dev.hearth.ports.domain.port.out.MigrationFiguresPort;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fleet's migration figures in the database (V6), on H2 and on a real PostgreSQL (embedded). */
class MigrationFiguresIT {
    static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");

    static Stream<Jdbi> databases() {
        return MigrationStoresIT.databases();
    }

    static LatencyHistogram latencies(long millis, int times) {
        LatencyHistogram histogram = LatencyHistogram.empty();
        for (int i = 0; i < times; i++) {
            histogram = histogram.with(Duration.ofMillis(millis));
        }
        return histogram;
    }

    static MigrationTally tally(String instance, int endsAtSecond, long served, long fallbacks, long compared,
            long mismatched, Map<String, Long> sections, LatencyHistogram latency) {
        return new MigrationTally(instance, T0.plusSeconds(endsAtSecond - 1), T0.plusSeconds(endsAtSecond), served,
                fallbacks, compared, mismatched, sections, latency);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theWindowSumsEveryInstancesTallies(Jdbi jdbi) {
        MigrationFiguresPort figures = new MigrationFiguresJdbiAdapter(jdbi);
        figures.add(tally("host-a 1f3c", 1, 90, 10, 20, 4, Map.of("accounts", 3L, "cards", 1L), latencies(40, 90)));
        figures.add(tally("host-a 1f3c", 2, 10, 0, 5, 1, Map.of("cards", 1L), latencies(40, 10)));
        figures.add(tally("host-b 77aa", 2, 100, 90, 25, 5, Map.of("accounts", 2L, "odd id, =%", 5L),
                latencies(1500, 100)));
        figures.add(tally("host-c 0001", 3, 0, 0, 0, 0, Map.of(), LatencyHistogram.empty()));

        MigrationFigures sum = figures.between(T0, T0.plusSeconds(10));

        assertThat(sum.since()).isEqualTo(T0);
        assertThat(sum.until()).isEqualTo(T0.plusSeconds(10));
        assertThat(sum.instances()).isEqualTo(3);
        assertThat(sum.hearthServed()).isEqualTo(200);
        assertThat(sum.fallbacks()).isEqualTo(100);
        assertThat(sum.fallbackRate().getAsDouble()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(sum.compared()).isEqualTo(50);
        assertThat(sum.mismatched()).isEqualTo(10);
        assertThat(sum.mismatchedBySection()).containsExactlyInAnyOrderEntriesOf(
                Map.of("accounts", 5L, "cards", 2L, "odd id, =%", 5L));
        assertThat(sum.worstSection()).contains("accounts");
        assertThat(sum.hearthLatency()).isEqualTo(latencies(40, 100).plus(latencies(1500, 100)));
        assertThat(sum.hearthP99()).contains(Duration.ofMillis(1600));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theWindowHoldsTalliesThatEndedAfterItsStartUpToItsEnd(Jdbi jdbi) {
        MigrationFiguresPort figures = new MigrationFiguresJdbiAdapter(jdbi);
        for (int second = 1; second <= 10; second++) {
            figures.add(tally("a", second, second, 0, 0, 0, Map.of(), latencies(5, (int) second)));
        }

        MigrationFigures window = figures.between(T0.plusSeconds(3), T0.plusSeconds(6)); // ended at 4, 5, 6

        assertThat(window.hearthServed()).isEqualTo(4 + 5 + 6);
        assertThat(window.hearthLatency().total()).isEqualTo(4 + 5 + 6);
        assertThat(window.instances()).isEqualTo(1);
        assertThat(figures.between(T0.plusSeconds(10), T0.plusSeconds(20))).isEqualTo(
                MigrationFigures.none(T0.plusSeconds(10), T0.plusSeconds(20)));
        assertThat(figures.between(T0.minusSeconds(60), T0).instances()).isZero();
        assertThatThrownBy(() -> figures.between(T0.plusSeconds(1), T0)).hasMessageContaining("ends after it starts");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void expiryDeletesTheOldestInBatchesAndNothingFromTheCutoffOn(Jdbi jdbi) {
        MigrationFiguresPort figures = new MigrationFiguresJdbiAdapter(jdbi);
        for (int second = 1; second <= 10; second++) {
            figures.add(tally("a", second, 1, 0, 0, 0, Map.of(), LatencyHistogram.empty()));
            figures.add(tally("b", second, 1, 0, 0, 0, Map.of(), LatencyHistogram.empty()));
        }
        Instant cutoff = T0.plusSeconds(8); // the tallies that ended at 1..7: 14 rows

        assertThat(figures.expire(cutoff, 5)).isEqualTo(5);
        assertThat(figures.expire(cutoff, 5)).isEqualTo(5);
        assertThat(figures.expire(cutoff, 5)).isEqualTo(4);
        assertThat(figures.expire(cutoff, 5)).isZero();

        assertThat(figures.between(T0.minusSeconds(1), T0.plusSeconds(20)).hearthServed()).isEqualTo(6);
        assertThat(figures.between(T0.plusSeconds(7), T0.plusSeconds(8)).hearthServed()).isEqualTo(2);
        assertThatThrownBy(() -> figures.expire(cutoff, 0)).hasMessageContaining("at least 1");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aTallyWithTooManySectionsIsRefusedSayingWhatToDo(Jdbi jdbi) {
        MigrationFiguresPort figures = new MigrationFiguresJdbiAdapter(jdbi);
        Map<String, Long> many = new java.util.HashMap<>();
        for (int i = 0; i <= MigrationFiguresJdbiAdapter.MAX_SECTIONS; i++) {
            many.put("section-" + i, 1L);
        }
        assertThatThrownBy(() -> figures.add(tally("a", 1, 0, 0, 100, 100, many, LatencyHistogram.empty())))
                .hasMessageContaining("at most " + MigrationFiguresJdbiAdapter.MAX_SECTIONS + " sections");
        Map<String, Long> longest = new java.util.HashMap<>();
        for (int i = 0; i < MigrationFiguresJdbiAdapter.MAX_SECTIONS; i++) {
            longest.put("%".repeat(70) + i, 1_000_000_000L);
        }
        figures.add(tally("a", 1, 0, 0, 1_000_000_000L, 1_000_000_000L, longest, LatencyHistogram.empty()));
        assertThat(figures.between(T0, T0.plusSeconds(1)).mismatchedBySection()).hasSizeLessThanOrEqualTo(64);
    }
}
