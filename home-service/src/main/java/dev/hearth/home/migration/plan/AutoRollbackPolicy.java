package dev.hearth.home.migration.plan;

import dev.hearth.ports.domain.model.RolloutGates;
import java.time.Duration;
import java.util.Objects;

/**
 * config.yml's {@code migration.autoRollback}: whether the rollout goes to 0 by itself when the fleet's figures over
 * the last {@code window} (and since the rollout's last change) cross one of {@code gates}. Immutable.
 */
public record AutoRollbackPolicy(boolean enabled, Duration window, RolloutGates gates) {
    public AutoRollbackPolicy {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(gates, "gates");
    }
}
