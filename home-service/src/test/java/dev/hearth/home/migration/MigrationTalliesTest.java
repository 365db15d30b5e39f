package dev.hearth.home.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.home.observability.CapturedLogs;
import dev.hearth.home.FakeClock;
import dev.hearth.home.config.MigrationFactory;
import dev.hearth.ports.domain.model.Difference;
import dev.hearth.ports.domain.model.LatencyHistogram;
import dev.hearth.ports.domain.model.MigrationFigures;
import dev.hearth.ports.domain.model.MigrationTally;
import io.dropwizard.jersey.validation.Validators;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationTalliesTest {
    static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");

    final FakeClock clock = new FakeClock(T0);
    final InMemoryFigures store = new InMemoryFigures();
    final MigrationTallies tallies = new MigrationTallies(store, clock, "host-a 1f3c", Duration.ofSeconds(1),
            Duration.ofHours(1));

    /** Tallies over {@code store} on the system clock, flushed only when a test says so (never started). */
    static MigrationTallies tallies(InMemoryFigures store) {
        return new MigrationTallies(store, java.time.Clock.systemUTC(), "test", Duration.ofSeconds(1),
                Duration.ofHours(1));
    }

    static Difference at(String path) {
        return new Difference(path, path, "1", "2");
    }

    @Test
    void aFlushAddsWhatWasCountedSinceTheLastOneAsOneTallyOfItsInterval() {
        tallies.hearthServed(Duration.ofMillis(4).toNanos());
        tallies.hearthServed(Duration.ofMillis(900).toNanos());
        tallies.fallback();
        tallies.compared(List.of());
        tallies.compared(List.of(at("sections[accounts].data[0].balance"), at("sections[accounts].data[1].name"),
                at("sections[cards].title"), at("greeting")));
        clock.advance(Duration.ofSeconds(1));

        tallies.flush();

        assertThat(store.all()).singleElement().satisfies(tally -> {
            assertThat(tally.instance()).isEqualTo("host-a 1f3c");
            assertThat(tally.from()).isEqualTo(T0);
            assertThat(tally.to()).isEqualTo(T0.plusSeconds(1));
            assertThat(tally.hearthServed()).isEqualTo(2);
            assertThat(tally.fallbacks()).isEqualTo(1);
            assertThat(tally.compared()).isEqualTo(2);
            assertThat(tally.mismatched()).isEqualTo(1);
            assertThat(tally.mismatchedBySection()).as("a sample counts once per section; greeting is in none")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("accounts", 1L, "cards", 1L));
            assertThat(tally.hearthLatency()).isEqualTo(LatencyHistogram.empty().with(Duration.ofMillis(4))
                    .with(Duration.ofMillis(900)));
        });

        clock.advance(Duration.ofSeconds(1));
        tallies.flush();
        assertThat(store.all()).as("nothing counted, nothing added").hasSize(1);
        tallies.fallback();
        clock.advance(Duration.ofSeconds(1));
        tallies.flush();
        assertThat(store.all()).last().satisfies(tally -> {
            assertThat(tally.from()).isEqualTo(T0.plusSeconds(2));
            assertThat(tally.to()).isEqualTo(T0.plusSeconds(3));
            assertThat(tally.fallbacks()).isEqualTo(1);
            assertThat(tally.hearthServed()).isZero();
        });
    }

    @Test
    void aFailedAddKeepsTheTallyForTheNextFlushNothingLostCountedAndLoggedOnce() {
        store.failing.set(3);
        try (CapturedLogs logs = CapturedLogs.start(Map.of())) {
            for (int second = 1; second <= 3; second++) {
                tallies.fallback();
                clock.advance(Duration.ofSeconds(1));
                tallies.flush();
            }
            assertThat(store.all()).isEmpty();
            assertThat(tallies.flushFailures()).isEqualTo(3);
            assertThat(tallies.pending()).isEqualTo(3);
            assertThat(logs.lines()).filteredOn(line -> line.logger().equals(MigrationTallies.class.getName()))
                    .as("logged at most once a minute").singleElement()
                    .satisfies(line -> assertThat(line.text()).contains("kept for the next try"));
        }

        tallies.hearthServed(1_000_000);
        clock.advance(Duration.ofSeconds(1));
        tallies.flush();

        assertThat(tallies.pending()).isZero();
        assertThat(store.all()).extracting(MigrationTally::to).as("each with its own interval, in order")
                .containsExactly(T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3), T0.plusSeconds(4));
        MigrationFigures sum = store.between(T0, T0.plusSeconds(4));
        assertThat(sum.fallbacks()).isEqualTo(3);
        assertThat(sum.hearthServed()).isEqualTo(1);
    }

    @Test
    void whileTheStoreStaysAwayTheKeptTalliesAreBoundedAndTheirCountsKept() {
        store.failing.set(Integer.MAX_VALUE);
        int flushes = MigrationTallies.MAX_PENDING * 2;
        for (int i = 0; i < flushes; i++) {
            tallies.fallback();
            tallies.compared(List.of(at("sections[s" + (i % 100) + "].x")));
            clock.advance(Duration.ofSeconds(1));
            tallies.flush();
        }
        assertThat(tallies.pending()).isEqualTo(MigrationTallies.MAX_PENDING);

        store.failing.set(0);
        clock.advance(Duration.ofSeconds(1));
        tallies.flush();

        MigrationFigures sum = store.between(T0.minusSeconds(1), clock.instant());
        assertThat(sum.fallbacks()).isEqualTo(flushes);
        assertThat(sum.compared()).isEqualTo(flushes);
        assertThat(sum.mismatched()).isEqualTo(flushes);
        assertThat(sum.mismatchedBySection().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(flushes);
        assertThat(store.all()).allSatisfy(tally -> assertThat(tally.mismatchedBySection()).hasSizeLessThanOrEqualTo(
                MigrationTallies.MAX_SECTIONS + 1));
    }

    @Test
    void sectionsPastTheBoundOfAnIntervalCountUnderOtherOncePerSample() {
        for (int i = 0; i < MigrationTallies.MAX_SECTIONS; i++) {
            tallies.compared(List.of(at("sections[known" + i + "].x")));
        }
        tallies.compared(List.of(at("sections[new1].x"), at("sections[new2].y"), at("sections[known0].z")));
        clock.advance(Duration.ofSeconds(1));
        tallies.flush();

        assertThat(store.all()).singleElement().satisfies(tally -> {
            assertThat(tally.mismatchedBySection()).hasSize(MigrationTallies.MAX_SECTIONS + 1);
            assertThat(tally.mismatchedBySection()).containsEntry(MigrationTallies.OTHER, 1L)
                    .containsEntry("known0", 2L);
        });
    }

    @Test
    void talliesOlderThanKeepForAreDeletedOnceAMinute() {
        for (int second = 1; second <= 3 * 3600; second++) {
            tallies.fallback();
            clock.advance(Duration.ofSeconds(1));
            tallies.flush();
        }
        Instant cutoff = clock.instant().minus(Duration.ofHours(1)).minus(MigrationTallies.EXPIRE_EVERY);
        assertThat(store.all()).allSatisfy(tally -> assertThat(tally.to()).isAfterOrEqualTo(cutoff));
        assertThat(store.all()).hasSizeGreaterThanOrEqualTo(3600);
    }

    @Test
    void aFleetWindowIsTheStoresSumOverTheLastWindow() {
        FleetFigures fleet = new FleetFigures(store, clock, Duration.ofMinutes(5));
        tallies.fallback();
        clock.advance(Duration.ofSeconds(1));
        tallies.flush();
        clock.advance(Duration.ofMinutes(5));
        tallies.hearthServed(1);
        clock.advance(Duration.ofSeconds(1));
        tallies.flush();

        MigrationFigures window = fleet.lastWindow();
        assertThat(window.since()).isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));
        assertThat(window.until()).isEqualTo(clock.instant());
        assertThat(window.fallbacks()).as("ended over 5 min ago").isZero();
        assertThat(window.hearthServed()).isEqualTo(1);
        assertThat(fleet.since(T0).routedToHearth()).isEqualTo(2);

        assertThat(fleet.recentWindow()).hasValueSatisfying(w -> assertThat(w.hearthServed()).isEqualTo(1));
        tallies.hearthServed(1);
        clock.advance(Duration.ofSeconds(1));
        tallies.flush();
        assertThat(fleet.recentWindow()).as("cached for the metrics' scrapes")
                .hasValueSatisfying(w -> assertThat(w.hearthServed()).isEqualTo(1));
        clock.advance(FleetFigures.REFRESH);
        assertThat(fleet.recentWindow()).hasValueSatisfying(w -> assertThat(w.hearthServed()).isEqualTo(2));
    }

    @Test
    void talliesKeptNoLongerThanTheWindowAreRefusedWithTheConfigNamingBothKeys() {
        MigrationFactory config = new MigrationFactory();
        assertThat(config.getTallyInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.getKeepTalliesFor()).isEqualTo(Duration.ofHours(1));
        assertThat(Validators.newValidator().validate(config)).isEmpty();

        config.setKeepTalliesFor(io.dropwizard.util.Duration.minutes(5)); // the window's default
        assertThat(Validators.newValidator().validate(config)).extracting(v -> v.getPropertyPath() + " "
                + v.getMessage()).containsExactly("keepTalliesForLongerThanTheWindow keepTalliesFor must be longer "
                + "than autoRollback.window: the window's figures are read from the kept tallies (e.g. "
                + "keepTalliesFor: 1h with window: 5m)");
    }

    @Test
    void badIntervalsAreRefusedNamingTheKeys() {
        assertThatThrownBy(() -> new MigrationTallies(store, clock, "a", Duration.ZERO, Duration.ofHours(1)))
                .hasMessageContaining("migration.tallyInterval");
    }
}
