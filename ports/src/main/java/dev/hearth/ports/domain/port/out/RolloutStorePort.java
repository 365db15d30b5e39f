package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.RolloutChange;
import dev.hearth.ports.domain.model.RolloutSettings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The rollout shared by every instance: stored once, changed atomically, each change a new {@code version} so
 * instances can tell a change from the value they already follow. Every change, the first write included, is kept in
 * the history with its actor and reason, in the same transaction: there is no change without its history entry.
 */
public interface RolloutStorePort {
    /** The stored rollout, or empty when nobody has changed it yet. */
    Optional<RolloutSettings> load();

    /**
     * Applies {@code change} to the stored rollout ({@code ifNone} when nothing is stored yet) and stores the result
     * as the next version, atomically: two changes at once both take effect, one after the other. An allow-list
     * change (replaced, added to, removed from) is part of the same version; the store puts no limit on its length.
     * The change and its history entry are one transaction; when nothing was stored, {@code ifNone} is written first as
     * version 0 with its own entry (actor {@code config}).
     *
     * @param actor  who changes it (vocabulary: {@link RolloutChange})
     * @param reason why, as given; empty when none was
     * @return the rollout as stored and the history entry of this change
     */
    Changed change(UnaryOperator<RolloutSettings> change, RolloutSettings ifNone, String actor, Optional<String> reason);

    /** {@link #change} without a reason, returning the rollout as stored. */
    default RolloutSettings update(UnaryOperator<RolloutSettings> change, RolloutSettings ifNone, String changedBy) {
        return change(change, ifNone, changedBy, Optional.empty()).settings();
    }

    /**
     * Writes {@code initial} as version 0, with its history entry, when nothing is stored yet; does nothing otherwise
     * (two instances starting at once: one writes, the other finds it written).
     *
     * @return the rollout as stored, and the entry when this call wrote it
     */
    Initialized initialize(RolloutSettings initial, String actor, Optional<String> reason);

    /** The newest {@code limit} changes (1 or more), newest first. */
    List<RolloutChange> history(int limit);

    /** A stored change: the rollout after it and its history entry. */
    record Changed(RolloutSettings settings, RolloutChange change) {
        public Changed {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(change, "change");
        }
    }

    /** The stored rollout after {@link #initialize}, and the entry when that call wrote it. */
    record Initialized(RolloutSettings settings, Optional<RolloutChange> written) {
        public Initialized {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(written, "written");
        }
    }
}
