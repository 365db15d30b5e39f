package dev.hearth.home.migration.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.hearth.home.FakeClock;
import dev.hearth.home.migration.Rollout;
import dev.hearth.ports.domain.model.MigrationTally;
import dev.hearth.ports.domain.model.RolloutChange;
import dev.hearth.ports.domain.model.RolloutGates;
import dev.hearth.ports.domain.model.RolloutPlan;
import dev.hearth.ports.domain.model.RolloutSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The plan and the automatic rollback in virtual time: the test moves the clock a second at a time, adds the fleet's
 * tallies for that second and ticks the autopilots, as their schedule would every second.
 */
class AutopilotTest {
    static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");
    static final RolloutGates GATES = new RolloutGates(0.05, 0.02, Duration.ofMillis(800), 100);
    static final AutoRollbackPolicy AUTO_OFF = new AutoRollbackPolicy(false, Duration.ofMinutes(5), GATES);
    static final List<BigDecimal> STEPS = List.of(BigDecimal.ONE, BigDecimal.valueOf(5), BigDecimal.valueOf(100));
    static final Duration DWELL = Duration.ofMinutes(10);
    /** Each second: 10 homes built by Hearth in 300 ms, 4 compared, none mismatched, no fallback. */
    static final Function<Instant, List<MigrationTally>> HEALTHY = at -> List.of(
            Fakes.tally("i-1", at, 10, 0, 4, 0, Map.of(), Duration.ofMillis(300)));
    static final Function<Instant, List<MigrationTally>> QUIET = at -> List.of();
    /** Each second, one instance: half of its homes fall back to legacy. */
    static final Function<Instant, List<MigrationTally>> FALLBACK_SPIKE = at -> List.of(
            Fakes.tally("i-2", at, 10, 10, 4, 0, Map.of(), Duration.ofMillis(300)));

    final FakeClock clock = new FakeClock(T0);
    final Fakes.Figures figures = new Fakes.Figures();
    final Fakes.Rollouts rollouts = new Fakes.Rollouts(clock);
    final Fakes.Plans plans = new Fakes.Plans();
    final Fakes.Lease lease = new Fakes.Lease(clock);
    final RolloutPlans commands = new RolloutPlans(plans, clock);
    final List<AutoCloseable> closing = new ArrayList<>();
    final List<Autopilot> ticking = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    Autopilot pilot(String holder, AutoRollbackPolicy policy) {
        Rollout rollout = new Rollout(rollouts, RolloutSettings.initial(BigDecimal.ZERO), Duration.ofSeconds(1), clock,
                new MetricRegistry());
        closing.add(rollout);
        Autopilot pilot = new Autopilot(holder, lease, Duration.ofSeconds(3), plans, rollout,
                since -> figures.between(since, clock.instant()), policy, clock);
        closing.add(pilot);
        ticking.add(pilot);
        return pilot;
    }

    /** {@code duration} of virtual time, a second at a time: that second's tallies, then every autopilot ticks. */
    void run(Duration duration, Function<Instant, List<MigrationTally>> traffic) {
        for (long s = 0; s < duration.toSeconds(); s++) {
            traffic.apply(clock.instant()).forEach(figures::add);
            clock.advance(Duration.ofSeconds(1));
            ticking.forEach(Autopilot::tick);
        }
    }

    BigDecimal percent() {
        return rollouts.load().map(RolloutSettings::percent).orElse(BigDecimal.ZERO);
    }

    RolloutPlan plan() {
        return plans.load().orElseThrow();
    }

    List<String> planSteps() {
        return rollouts.history.reversed().stream().filter(c -> c.actor().equals(Autopilot.PLAN))
                .map(c -> c.toPercent().stripTrailingZeros().toPlainString()).toList();
    }

