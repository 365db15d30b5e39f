package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.RolloutPlan;
import java.util.Optional;

/**
 * The rollout plan shared by the fleet: one plan at a time, changed by compare-and-set on its version, so a pause from
 * one instance and a step from the plan's driver on another never overwrite each other unseen.
 */
public interface RolloutPlanStorePort {
    /** The stored plan (running or finished), or empty when none was ever started. */
    Optional<RolloutPlan> load();

    /**
     * Stores {@code plan} as the next version if the stored plan's version is still {@code plan.version()} (0: none is
     * stored).
     *
     * @return the plan as stored (its version one more), or empty when another change came first (read it again)
     */
    Optional<RolloutPlan> save(RolloutPlan plan);
}
