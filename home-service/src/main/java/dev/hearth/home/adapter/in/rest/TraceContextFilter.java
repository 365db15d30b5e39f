package dev.hearth.home.adapter.in.rest;

import dev.hearth.home.trace.CallSpans;
import dev.hearth.home.trace.Tracing;
import dev.hearth.ports.domain.model.Side;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Objects;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;
import org.slf4j.MDC;

/**
 * W3C Trace Context by OpenTelemetry: starts the request's SERVER span, a child of the caller's {@code traceparent}
 * when the propagator finds a valid one (a malformed header is ignored, not refused: tracing must never fail a request),
 * or the root of a new trace. The span is not made current (the work runs on other threads): its {@code traceparent},
 * made by the propagator, goes with the request to every port call, whose CLIENT spans are its children
 * ({@link CallSpans}). The trace id goes into the MDC as {@code traceId} and back to the caller as
 * {@value #TRACE_ID_HEADER}. The span is named by the matched route ({@code GET /v1/screens/{screen}}) and carries the
 * screen, the section of a refetch, who served the home and the status: never the customer, a token or a query string.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 90)
public final class TraceContextFilter implements ContainerRequestFilter, ContainerResponseFilter {
    public static final String HEADER = Tracing.TRACEPARENT;
    /** The response header with the request's trace id (32 hex digits), to find it in a tracing backend. */
    public static final String TRACE_ID_HEADER = "X-Trace-Id";
    public static final String MDC_KEY = "traceId";
    /** The MDC key of the request's server span id, beside its trace id: every log line of the request carries both. */
    public static final String SPAN_MDC_KEY = "spanId";
    static final String PROPERTY = "hearth.traceparent";
    private static final String SPAN = "hearth.span";
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> SERVED_BY = AttributeKey.stringKey("hearth.served_by");

    private final Tracing tracing;

    public TraceContextFilter(Tracing tracing) {
        this.tracing = Objects.requireNonNull(tracing, "tracing");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String requestId = RequestIdFilter.of(request);
        Span span = tracing.startServer(requestId, request.getMethod(), request::getHeaderString);
        span.setAttribute(METHOD, request.getMethod());
        span.setAttribute(CallSpans.REQUEST_ID, requestId);
        request.setProperty(SPAN, span);
        Context server = tracing.server(requestId).orElseGet(() -> Context.root().with(span));
        request.setProperty(PROPERTY, tracing.headers(server).get(HEADER));
        MDC.put(MDC_KEY, span.getSpanContext().getTraceId());
        MDC.put(SPAN_MDC_KEY, span.getSpanContext().getSpanId());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MDC.remove(MDC_KEY);
        MDC.remove(SPAN_MDC_KEY);
        if (!(request.getProperty(SPAN) instanceof Span span)) {
            return;
        }
        request.removeProperty(SPAN);
        response.getHeaders().putSingle(TRACE_ID_HEADER, span.getSpanContext().getTraceId());
        if (request.getUriInfo() instanceof ExtendedUriInfo uri && !uri.getMatchedTemplates().isEmpty()) {
            String route = route(uri);
            span.updateName(request.getMethod() + " " + route);
            span.setAttribute(ROUTE, route);
            MultivaluedMap<String, String> params = uri.getPathParameters();
            String screen = params.getFirst("screen");
            span.setAttribute(CallSpans.SCREEN, screen != null ? screen : route.endsWith("/home") ? "home" : null);
            if (params.getFirst("section") != null) {
                span.setAttribute(CallSpans.SECTION, params.getFirst("section"));
            }
        }
        Object servedBy = response.getHeaders().getFirst(Side.HEADER);
        if (servedBy != null) {
            span.setAttribute(SERVED_BY, servedBy.toString());
        }
        span.setAttribute(STATUS, (long) response.getStatus());
        if (response.getStatus() >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
        tracing.endServer(RequestIdFilter.of(request));
    }

    /** The {@code traceparent} of Hearth's server span for this request (version 00), set by the filter. */
    public static String of(ContainerRequestContext request) {
        return (String) request.getProperty(PROPERTY);
    }

    /** {@code /v1/screens/{screen}}: the matched templates, outermost first (Jersey lists them innermost first). */
    private static String route(ExtendedUriInfo uri) {
        List<UriTemplate> templates = uri.getMatchedTemplates();
        StringBuilder route = new StringBuilder();
        for (int i = templates.size() - 1; i >= 0; i--) {
            String template = templates.get(i).getTemplate();
            if (!template.startsWith("/") && !route.toString().endsWith("/")) {
                route.append('/');
            }
            route.append(template);
        }
        return route.toString().replace("//", "/");
    }
}
