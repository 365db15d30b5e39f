package dev.hearth.home.adapter.in.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    public static final String HEADER = "traceparent";
    public static final String MDC_KEY = "traceId";
    static final String PROPERTY = "hearth.traceparent";
    /** version-traceid-parentid-flags; versions after 00 may append fields, which we do not read. */
    private static final Pattern TRACEPARENT =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final Pattern ALL_ZEROS = Pattern.compile("0+");

    @Override
    public void filter(ContainerRequestContext request) {
        String ours = accept(request.getHeaderString(HEADER))
                .map(parent -> "00-" + parent.traceId() + "-" + randomHex(8) + "-" + parent.flags())
                .orElseGet(() -> "00-" + randomHex(16) + "-" + randomHex(8) + "-01");
        request.setProperty(PROPERTY, ours);
        MDC.put(MDC_KEY, ours.substring(3, 35));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MDC.remove(MDC_KEY);
    }

    /** The traceparent of Hearth's span for this request (version 00), set by the filter. */
    public static String of(ContainerRequestContext request) {
        return (String) request.getProperty(PROPERTY);
    }

    record Parent(String traceId, String flags) {
    }

    /** The caller's trace id and flags, if {@code header} is a valid traceparent as W3C Trace Context defines it. */
    static Optional<Parent> accept(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = TRACEPARENT.matcher(header.trim());
        if (!m.matches() || m.group(1).equals("ff") || (m.group(1).equals("00") && m.group(5) != null)
                || ALL_ZEROS.matcher(m.group(2)).matches() || ALL_ZEROS.matcher(m.group(3)).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Parent(m.group(2), m.group(4)));
    }

    /** Trace and span ids need to be unique, not secret: {@link ThreadLocalRandom}, as OpenTelemetry's default uses. */
    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        do {
            ThreadLocalRandom.current().nextBytes(random);
        } while (allZero(random));
        return HexFormat.of().formatHex(random);
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
