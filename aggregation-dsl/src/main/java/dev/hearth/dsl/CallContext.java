package dev.hearth.dsl;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What every port call receives, explicitly (no ThreadLocal magic needed by ports).
 *
 * @param <C>        the type of the customer, the engine's ({@link AggregationEngine#builder(Class)})
 * @param requestId  the request's id, for logs and forwarding
 * @param customer   the authenticated principal the request is for, as {@link ScreenRequest#customer()} gave it
 * @param attributes request attributes to forward (e.g. {@code authorization}, {@code traceparent})
 * @param path       where this call's result goes, e.g. {@code accounts[2].balance}, {@code cards[7]}, {@code profile}
 * @param deadline   the call's effective deadline; the call is interrupted when it passes
 */
public record CallContext<C>(String requestId, C customer, Map<String, String> attributes, String path,
        Instant deadline) {
    public CallContext {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(customer, "customer");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(deadline, "deadline");
    }

    /** The request attribute {@code name} ({@link ScreenRequest.Builder#attribute}), if the request has one. */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(Objects.requireNonNull(name, "name")));
    }
}