    @Test
    void aPlanAdvancesThroughItsStepsEachAfterItsDwellWithItsGatesHoldingAndEndsDone() {
        pilot("a", AUTO_OFF);
        commands.start(STEPS, DWELL, GATES, "admin hearth by alice", Optional.of("OPS-50"));

        run(Duration.ofSeconds(1), HEALTHY);
        assertThat(percent()).as("step 1 applied at the first tick").isEqualByComparingTo("1");
        run(Duration.ofMinutes(9).plusSeconds(58), HEALTHY);
        assertThat(percent()).as("not before the dwell").isEqualByComparingTo("1");
        run(Duration.ofSeconds(2), HEALTHY);
        assertThat(percent()).as("after 10 minutes of held gates").isEqualByComparingTo("5");
        run(Duration.ofMinutes(10), HEALTHY);
        assertThat(percent()).isEqualByComparingTo("100");
        assertThat(plan().state()).isEqualTo(RolloutPlan.State.RUNNING);
        run(Duration.ofMinutes(10), HEALTHY);

        assertThat(plan().state()).isEqualTo(RolloutPlan.State.DONE);
        assertThat(plan().why()).contains("plan step 3 of 3 (100 %) gates held");
        assertThat(planSteps()).containsExactly("1", "5", "100");
        RolloutChange second = rollouts.history.reversed().stream().filter(c -> c.actor().equals("plan")).toList().get(1);
        assertThat(second.reason().orElseThrow()).contains("plan step 2 of 3: 5 %", "plan started by admin hearth by "
                + "alice", "plan step 1 of 3 (1 %) gates held: fallback rate 0 % of 6000 homes");
        run(Duration.ofMinutes(30), HEALTHY);
        assertThat(planSteps()).as("a finished plan does nothing more").hasSize(3);
    }

    @Test
    void eachStepIsJudgedOnTheFiguresSinceItBeganAndHoldsPastItsDwellWhileTooFew() {
        Autopilot pilot = pilot("a", AUTO_OFF);
        commands.start(STEPS, DWELL, GATES, "admin hearth", Optional.empty());
        run(DWELL.plusSeconds(2), HEALTHY);
        assertThat(percent()).isEqualByComparingTo("5");
        Instant stepTwo = plan().stepStartedAt();

        run(DWELL.multipliedBy(2), QUIET); // step 1's 6000 homes are not step 2's
        assertThat(percent()).as("held past the dwell: no samples of its own").isEqualByComparingTo("5");
        assertThat(pilot.lastPlanVerdict().orElseThrow().verdict()).isInstanceOf(Verdict.Hold.class);
        assertThat(pilot.lastPlanVerdict().orElseThrow().verdict().says())
                .as("only the second of traffic after the step began")
                .contains("10 of 100 homes routed to Hearth", "4 of 100 compared samples");

        run(Duration.ofSeconds(9), HEALTHY);
        assertThat(percent()).as("100 homes, 40 compared").isEqualByComparingTo("5");
        run(Duration.ofSeconds(17), HEALTHY);
        assertThat(percent()).as("enough samples of its own, long past its dwell").isEqualByComparingTo("100");
        assertThat(plan().stepStartedAt()).isAfter(stepTwo.plus(DWELL.multipliedBy(2)));
    }

    @Test
    void aFailedGateRollsBackToZeroAtOnceSayingWhichGateWithItsFiguresAndNothingRaisesItAgain() {
        pilot("a", AUTO_OFF);
        commands.start(STEPS, DWELL, GATES, "admin hearth", Optional.empty());
        run(DWELL.plusSeconds(2), HEALTHY);
        assertThat(percent()).isEqualByComparingTo("5");
        run(Duration.ofMinutes(2), HEALTHY);

        run(Duration.ofSeconds(15), at -> {
            List<MigrationTally> both = new ArrayList<>(HEALTHY.apply(at));
            both.addAll(FALLBACK_SPIKE.apply(at));
            return both;
        });

        assertThat(percent()).as("within the dwell, at once").isEqualByComparingTo("0");
        RolloutChange back = rollouts.history.getFirst();
        assertThat(back.actor()).isEqualTo("plan");
        assertThat(back.fromPercent().orElseThrow()).isEqualByComparingTo("5");
        assertThat(back.reason().orElseThrow()).startsWith("plan step 2 of 3 (5 %) failed its fallback gate: "
                + "fallback rate ").contains("homes routed to Hearth answered by legacy) is over maxFallbackRate 5 %",
                "2 instances");
        assertThat(plan().state()).isEqualTo(RolloutPlan.State.ROLLED_BACK);
        assertThat(plan().why()).contains("failed its fallback gate");

        run(Duration.ofMinutes(30), HEALTHY);
        assertThat(percent()).isEqualByComparingTo("0");
        assertThat(rollouts.history.getFirst()).isEqualTo(back);
    }

