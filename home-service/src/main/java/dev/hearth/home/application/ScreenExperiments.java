package dev.hearth.home.application;

import dev.hearth.ports.domain.model.Experiment;
import java.util.Optional;

/** The experiment running on a screen now, as this instance follows it; read once per request, from memory. */
@FunctionalInterface
public interface ScreenExperiments {
    /** No experiment anywhere. */
    ScreenExperiments NONE = screen -> Optional.empty();

    /** The experiment running on {@code screen}; empty when none is. */
    Optional<Experiment> running(String screen);
}
