package dev.hearth.home.migration.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.hearth.adapters.out.persistence.PostgresFixture;
import dev.hearth.adapters.out.persistence.figures.MigrationFiguresJdbiAdapter;
import dev.hearth.adapters.out.persistence.lease.MigrationLeaseJdbiAdapter;
import dev.hearth.adapters.out.persistence.plan.RolloutPlanJdbiAdapter;
import dev.hearth.adapters.out.persistence.rollout.RolloutJdbiAdapter;
import dev.hearth.home.migration.Rollout;
import dev.hearth.migrations.DatabaseMigrations;
import dev.hearth.ports.domain.model.MigrationTally;
import dev.hearth.ports.domain.model.RolloutChange;
import dev.hearth.ports.domain.model.RolloutGates;
import dev.hearth.ports.domain.model.RolloutPlan;
import dev.hearth.ports.domain.model.RolloutSettings;
import dev.hearth.ports.domain.port.out.MigrationFiguresPort;
import dev.hearth.ports.domain.port.out.RolloutStorePort;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 29's test, on a real PostgreSQL (embedded) with two instances in one test: each its own rollout follower
 * (polling every second), autopilot and holder id, on one database. A plan advances through its steps in virtual time;
 * its driver stops and the other instance continues from the recorded step and step start; then, in real time, a
 * fallback spike in one instance's tallies sets the rollout to 0 on both within 5 s, and the history says why.
 */
class RolloutAutopilotIT {
    static final Duration WITHIN = Duration.ofSeconds(5);
    static final RolloutGates GATES = new RolloutGates(0.05, 0.05, Duration.ofSeconds(2), 100);
    static final Duration DWELL = Duration.ofMinutes(10);

    final TestClock clock = new TestClock(Instant.parse("2026-12-05T03:00:00Z"));
    final List<AutoCloseable> closing = new ArrayList<>();

    /** One instance: its own connections, rollout follower and autopilot on the shared database. */
    record Instance(Rollout rollout, Autopilot autopilot, RolloutPlans plans, RolloutStorePort store) {
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    Instance instance(PostgresFixture.Database database, String holder, MigrationFiguresPort figures) {
        Jdbi jdbi = Jdbi.create(database.dataSource());
        RolloutStorePort store = new RolloutJdbiAdapter(jdbi, clock);
        Rollout rollout = new Rollout(store, RolloutSettings.initial(BigDecimal.ZERO), Duration.ofSeconds(1), clock,
                new MetricRegistry());
        closing.add(rollout);
        Autopilot autopilot = new Autopilot(holder, new MigrationLeaseJdbiAdapter(jdbi, clock), Duration.ofSeconds(3),
                new RolloutPlanJdbiAdapter(jdbi), rollout, since -> figures.between(since, clock.instant()),
                new AutoRollbackPolicy(true, Duration.ofMinutes(5), GATES), clock);
        closing.add(autopilot);
        return new Instance(rollout, autopilot, new RolloutPlans(new RolloutPlanJdbiAdapter(jdbi), clock), store);
    }

    /** The fleet's figures as both instances add and read them: the tallies table on the same database. */
    static MigrationFiguresPort figures(PostgresFixture.Database database) {
        return new MigrationFiguresJdbiAdapter(Jdbi.create(database.dataSource()));
    }

    /** Each second: instance {@code name} built 20 homes in 300 ms, compared 5, no fallback, no mismatch. */
    static MigrationTally healthy(String name, Instant to) {
        return Fakes.tally(name, to.minusSeconds(1), 20, 0, 5, 0, Map.of(), Duration.ofMillis(300));
    }

