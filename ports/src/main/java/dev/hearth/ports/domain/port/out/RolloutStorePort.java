package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.RolloutSettings;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The rollout shared by every instance: stored once, changed atomically, each change a new {@code version} so
 * instances can tell a change from the value they already follow.
 */
public interface RolloutStorePort {
    /** The stored rollout, or empty when nobody has changed it yet. */
    Optional<RolloutSettings> load();

    /**
     * Applies {@code change} to the stored rollout ({@code ifNone} when nothing is stored yet) and stores the result
     * as the next version, atomically: two changes at once both take effect, one after the other. An allow-list
     * change (replaced, added to, removed from) is part of the same version; the store puts no limit on its length.
     *
     * @return the rollout as stored
     */
    RolloutSettings update(UnaryOperator<RolloutSettings> change, RolloutSettings ifNone, String changedBy);
}
