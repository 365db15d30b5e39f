package dev.hearth.home.adapter.in.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * Refuses tokens in the query string ({@code ?access_token=}), which dropwizard-auth would otherwise
 * accept: URLs end up in access logs, proxies and browser history.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 50)
public final class QueryTokenFilter implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getUriInfo().getQueryParameters().containsKey("access_token")) {
            request.abortWith(Problem.response(Problem.Type.TOKEN_IN_QUERY,
                    "Tokens are not accepted in the query string (access_token): send them in the "
                            + "'Authorization: Bearer <token>' header. Treat this token as leaked.",
                    RequestIdFilter.of(request)));
        }
    }
}
