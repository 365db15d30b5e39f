package dev.hearth.home.migration.plan;

import dev.hearth.ports.domain.model.RolloutGates;
import dev.hearth.ports.domain.model.RolloutPlan;
import dev.hearth.ports.domain.port.out.RolloutPlanStorePort;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a person does with the rollout plan, from any instance: start one, pause, resume or abort it. Each is one
 * compare-and-set of the stored plan; the {@link Autopilot} holding the lease acts on it within a second.
 */
public final class RolloutPlans {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutPlans.class);
    private static final int ATTEMPTS = 5;

    private final RolloutPlanStorePort store;
    private final Clock clock;

    public RolloutPlans(RolloutPlanStorePort store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The stored plan, running or finished; empty when none was ever started. */
    public Optional<RolloutPlan> current() {
        return store.load();
    }

    /**
     * Starts a plan on its first step (the lease holder sets the rollout to it within a second).
     *
     * @throws IllegalArgumentException when a plan is running or paused (abort it first), or a value is refused
     */
    public RolloutPlan start(List<BigDecimal> steps, Duration dwell, RolloutGates gates, String actor,
            Optional<String> reason) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<RolloutPlan> stored = store.load();
            if (stored.isPresent() && !stored.get().state().finished()) {
                throw new IllegalArgumentException("a plan is already " + stored.get().state().name().toLowerCase(
                        java.util.Locale.ROOT) + " (" + stored.get().describe() + "): POST /tasks/rollout-plan-abort "
                        + "ends it (the rollout stays where it is), then start the new one");
            }
            Instant now = clock.instant();
            RolloutPlan fresh = RolloutPlan.start(steps, dwell, gates, actor, now,
                    "started" + reason.map(why -> ": " + why).orElse(""));
            RolloutPlan replacing = new RolloutPlan(fresh.steps(), 0, now, dwell, gates, RolloutPlan.State.RUNNING,
                    fresh.why(), actor, now, -1, stored.map(RolloutPlan::version).orElse(0L));
            Optional<RolloutPlan> saved = store.save(replacing);
            if (saved.isPresent()) {
                LOG.info("Rollout {}", saved.get().describe());
                return saved.get();
            }
        }
        throw new IllegalStateException("the plan kept changing while it was started; try again");
    }

    /** Pauses the running plan: it holds its step (the rollout stays) until resumed. */
    public RolloutPlan pause(String actor, Optional<String> reason) {
        Instant now = clock.instant();
        return change(RolloutPlan.State.RUNNING, "pause", plan -> plan.in(RolloutPlan.State.PAUSED, "paused by "
                + actor + " at " + now + reason.map(why -> ": " + why).orElse("")));
    }

    /**
     * Resumes a paused plan on the step it was on: the step is applied again (the rollout set to it) and judged on the
     * figures from now, its dwell starting again.
     */
    public RolloutPlan resume(String actor, Optional<String> reason) {
        Instant now = clock.instant();
        return change(RolloutPlan.State.PAUSED, "resume", plan -> plan.onStep(plan.step(), now, "resumed by " + actor
                + " at " + now + reason.map(why -> ": " + why).orElse("")));
    }

    /** Ends a running or paused plan; the rollout stays where it is (a person decides what next). */
    public RolloutPlan abort(String actor, Optional<String> reason) {
        Instant now = clock.instant();
        return change(null, "abort", plan -> plan.in(RolloutPlan.State.ABORTED, "aborted by " + actor + " at " + now
                + " (the rollout stays where it was)" + reason.map(why -> ": " + why).orElse("")));
    }

    /** {@code change} applied to the stored plan when it is in {@code from} (null: any unfinished state). */
    private RolloutPlan change(RolloutPlan.State from, String what, UnaryOperator<RolloutPlan> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            RolloutPlan plan = store.load().orElseThrow(() -> new IllegalArgumentException("no rollout plan to " + what
                    + ": none was started (POST /tasks/rollout-plan?steps=1,5,25,50,100&dwell=10m starts one)"));
            if (from == null ? plan.state().finished() : plan.state() != from) {
                throw new IllegalArgumentException("no plan to " + what + ": the plan is " + plan.state() + " ("
                        + plan.why() + ")" + (from == null ? "" : "; " + what + " needs one " + from));
            }
            Optional<RolloutPlan> saved = store.save(change.apply(plan));
            if (saved.isPresent()) {
                LOG.info("Rollout {}", saved.get().describe());
                return saved.get();
            }
        }
        throw new IllegalStateException("the plan kept changing during " + what + "; try again");
    }
}
