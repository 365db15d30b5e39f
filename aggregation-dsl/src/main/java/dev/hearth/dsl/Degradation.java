package dev.hearth.dsl;

import java.util.Objects;

/** One degraded item or field of a section, e.g. {@code accounts[2].balance} TIMEOUT. */
public record Degradation(String path, Reason reason) {
    public Degradation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }
}
