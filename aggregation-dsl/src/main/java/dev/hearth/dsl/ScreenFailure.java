package dev.hearth.dsl;

import java.util.Objects;

/**
 * A required section failed, so the screen cannot be shown.
 *
 * @param notFound true when its port threw {@link NotFoundException} (the resource answers 404)
 */
public record ScreenFailure(String sectionId, Reason reason, boolean notFound, String message) {
    public ScreenFailure {
        Objects.requireNonNull(sectionId, "sectionId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
