package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.Experiment;
import dev.hearth.ports.domain.model.ExperimentChange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The experiments shared by every instance (docs/adr/029-experiments.md): at most one running per screen, and the
 * history of every start, change and stop, each written in the same transaction as the change itself. Each instance
 * reads the running ones every poll interval.
 */
public interface ExperimentStorePort {
    /** Every experiment running now, ordered by screen. */
    List<Experiment> running();

    /**
     * Stores {@code experiment} as running on its screen and its start in the history.
     *
     * @return empty when it was stored; the experiment already running on that screen otherwise (nothing stored)
     */
    Optional<Experiment> start(Experiment experiment, Optional<String> reason);

    /**
     * Gives the experiment {@code name} running on {@code screen} new arms ({@link Experiment#changed}) and records
     * the change.
     *
     * @return the experiment as it was before; empty when no experiment of that name runs on that screen
     */
    Optional<Experiment> change(String screen, String name, List<Experiment.Arm> arms, Instant at, String actor,
            Optional<String> reason);

    /**
     * Stops the experiment {@code name} running on {@code screen} and records it.
     *
     * @return the experiment stopped; empty when none of that name ran there
     */
    Optional<Experiment> stop(String screen, String name, Instant at, String actor, Optional<String> reason);

    /** The most recent {@code limit} changes of every experiment, newest first. */
    List<ExperimentChange> history(int limit);
}
