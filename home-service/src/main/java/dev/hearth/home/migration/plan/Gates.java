package dev.hearth.home.migration.plan;

import dev.hearth.ports.domain.model.MigrationFigures;
import dev.hearth.ports.domain.model.RolloutGates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The gates of a rollout step and of the automatic rollback, judged on the fleet's figures: pure, no clock, no state.
 * A gate is judged once it has {@code minSamples}: the fallback rate over homes routed to Hearth, the p99 over homes
 * Hearth built, the mismatch rate over compared shadow samples. Any judged gate that fails rolls back (fallback,
 * mismatch, p99, in that order), even while another has too few samples; otherwise too few samples hold.
 */
public final class Gates {
    private Gates() {
    }

    public static Verdict judge(MigrationFigures figures, RolloutGates gates) {
        Objects.requireNonNull(figures, "figures");
        Objects.requireNonNull(gates, "gates");
        long min = gates.minSamples();
        long routed = figures.routedToHearth();
        String over = " over " + Duration.between(figures.since(), figures.until()).toSeconds() + " s, "
                + figures.instances() + (figures.instances() == 1 ? " instance" : " instances");
        double fallbackRate = figures.fallbackRate().orElse(0);
        if (routed >= min && fallbackRate > gates.maxFallbackRate()) {
            return new Verdict.RollBack("fallback", "fallback rate " + RolloutGates.percent(fallbackRate) + " ("
                    + figures.fallbacks() + " of " + routed + " homes routed to Hearth answered by legacy) is over "
                    + "maxFallbackRate " + RolloutGates.percent(gates.maxFallbackRate()) + over);
        }
        double mismatchRate = figures.mismatchRate().orElse(0);
        if (figures.compared() >= min && mismatchRate > gates.maxMismatchRate()) {
            String worst = figures.worstSection().map(section -> "; worst section " + section + " ("
                    + figures.mismatchedBySection().get(section) + " mismatched, "
                    + RolloutGates.percent(figures.sectionMismatchRates().get(section)) + ")").orElse("");
            return new Verdict.RollBack("mismatch", "mismatch rate " + RolloutGates.percent(mismatchRate) + " ("
                    + figures.mismatched() + " of " + figures.compared() + " compared samples) is over "
                    + "maxMismatchRate " + RolloutGates.percent(gates.maxMismatchRate()) + worst + over);
        }
        if (figures.hearthServed() >= min && figures.hearthP99().isPresent()
                && figures.hearthP99().get().compareTo(gates.maxP99()) > 0) {
            return new Verdict.RollBack("p99", "p99 " + figures.hearthP99().get().toMillis() + " ms (of "
                    + figures.hearthServed() + " homes built by Hearth) is over maxP99 " + gates.maxP99().toMillis()
                    + " ms" + over);
        }
        List<String> few = new ArrayList<>();
        if (routed < min) {
            few.add(routed + " of " + min + " homes routed to Hearth");
        } else if (figures.hearthServed() < min) {
            few.add(figures.hearthServed() + " of " + min + " homes built by Hearth (p99)");
        }
        if (figures.compared() < min) {
            few.add(figures.compared() + " of " + min + " compared samples (is shadow sampling on? "
                    + "POST /tasks/shadow-sampling?rate=0.01)");
        }
        if (!few.isEmpty()) {
            return new Verdict.Hold("too few samples to judge: " + String.join(", ", few) + over);
        }
        return new Verdict.Advance("gates held: fallback rate " + RolloutGates.percent(fallbackRate) + " of " + routed
                + " homes, mismatch rate " + RolloutGates.percent(mismatchRate) + " of " + figures.compared()
                + " compared, p99 " + figures.hearthP99().map(Duration::toMillis).orElse(0L) + " ms" + over);
    }
}
