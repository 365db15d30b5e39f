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
 * internals.
 */
public record ScreenResponse(String screen, boolean complete, List<SectionView> sections) {

    /** One section as the app sees it. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record SectionView(String id, SectionStatus status, Reason reason, Instant asOf,
            @JsonInclude(JsonInclude.Include.NON_NULL) Object data, List<Degradation> degraded) {
        static SectionView of(SectionResult section) {
            return new SectionView(section.id(), section.status(), section.reason().orElse(null),
                    section.asOf().orElse(null), section.data(), section.degraded());
        }
    }

    public static ScreenResponse of(ScreenResult result) {
        return new ScreenResponse(result.screenId(), result.complete(),
                result.sections().stream().map(SectionView::of).toList());
    }
}