    @Test
    void aMismatchGateRollsBackNamingTheWorstSection() {
        pilot("a", AUTO_OFF);
        commands.start(STEPS, DWELL, GATES, "admin hearth", Optional.empty());
        run(Duration.ofMinutes(1), at -> List.of(Fakes.tally("i-1", at, 10, 0, 4, 1, Map.of("accounts", 1L),
                Duration.ofMillis(300))));

        assertThat(percent()).isEqualByComparingTo("0");
        assertThat(rollouts.history.getFirst().reason().orElseThrow()).contains("failed its mismatch gate",
                "mismatch rate 25 %", "worst section accounts");
    }

    @Test
    void aPersonsChangePausesThePlanWhichResumesOnItsStepAndAbortLeavesTheRolloutWhereItIs() {
        Autopilot pilot = pilot("a", AUTO_OFF);
        commands.start(STEPS, DWELL, GATES, "admin hearth", Optional.empty());
        run(Duration.ofMinutes(3), HEALTHY);
        assertThat(percent()).isEqualByComparingTo("1");

        rollouts.change(s -> s.withPercent(new BigDecimal("3")), RolloutSettings.initial(BigDecimal.ZERO),
                "admin hearth by bob", Optional.of("testing by hand"));
        run(Duration.ofSeconds(3), HEALTHY);
        assertThat(plan().state()).isEqualTo(RolloutPlan.State.PAUSED);
        assertThat(plan().why()).contains("changed by someone else", "admin hearth by bob", "never fights a person");
        run(DWELL.multipliedBy(2), HEALTHY);
        assertThat(percent()).as("the person's value stays").isEqualByComparingTo("3");

        commands.resume("admin hearth by bob", Optional.of("done testing"));
        Instant resumed = clock.instant();
        run(Duration.ofSeconds(1), HEALTHY);
        assertThat(percent()).as("the step applied again").isEqualByComparingTo("1");
        assertThat(plan().state()).isEqualTo(RolloutPlan.State.RUNNING);
        assertThat(plan().stepStartedAt()).isAfter(resumed);
        run(DWELL.minusSeconds(5), HEALTHY);
        assertThat(percent()).as("its dwell starts again at the resume").isEqualByComparingTo("1");
        run(Duration.ofSeconds(10), HEALTHY);
        assertThat(percent()).isEqualByComparingTo("5");

        commands.pause("admin hearth", Optional.empty());
        assertThat(plan().state()).isEqualTo(RolloutPlan.State.PAUSED);
        run(DWELL.multipliedBy(2), HEALTHY);
        assertThat(percent()).as("a paused plan holds").isEqualByComparingTo("5");
        commands.abort("admin hearth", Optional.of("enough for today"));
        run(DWELL.multipliedBy(2), HEALTHY);
        assertThat(plan().state()).isEqualTo(RolloutPlan.State.ABORTED);
        assertThat(plan().why()).contains("aborted by admin hearth", "enough for today");
        assertThat(percent()).as("abort leaves the rollout where it is").isEqualByComparingTo("5");
        assertThat(pilot.holding()).isTrue();
    }

