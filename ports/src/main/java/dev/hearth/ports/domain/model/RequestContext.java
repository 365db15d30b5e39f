package dev.hearth.ports.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What a port call carries of the request that caused it: the request id to forward for
 * correlation, the authenticated customer, the caller's bearer token where a downstream needs it
 * forwarded, and the W3C {@code traceparent} header to send downstream, ready made: the call's own span, as
 * OpenTelemetry's propagator writes it in home-service (ports and adapters know no tracing library).
 * {@link #toString()} never prints the token.
 */
public record RequestContext(String requestId, CustomerId customer, Optional<String> bearerToken,
        Optional<String> traceparent) {
    public RequestContext {
        Checks.text(requestId, "requestId");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(bearerToken, "bearerToken");
        Objects.requireNonNull(traceparent, "traceparent");
    }

    /** Without trace context. */
    public RequestContext(String requestId, CustomerId customer, Optional<String> bearerToken) {
        this(requestId, customer, bearerToken, Optional.empty());
    }

    public static RequestContext of(String requestId, CustomerId customer) {
        return new RequestContext(requestId, customer, Optional.empty());
    }

    @Override
    public String toString() {
        return "RequestContext[requestId=" + requestId + ", customer=" + customer + ", bearerToken="
                + (bearerToken.isPresent() ? "***" : "none") + ", traceparent=" + traceparent.orElse("none") + "]";
    }
}
