package dev.hearth.home.auth;

import dev.hearth.ports.domain.model.CustomerId;
import java.security.Principal;
import java.util.Objects;
import java.util.Set;

/**
 * The authenticated customer of a request, with the scopes their token grants and the token itself
 * (forwarded to downstreams that need the customer's own authentication, such as the legacy home).
 * {@link #toString()} never prints the token.
 */
public record CustomerPrincipal(CustomerId customerId, Set<String> scopes, String bearerToken) implements Principal {
    public CustomerPrincipal {
        Objects.requireNonNull(customerId, "customerId");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(bearerToken, "bearerToken");
    }

    @Override
    public String getName() {
        return customerId.value();
    }

    @Override
    public String toString() {
        return "CustomerPrincipal[" + customerId + ", scopes=" + scopes + "]";
    }
}
