package dev.hearth.ports.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What a port call carries of the request that caused it: the request id to forward for
 * correlation, the authenticated customer, and the caller's bearer token where a downstream needs it
 * forwarded. {@link #toString()} never prints the token.
 */
public record RequestContext(String requestId, CustomerId customer, Optional<String> bearerToken) {
    public RequestContext {
        Checks.text(requestId, "requestId");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(bearerToken, "bearerToken");
    }

    public static RequestContext of(String requestId, CustomerId customer) {
        return new RequestContext(requestId, customer, Optional.empty());
    }

    @Override
    public String toString() {
        return "RequestContext[requestId=" + requestId + ", customer=" + customer + ", bearerToken="
                + (bearerToken.isPresent() ? "***" : "none") + "]";
    }
}
