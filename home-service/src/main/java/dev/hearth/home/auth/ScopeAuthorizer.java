package dev.hearth.home.auth;

import io.dropwizard.auth.Authorizer;
import jakarta.ws.rs.container.ContainerRequestContext;

/** A "role" in {@code @RolesAllowed} is an OAuth scope the token must grant. */
public final class ScopeAuthorizer implements Authorizer<CustomerPrincipal> {
    @Override
    public boolean authorize(CustomerPrincipal principal, String scope, ContainerRequestContext requestContext) {
        return principal.scopes().contains(scope);
    }
}