    @Test
    void onlyTheLeaseHolderDrivesAndWhenItDiesAnotherContinuesFromTheRecordedStepAndItsStartTime() {
        Autopilot a = pilot("a", AUTO_OFF);
        Autopilot b = pilot("b", AUTO_OFF);
        commands.start(STEPS, DWELL, GATES, "admin hearth", Optional.empty());
        run(DWELL.plusMinutes(4), HEALTHY);
        assertThat(a.holding()).isTrue();
        assertThat(b.holding()).isFalse();
        assertThat(percent()).isEqualByComparingTo("5");
        RolloutPlan recorded = plan();
        int changes = rollouts.history.size();

        ticking.remove(a); // a dies: it stops ticking and never releases the lease
        run(Duration.ofSeconds(3), HEALTHY);
        assertThat(b.holding()).as("not before a's lease expires").isFalse();
        run(Duration.ofSeconds(2), HEALTHY);
        assertThat(b.holding()).as("within the ttl and a tick").isTrue();
        assertThat(rollouts.history).as("taking over changes nothing").hasSize(changes);
        assertThat(plan().step()).isEqualTo(recorded.step());
        assertThat(plan().stepStartedAt()).isEqualTo(recorded.stepStartedAt());

        run(Duration.between(clock.instant(), recorded.dwellEnds()).minusSeconds(2), HEALTHY);
        assertThat(percent()).as("the step's dwell counts from when it began on a").isEqualByComparingTo("5");
        run(Duration.ofSeconds(4), HEALTHY);
        assertThat(percent()).isEqualByComparingTo("100");
        assertThat(planSteps()).containsExactly("1", "5", "100");
    }

    @Test
    void aStoppedHolderReleasesTheLeaseAndAnotherTakesItAtOnce() {
        Autopilot a = pilot("a", AUTO_OFF);
        Autopilot b = pilot("b", AUTO_OFF);
        run(Duration.ofSeconds(2), QUIET);
        assertThat(a.holding()).isTrue();

        ticking.remove(a);
        a.close();
        run(Duration.ofSeconds(1), QUIET);

        assertThat(b.holding()).isTrue();
    }

    @Test
    void theAutomaticRollbackSetsZeroWhenTheFleetsFiguresCrossAThresholdAndOnlyAPersonRaisesItAgain() {
        pilot("a", new AutoRollbackPolicy(true, Duration.ofMinutes(5), GATES));
        rollouts.change(s -> s.withPercent(BigDecimal.valueOf(50)), RolloutSettings.initial(BigDecimal.ZERO),
                "admin hearth", Optional.empty());
        run(Duration.ofMinutes(10), HEALTHY);
        assertThat(percent()).isEqualByComparingTo("50");

        run(Duration.ofSeconds(60), at -> {
            List<MigrationTally> both = new ArrayList<>(HEALTHY.apply(at));
            both.addAll(FALLBACK_SPIKE.apply(at));
            return both;
        });

        assertThat(percent()).isEqualByComparingTo("0");
        RolloutChange auto = rollouts.history.getFirst();
        assertThat(auto.actor()).isEqualTo("auto");
        assertThat(auto.reason().orElseThrow()).startsWith("automatic rollback: fallback rate ")
                .contains("is over maxFallbackRate 5 %");
        run(Duration.ofMinutes(30), HEALTHY);
        assertThat(rollouts.history.getFirst()).as("nothing raises it").isEqualTo(auto);

        // The spike is in the window but before a person's change: the window starts at that change.
        rollouts.change(s -> s.withPercent(BigDecimal.valueOf(50)), RolloutSettings.initial(BigDecimal.ZERO),
                "admin hearth", Optional.of("fixed: OPS-61"));
        run(Duration.ofSeconds(30), FALLBACK_SPIKE);
        rollouts.change(s -> s.withPercent(BigDecimal.valueOf(40)), RolloutSettings.initial(BigDecimal.ZERO),
                "admin hearth", Optional.empty());
        run(Duration.ofMinutes(3), HEALTHY);
        assertThat(percent()).as("judged since the last change only").isEqualByComparingTo("40");
    }

