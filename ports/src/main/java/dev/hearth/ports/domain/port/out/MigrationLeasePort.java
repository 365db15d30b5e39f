package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.MigrationLease;
import java.time.Duration;
import java.util.Optional;

/**
 * A named lease shared by the fleet: at most one holder at a time, theirs while they renew it before it expires. What
 * lets exactly one instance drive the rollout plan and the automatic rollback, and another take over when it dies.
 */
public interface MigrationLeasePort {
    /**
     * Takes the lease for {@code holder} if it is free, expired or already theirs, until now + {@code ttl}; atomically:
     * of several instances trying at once, exactly one holds it.
     *
     * @return whether {@code holder} holds it now
     */
    boolean acquire(String name, String holder, Duration ttl);

    /** Gives the lease up if {@code holder} holds it (another may take it at once). */
    void release(String name, String holder);

    /** The lease as stored (possibly expired), or empty when nobody ever took it. */
    Optional<MigrationLease> current(String name);
}
