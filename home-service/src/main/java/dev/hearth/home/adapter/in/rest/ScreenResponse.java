package dev.hearth.home.adapter.in.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hearth.dsl.Degradation;
import dev.hearth.dsl.Reason;
import dev.hearth.dsl.ScreenResult;
import dev.hearth.dsl.SectionResult;
import dev.hearth.dsl.SectionStatus;
import java.time.Instant;
import java.util.List;

/**
 * The response contract (docs/adr/015-screen-response-contract.md): a typed status per section, degraded paths, no
 * internals. {@code variant}: the screen's variant that answered, its name or {@code default}
 * (docs/adr/028-screen-variants.md). {@code experiment} and {@code arm}: only when the customer is in an experiment
 * running on the screen, its name and the arm that answered (docs/adr/029-experiments.md); absent otherwise.
 */
public record ScreenResponse(String screen, String variant,
        @JsonInclude(JsonInclude.Include.NON_NULL) String experiment,
        @JsonInclude(JsonInclude.Include.NON_NULL) String arm, boolean complete, List<SectionView> sections) {

    /**
     * One section as the app sees it. {@code items}, on a PARTIAL fan-out section only (one call per item of another
     * section, e.g. cards): how many items it asked for and returned; the ones missing are in {@code degraded} by
     * their position among those asked for ({@code cards[3]}), docs/adr/025-early-start-and-fan-out-counts.md.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record SectionView(String id, SectionStatus status, Reason reason, Instant asOf,
            @JsonInclude(JsonInclude.Include.NON_NULL) Object data, Items items, List<Degradation> degraded) {
        static SectionView of(SectionResult section) {
            return new SectionView(section.id(), section.status(), section.reason().orElse(null),
                    section.asOf().orElse(null), section.data(),
                    section.items().map(n -> new Items(n.asked(), n.returned())).orElse(null), section.degraded());
        }
    }

    /** {@code "items": { "asked": 5, "returned": 2 }}. */
    public record Items(int asked, int returned) {
    }

    public static ScreenResponse of(ScreenResult result) {
        return new ScreenResponse(result.screenId(), result.variant(), result.experiment().orElse(null),
                result.arm().orElse(null), result.complete(),
                result.sections().stream().map(SectionView::of).toList());
    }
}
