package dev.hearth.dsl.internal;

import dev.hearth.dsl.Degradation;
import java.time.Instant;
import java.util.List;

/**
 * One item of a section: what to show ({@code data}, an EnrichedItem when there are fields), what dependents get
 * ({@code raw}, the port's own value), what of it is degraded and when it was fetched if not now ({@code asOf});
 * or the failure that left it out.
 */
record Item(Object data, Object raw, List<Degradation> degraded, Instant asOf, CallOutcome.Failure failure) {
    static Item ok(Object data, Object raw, List<Degradation> degraded) {
        return new Item(data, raw, List.copyOf(degraded), null, null);
    }

    static Item failed(CallOutcome.Failure failure) {
        return new Item(null, null, List.of(), null, failure);
    }

    boolean isFailed() {
        return failure != null;
    }

    Item withAsOf(Instant asOf) {
        return new Item(data, raw, degraded, asOf, failure);
    }

    Item plus(Degradation degradation) {
        List<Degradation> more = new java.util.ArrayList<>(degraded);
        more.add(0, degradation);
        return new Item(data, raw, List.copyOf(more), asOf, failure);
    }
}
