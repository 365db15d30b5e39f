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
    private final String variant;

    private ScreenResult(String screenId, List<SectionResult> sections, ScreenFailure failure, String variant) {
        this.screenId = Objects.requireNonNull(screenId, "screenId");
        this.sections = List.copyOf(sections);
        this.failure = failure;
        this.variant = Objects.requireNonNull(variant, "variant");
    }

    public static ScreenResult of(String screenId, List<SectionResult> sections, Optional<ScreenFailure> failure) {
        return new ScreenResult(screenId, Objects.requireNonNull(sections, "sections"),
                Objects.requireNonNull(failure, "failure").orElse(null), Variant.DEFAULT);
    }

    /** This result, said to be answered by the screen's variant {@code variant}. */
    public ScreenResult answeredBy(String variant) {
        return new ScreenResult(screenId, sections, failure, variant);
    }

    /** The variant of the screen that answered: its name, or {@value Variant#DEFAULT}. */
    public String variant() {
        return variant;
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
        return "ScreenResult[" + screenId + (variant.equals(Variant.DEFAULT) ? "" : " variant " + variant) + ", complete=" + complete() + ", failure=" + failure + ", " + sections + "]";
    }
}
