package dev.hearth.home.application.bindings;

import java.util.Optional;

/**
 * One system's ports as the screens see them, registered under the names screen files use: the one place a port is
 * added (see the README's "How to add a port"). Every registration is listed in {@link ScreenBindings#REGISTRATIONS}
 * and built with its out-ports injected.
 */
public interface ScreenPorts {
    /**
     * The downstream these ports call, as named under config.yml's {@code downstreams:} ({@code coreBanking}); empty
     * for Hearth's own database.
     */
    Optional<String> downstream();

    void register(Registrar ports);
}