    @Test
    void aChangeOfTheSamplingRateDoesNotRestartTheAutomaticRollbacksWindow() {
        pilot("a", new AutoRollbackPolicy(true, Duration.ofMinutes(5), GATES));
        rollouts.change(s -> s.withPercent(BigDecimal.valueOf(50)), RolloutSettings.initial(BigDecimal.ZERO),
                "admin hearth", Optional.empty());
        run(Duration.ofSeconds(1), QUIET);
        run(Duration.ofSeconds(3), FALLBACK_SPIKE); // 60 homes routed to Hearth: too few to judge
        assertThat(percent()).isEqualByComparingTo("50");

        rollouts.change(s -> s.withShadowRate(1.0), RolloutSettings.initial(BigDecimal.ZERO), "admin hearth",
                Optional.of("investigating the fallbacks"));
        run(Duration.ofSeconds(3), FALLBACK_SPIKE); // 120 since the percent changed, 60 since the sampling did

        assertThat(percent()).as("judged since the percent changed, not since the sampling rate did")
                .isEqualByComparingTo("0");
    }

    @Test
    void aPlanWhoseRollbackWasWrittenButNotItsOwnRowEndsRolledBackNotPaused() {
        pilot("a", AUTO_OFF);
        commands.start(STEPS, DWELL, GATES, "admin hearth", Optional.empty());
        run(Duration.ofSeconds(2), HEALTHY);
        // the driver set 0 % (a gate failed) and died before it wrote the plan's row
        rollouts.change(s -> s.withPercent(BigDecimal.ZERO), RolloutSettings.initial(BigDecimal.ZERO), "plan",
                Optional.of("plan step 1 of 3 (1 %) failed its fallback gate"));
        run(Duration.ofSeconds(2), HEALTHY);

        assertThat(plan().state()).as("not resumable: its step failed").isEqualTo(RolloutPlan.State.ROLLED_BACK);
        assertThat(percent()).isEqualByComparingTo("0");
    }

    @Test
    void theAutomaticRollbackEndsARunningPlanAndDoesNothingWhenDisabled() {
        RolloutGates loose = new RolloutGates(0.9, 0.9, Duration.ofSeconds(10), 100);
        pilot("a", new AutoRollbackPolicy(true, Duration.ofMinutes(5), GATES));
        commands.start(STEPS, DWELL, loose, "admin hearth", Optional.empty());
        run(Duration.ofMinutes(1), HEALTHY);
        run(Duration.ofSeconds(30), FALLBACK_SPIKE);

        assertThat(percent()).isEqualByComparingTo("0");
        assertThat(rollouts.history.getFirst().actor()).isEqualTo("auto");
        assertThat(plan().state()).isEqualTo(RolloutPlan.State.ROLLED_BACK);
        assertThat(plan().why()).contains("by the automatic rollback: fallback rate");

        Fakes.Rollouts other = new Fakes.Rollouts(clock);
        Rollout rollout = new Rollout(other, RolloutSettings.initial(BigDecimal.ZERO), Duration.ofSeconds(1), clock,
                new MetricRegistry());
        closing.add(rollout);
        other.change(s -> s.withPercent(BigDecimal.TEN), RolloutSettings.initial(BigDecimal.ZERO), "admin hearth",
                Optional.empty());
        Autopilot off = new Autopilot("c", new Fakes.Lease(clock), Duration.ofSeconds(3), new Fakes.Plans(), rollout,
                since -> figures.between(since, clock.instant()), new AutoRollbackPolicy(false, Duration.ofMinutes(5),
                GATES), clock);
        ticking.clear();
        ticking.add(off);
        run(Duration.ofSeconds(60), FALLBACK_SPIKE);
        assertThat(other.load().orElseThrow().percent()).isEqualByComparingTo("10");
    }
}
