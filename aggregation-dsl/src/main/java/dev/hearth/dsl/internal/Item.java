package dev.hearth.dsl.internal;

import dev.hearth.dsl.Degradation;
import java.util.List;

/**
 * One item of a section: what to show ({@code data}, an EnrichedItem when there are fields), what dependents get
 * ({@code raw}, the port's own value) and what of it is degraded; or the failure that left it out.
 */
record Item(Object data, Object raw, List<Degradation> degraded, CallOutcome.Failure failure) {
    static Item ok(Object data, Object raw, List<Degradation> degraded) {
        return new Item(data, raw, List.copyOf(degraded), null);
    }

    static Item failed(CallOutcome.Failure failure) {
        return new Item(null, null, List.of(), failure);
    }

    boolean isFailed() {
        return failure != null;
    }
}
