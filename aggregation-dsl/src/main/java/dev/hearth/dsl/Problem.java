package dev.hearth.dsl;

import java.util.Objects;
import java.util.Optional;

/** One thing wrong with a screen definition: where (when known), what, and how to fix it. */
public record Problem(Optional<Origin> origin, String message, String hint) {
    public Problem {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(hint, "hint");
    }

    /** {@code file:line: message (hint: ...)}. */
    @Override
    public String toString() {
        return origin.map(o -> o + ": ").orElse("") + message + (hint.isEmpty() ? "" : " (hint: " + hint + ")");
    }
}
