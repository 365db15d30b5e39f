package dev.hearth.dsl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one screen request: every section's result in screen order and, when a required section failed,
 * the failure. Immutable.
 */
public final class ScreenResult {
    private final String screenId;
    private final List<SectionResult> sections;
    private final ScreenFailure failure;

    private ScreenResult(String screenId, List<SectionResult> sections, ScreenFailure failure) {
        this.screenId = Objects.requireNonNull(screenId, "screenId");
        this.sections = List.copyOf(sections);
        this.failure = failure;
    }

    public static ScreenResult of(String screenId, List<SectionResult> sections, Optional<ScreenFailure> failure) {
        return new ScreenResult(screenId, Objects.requireNonNull(sections, "sections"),
                Objects.requireNonNull(failure, "failure").orElse(null));
    }

    public String screenId() {
        return screenId;
    }

    /** True when no required section failed and every section is OK. */
    public boolean complete() {
        return failure == null && sections.stream().allMatch(s -> s.status() == SectionStatus.OK);
    }

    public List<SectionResult> sections() {
        return sections;
    }

    public Optional<ScreenFailure> failure() {
        return Optional.ofNullable(failure);
    }

    public Optional<SectionResult> section(String id) {
        return sections.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return "ScreenResult[" + screenId + ", complete=" + complete() + ", failure=" + failure + ", " + sections + "]";
    }
}
