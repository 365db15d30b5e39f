package dev.hearth.ports.domain.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A stepped rollout, as the fleet shares it: the percentages it goes through, how long each step dwells, the gates each
 * step is judged by, where it is and why. One plan at a time; a new one replaces a finished one. Immutable.
 *
 * @param steps           ascending percentages, each above 0 and at most 100 (e.g. 1, 5, 25, 50, 100)
 * @param step            the index in {@code steps} of the step it is on
 * @param stepStartedAt   when that step began: it is judged on the figures since then
 * @param appliedVersion  the rollout version this plan's last change wrote; -1 while its step is not applied yet (just
 *                        started or resumed). A rollout version above it is someone else's change.
 * @param why             the last state change's reason (who paused it, which gate rolled it back)
 * @param version         this plan's version, for compare-and-set; 0 = not stored yet
 */
public record RolloutPlan(List<BigDecimal> steps, int step, Instant stepStartedAt, Duration dwell, RolloutGates gates,
        State state, String why, String startedBy, Instant startedAt, long appliedVersion, long version) {
    /** The most steps a plan has. */
    public static final int MAX_STEPS = 20;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** Where a plan is. Only RUNNING moves by itself; PAUSED waits for a person; the others are finished. */
    public enum State {
        RUNNING, PAUSED, DONE, ROLLED_BACK, ABORTED;

        /** Whether the plan is over (a new one may start). */
        public boolean finished() {
            return this == DONE || this == ROLLED_BACK || this == ABORTED;
        }
    }

    public RolloutPlan {
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        checkSteps(steps);
        Objects.requireNonNull(stepStartedAt, "stepStartedAt");
        Objects.requireNonNull(dwell, "dwell");
        Objects.requireNonNull(gates, "gates");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(startedBy, "startedBy");
        Objects.requireNonNull(startedAt, "startedAt");
        if (step < 0 || step >= steps.size()) {
            throw new IllegalArgumentException("step " + step + " is not one of the plan's " + steps.size() + " steps");
        }
        if (dwell.isNegative() || dwell.isZero()) {
            throw new IllegalArgumentException("dwell is how long each step lasts at least, a positive duration (e.g. "
                    + "10m), not " + dwell);
        }
    }

    /** A plan on its first step, not applied yet. */
    public static RolloutPlan start(List<BigDecimal> steps, Duration dwell, RolloutGates gates, String startedBy,
            Instant now, String why) {
        return new RolloutPlan(steps, 0, now, dwell, gates, State.RUNNING, why, startedBy, now, -1, 0);
    }

    /**
     * @throws IllegalArgumentException unless {@code steps} are 1 to {@value #MAX_STEPS} ascending percentages above 0,
     *                                  at most 100, with at most 4 decimals
     */
    public static void checkSteps(List<BigDecimal> steps) {
        if (steps.isEmpty() || steps.size() > MAX_STEPS) {
            throw new IllegalArgumentException("steps are 1 to " + MAX_STEPS + " percentages, e.g. 1,5,25,50,100; not "
                    + steps.size());
        }
        BigDecimal previous = BigDecimal.ZERO;
        for (BigDecimal percent : steps) {
            if (percent.compareTo(previous) <= 0 || percent.compareTo(HUNDRED) > 0
                    || percent.stripTrailingZeros().scale() > 4) {
                throw new IllegalArgumentException("steps are ascending percentages above 0 and at most 100 with at "
                        + "most 4 decimals, e.g. 1,5,25,50,100; " + percent.toPlainString() + " is not (after "
                        + previous.toPlainString() + ")");
            }
            previous = percent;
        }
    }

    /** The percentage of the step it is on. */
    public BigDecimal percent() {
        return steps.get(step);
    }

    public boolean lastStep() {
        return step == steps.size() - 1;
    }

    /** When the step it is on has dwelt long enough. */
    public Instant dwellEnds() {
        return stepStartedAt.plus(dwell);
    }

    /** The same plan in {@code next} with {@code reason}. */
    public RolloutPlan in(State next, String reason) {
        return new RolloutPlan(steps, step, stepStartedAt, dwell, gates, next, reason, startedBy, startedAt,
                appliedVersion, version);
    }

    /** On step {@code index} from {@code now}, not applied yet. */
    public RolloutPlan onStep(int index, Instant now, String reason) {
        return new RolloutPlan(steps, index, now, dwell, gates, State.RUNNING, reason, startedBy, startedAt, -1,
                version);
    }

    /** Its step applied as rollout version {@code rolloutVersion}, the step's time starting {@code now}. */
    public RolloutPlan applied(long rolloutVersion, Instant now) {
        return new RolloutPlan(steps, step, now, dwell, gates, state, why, startedBy, startedAt, rolloutVersion,
                version);
    }

    /** The steps as given: {@code 1,5,25,50,100}. */
    public String stepList() {
        return String.join(",", steps.stream().map(p -> p.stripTrailingZeros().toPlainString()).toList());
    }

    /** One line for the tasks and the log. */
    public String describe() {
        return "plan " + state + " at step " + (step + 1) + " of " + steps.size() + " (" + percent()
                .stripTrailingZeros().toPlainString() + " %; steps " + stepList() + ", each at least "
                + dwell.toString().substring(2).toLowerCase(java.util.Locale.ROOT) + "), step began " + stepStartedAt
                + ", gates: " + gates.describe() + "; started by " + startedBy + " at " + startedAt + "; " + why;
    }
}
