package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.MigrationFigures;
import dev.hearth.ports.domain.model.MigrationTally;
import java.time.Instant;

/**
 * The migration's figures shared by the fleet: each instance adds what it counted, every second or so, and anyone
 * reads the fleet's sum over a window. Rollout gates and the automatic rollback judge these, not one instance's own.
 */
public interface MigrationFiguresPort {
    /** Adds one instance's tally. */
    void add(MigrationTally tally);

    /** The sum of the tallies that ended in {@code (since, until]}, from every instance. */
    MigrationFigures between(Instant since, Instant until);

    /**
     * Deletes tallies that ended before {@code cutoff}, at most {@code batch} of them, and returns how many it deleted:
     * a caller repeats while a full batch went. Safe to run on several instances at once.
     */
    int expire(Instant cutoff, int batch);
}
