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
    private final String experiment;
    private final String arm;

    private ScreenResult(String screenId, List<SectionResult> sections, ScreenFailure failure, String variant) {
        this(screenId, sections, failure, variant, null, null);
    }

    private ScreenResult(String screenId, List<SectionResult> sections, ScreenFailure failure, String variant,
            String experiment, String arm) {
        this.screenId = Objects.requireNonNull(screenId, "screenId");
        this.sections = List.copyOf(sections);
        this.failure = failure;
        this.variant = Objects.requireNonNull(variant, "variant");
        this.experiment = experiment;
        this.arm = arm;
    }

    public static ScreenResult of(String screenId, List<SectionResult> sections, Optional<ScreenFailure> failure) {
        return new ScreenResult(screenId, Objects.requireNonNull(sections, "sections"),
                Objects.requireNonNull(failure, "failure").orElse(null), Variant.DEFAULT);
    }

    /** This result, said to be answered by the screen's variant {@code variant}. */
    public ScreenResult answeredBy(String variant) {
        return new ScreenResult(screenId, sections, failure, variant, experiment, arm);
    }

    /**
     * This result, said to be answered as arm {@code arm} (a variant's name) of the experiment {@code experiment}
     * running on the screen (docs/adr/029-experiments.md).
     */
    public ScreenResult inExperiment(String experiment, String arm) {
        return new ScreenResult(screenId, sections, failure, variant, Objects.requireNonNull(experiment, "experiment"),
                Objects.requireNonNull(arm, "arm"));
    }

    /** The experiment the request was in; empty when it was in none. */
    public Optional<String> experiment() {
        return Optional.ofNullable(experiment);
    }

    /** The experiment's arm that answered (a variant's name, {@value Variant#DEFAULT} for the control); empty when in none. */
    public Optional<String> arm() {
        return Optional.ofNullable(arm);
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
        return "ScreenResult[" + screenId + (variant.equals(Variant.DEFAULT) ? "" : " variant " + variant)
                + (arm == null ? "" : " experiment " + experiment + " arm " + arm) + ", complete=" + complete() + ", failure=" + failure + ", " + sections + "]";
    }
}