    @Test
    void aPlanAdvancesItsDriverStopsTheOtherContinuesAndAFallbackSpikeOnOneInstanceRollsBothBackWithinFiveSeconds()
            throws Exception {
        PostgresFixture.Database database = PostgresFixture.newDatabase();
        DatabaseMigrations.migrate(database.dataSource());
        MigrationFiguresPort figures = figures(database);
        Instance a = instance(database, "host-a-1", figures);
        Instance b = instance(database, "host-b-1", figures);
        List<Instance> ticking = new ArrayList<>(List.of(a, b));

        a.plans().start(List.of(BigDecimal.ONE, BigDecimal.valueOf(5), BigDecimal.valueOf(25), BigDecimal.valueOf(50)),
                DWELL, GATES, "admin hearth by alice", Optional.of("OPS-70"));
        // Virtual time: a second at a time, both instances' tallies, then both autopilots tick.
        Runnable second = () -> {
            clock.advance(Duration.ofSeconds(1));
            figures.add(healthy("host-a-1", clock.instant()));
            figures.add(healthy("host-b-1", clock.instant()));
            ticking.forEach(i -> i.autopilot().tick());
        };
        second.run();
        assertThat(a.autopilot().holding() ^ b.autopilot().holding()).as("exactly one drives").isTrue();
        Instance driver = a.autopilot().holding() ? a : b;
        Instance other = driver == a ? b : a;
        assertThat(driver.rollout().current().percent()).isEqualByComparingTo("1");
        for (int s = 0; s < DWELL.toSeconds() * 2 + 5; s++) {
            second.run();
        }
        assertThat(driver.rollout().current().percent()).isEqualByComparingTo("25");
        RolloutPlan recorded = a.plans().current().orElseThrow();
        assertThat(recorded.step()).isEqualTo(2);

        // The driver stops (its lease released at stop); the other takes over and continues from the recorded step.
        ticking.remove(driver);
        driver.autopilot().close();
        second.run();
        assertThat(other.autopilot().holding()).isTrue();
        RolloutPlan continued = other.plans().current().orElseThrow();
        assertThat(continued.step()).as("the recorded step").isEqualTo(2);
        assertThat(continued.stepStartedAt()).as("and its start").isEqualTo(recorded.stepStartedAt());
        while (clock.instant().isBefore(recorded.dwellEnds().minusSeconds(2))) {
            second.run();
        }
        assertThat(other.store().load().orElseThrow().percent()).isEqualByComparingTo("25");
        for (int s = 0; s < 4; s++) {
            second.run();
        }
        assertThat(other.store().load().orElseThrow().percent()).as("on at the recorded dwell's end")
                .isEqualByComparingTo("50");
        assertThat(other.store().history(10)).filteredOn(c -> c.actor().equals("plan"))
                .extracting(c -> c.toPercent().stripTrailingZeros().toPlainString())
                .containsExactly("50", "25", "5", "1");

        // Real time from here: both autopilots tick on their own every second, both rollouts poll every second.
        Instance restarted = instance(database, "host-" + (driver == a ? "a" : "b") + "-2", figures);
        clock.run();
        other.autopilot().start(Duration.ofSeconds(1));
        restarted.autopilot().start(Duration.ofSeconds(1));
        Instant spike = clock.instant();
        long started = System.nanoTime();
        // One instance falls back on a third of its homes, as its tally of the last second says.
        figures.add(Fakes.tally("host-a-1", spike.minusSeconds(1), 40, 20, 5, 0, Map.of(), Duration.ofMillis(300)));
        while (!(a.rollout().current().percent().signum() == 0 && b.rollout().current().percent().signum() == 0
                && restarted.rollout().current().percent().signum() == 0)) {
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("rolled back everywhere within 5 s")
                    .isLessThan(WITHIN.multipliedBy(2));
            Thread.sleep(20);
        }
        Duration rolledBack = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("RolloutAutopilotIT: both instances at 0 %% %d ms after the spike%n", rolledBack.toMillis());
        assertThat(rolledBack).isLessThan(WITHIN);

        RolloutChange why = b.store().history(1).getFirst();
        assertThat(why.actorKind()).isIn("plan", "auto");
        assertThat(why.fromPercent().orElseThrow()).isEqualByComparingTo("50");
        assertThat(why.toPercent()).isEqualByComparingTo("0");
        assertThat(why.reason().orElseThrow()).contains("fallback rate", "20 of", "homes routed to Hearth answered by "
                + "legacy) is over maxFallbackRate 5 %");
        assertThat(a.plans().current().orElseThrow().state()).isEqualTo(RolloutPlan.State.ROLLED_BACK);
        Thread.sleep(2_000);
        assertThat(b.store().history(1).getFirst()).as("nothing raises it again").isEqualTo(why);
    }

    /** Virtual time the test moves, until {@link #run()}: then it moves with real time from where it stood. */
    static final class TestClock extends Clock {
        private volatile Instant base;
        private volatile long runningSince = -1;

        TestClock(Instant base) {
            this.base = base;
        }

        void advance(Duration by) {
            base = base.plus(by);
        }

        void run() {
            runningSince = System.nanoTime();
        }

        @Override
        public Instant instant() {
            long since = runningSince;
            return since < 0 ? base : base.plusNanos(System.nanoTime() - since);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
