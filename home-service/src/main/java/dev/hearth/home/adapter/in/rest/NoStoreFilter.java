package dev.hearth.home.adapter.in.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * {@code Cache-Control: no-store} on every answer of the API, success or error: a screen carries balances, and no
 * cache (the app's, a proxy's) may keep one; a 401 or 503 must not be replayed from a cache either. Jetty's own errors
 * get the same header from {@link ProblemErrorHandler}.
 */
public final class NoStoreFilter implements ContainerResponseFilter {
    public static final String NO_STORE = "no-store";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, NO_STORE);
    }
}
