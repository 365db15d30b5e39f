package dev.hearth.home.adapter.in.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Refuses a request with more than one {@code Authorization} header (400), before dropwizard-auth's filter reads the
 * first and ignores the rest: which credential a request carries must not depend on header order, and a proxy and
 * Hearth must not disagree about who is asking.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 40)
public final class SingleAuthorizationFilter implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        if (moreThanOne(request.getHeaders().get(HttpHeaders.AUTHORIZATION))) {
            request.abortWith(Problem.response(Problem.Type.MULTIPLE_AUTHORIZATION_HEADERS,
                    "The request carries more than one Authorization header: send exactly one, "
                            + "'Authorization: Bearer <token>'.",
                    RequestIdFilter.of(request)));
        }
    }

    /** Whether the values of the {@code Authorization} header (null when absent) are more than one. */
    static boolean moreThanOne(List<String> authorization) {
        return authorization != null && authorization.size() > 1;
    }
}
