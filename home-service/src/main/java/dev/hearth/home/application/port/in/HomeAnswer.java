package dev.hearth.home.application.port.in;

import dev.hearth.dsl.ScreenResult;
import dev.hearth.ports.domain.model.LegacyHome;
import dev.hearth.ports.domain.model.Side;
import java.util.Optional;

/** Who answered the home, and with what: a Hearth screen (possibly a failed one: 503), or the legacy home's JSON. */
public record HomeAnswer(Side side, Optional<ScreenResult> screen, Optional<LegacyHome> legacy) {
    public static HomeAnswer hearth(ScreenResult screen) {
        return new HomeAnswer(Side.HEARTH, Optional.of(screen), Optional.empty());
    }

    public static HomeAnswer legacy(Side side, LegacyHome home) {
        return new HomeAnswer(side, Optional.empty(), Optional.of(home));
    }
}
