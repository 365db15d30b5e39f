package dev.hearth.home.adapter.in.rest;

import dev.hearth.ports.domain.model.TraceParent;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import org.slf4j.MDC;

/**
 * W3C Trace Context: continues the caller's trace when its {@code traceparent} is well formed, or starts one. Hearth's
 * handling of the request is a span of its own (a new span id, the caller's as parent), whose {@code traceparent} every
 * port call receives; the HTTP adapters send each downstream a child of it. The trace id goes into the MDC as
 * {@code traceId}. A malformed header is ignored, not refused: tracing must never fail a request.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 90)
public final class TraceContextFilter implements ContainerRequestFilter, ContainerResponseFilter {
    public static final String HEADER = TraceParent.HEADER;
    public static final String MDC_KEY = "traceId";
    static final String PROPERTY = "hearth.traceparent";

    @Override
    public void filter(ContainerRequestContext request) {
        TraceParent ours = TraceParent.parse(request.getHeaderString(HEADER)).map(TraceParent::child)
                .orElseGet(TraceParent::newTrace);
        request.setProperty(PROPERTY, ours.header());
        MDC.put(MDC_KEY, ours.traceId());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MDC.remove(MDC_KEY);
    }

    /** The traceparent of Hearth's span for this request (version 00), set by the filter. */
    public static String of(ContainerRequestContext request) {
        return (String) request.getProperty(PROPERTY);
    }
}
