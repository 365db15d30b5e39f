package dev.hearth.home.adapter.in.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Accepts the caller's {@code X-Request-Id} when it is well formed, or creates one; puts it in the MDC
 * for every log line of the request and echoes it on the response.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    static final String PROPERTY = "hearth.requestId";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    public void filter(ContainerRequestContext request) {
        String id = acceptOrCreate(request.getHeaderString(HEADER));
        request.setProperty(PROPERTY, id);
        MDC.put(MDC_KEY, id);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
        MDC.remove(MDC_KEY);
    }

    /** The caller's id when it is well formed, else a new one; also for errors Jetty answers before Jersey runs. */
    public static String acceptOrCreate(String offered) {
        return offered != null && WELL_FORMED.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }

    public static String of(ContainerRequestContext request) {
        return (String) request.getProperty(PROPERTY);
    }
}
