package dev.hearth.ports.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change of an experiment, as its history keeps it: started, changed (percentages) or stopped; when, by whom,
 * from which arms to which, and why (docs/adr/029-experiments.md).
 *
 * @param fromArms the arms before ({@code default:50,new-banners:50}); empty when it was started
 * @param toArms   the arms after; empty when it was stopped
 * @param actor    who (the vocabulary of {@link RolloutChange}: {@code admin <user>} ...)
 * @param reason   why, as given; empty when none was
 */
public record ExperimentChange(String screen, String experiment, Action action, Instant changedAt, String actor,
        Optional<String> reason, Optional<String> fromArms, Optional<String> toArms) {
    /** What was done. */
    public enum Action {
        START, CHANGE, STOP
    }

    public ExperimentChange {
        Checks.text(screen, "screen");
        Checks.text(experiment, "experiment");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(changedAt, "changedAt");
        Checks.text(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(fromArms, "fromArms");
        Objects.requireNonNull(toArms, "toArms");
    }
}
