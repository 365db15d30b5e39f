package dev.hearth.home.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Hearth's OpenTelemetry tracing: the tracer and the W3C propagator of the configured SDK, and the server span of every
 * request in flight, by request id. The context travels explicitly (never a ThreadLocal across threads): the server
 * span's {@code traceparent}, made by the propagator, is a request attribute the engine hands every port call
 * ({@link CallSpans}); sections are recorded from the engine's events as children of the server span found here.
 * Thread-safe; bounded ({@link #MAX_IN_FLIGHT} requests, the oldest forgotten first).
 */
public final class Tracing {
    /** The W3C header, as the propagator reads and writes it. */
    public static final String TRACEPARENT = "traceparent";
    /** The instrumentation scope of every span Hearth makes. */
    public static final String SCOPE = "dev.hearth.home";
    static final int MAX_IN_FLIGHT = 4_096;

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    /** Guarded by itself; insertion order, so the eldest is the oldest request. */
    private final Map<String, Context> servers = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Context> eldest) {
            return size() > MAX_IN_FLIGHT;
        }
    });

    public Tracing(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Tracing that records nothing: no-op spans, W3C propagation still. */
    public static Tracing noop() {
        return new Tracing(OpenTelemetry.propagating(io.opentelemetry.context.propagation.ContextPropagators.create(
                io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance())));
    }

    public Tracer tracer() {
        return tracer;
    }

    /**
     * Starts the SERVER span of request {@code requestId}, a child of the caller's context when {@code header} gives a
     * valid one (a malformed header is ignored by the propagator: tracing never fails a request). Not made current:
     * whoever needs it asks {@link #server(String)} or reads the {@code traceparent} made from it.
     */
    public Span startServer(String requestId, String name, UnaryOperator<String> header) {
        Context parent = propagator.extract(Context.root(), header, new TextMapGetter<>() {
            @Override
            public Iterable<String> keys(UnaryOperator<String> carrier) {
                return java.util.List.of(TRACEPARENT, "tracestate");
            }

            @Override
            public String get(UnaryOperator<String> carrier, String key) {
                return carrier == null ? null : carrier.apply(key);
            }
        });
        Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
        servers.put(Objects.requireNonNull(requestId, "requestId"), parent.with(span));
        return span;
    }

    /** The context of request {@code requestId}'s server span while it is in flight. */
    public Optional<Context> server(String requestId) {
        return Optional.ofNullable(servers.get(requestId));
    }

    /** The trace id (32 hex digits) of request {@code requestId}'s server span while it is in flight. */
    public Optional<String> traceId(String requestId) {
        return server(requestId).map(context -> Span.fromContext(context).getSpanContext())
                .filter(span -> span.isValid()).map(span -> span.getTraceId());
    }

    /** Forgets request {@code requestId}'s server span (it ended). */
    public void endServer(String requestId) {
        servers.remove(requestId);
    }

    /** The {@code traceparent} (and {@code tracestate}, when there is one) of {@code context}'s span, by the propagator. */
    public Map<String, String> headers(Context context) {
        Map<String, String> headers = new HashMap<>();
        propagator.inject(context, headers, (carrier, key, value) -> carrier.put(key, value));
        return headers;
    }

    /** The context whose span {@code headers} name (e.g. a call's request attributes), or the root context. */
    public Context extract(Map<String, String> headers) {
        return propagator.extract(Context.root(), headers, MAP_GETTER);
    }
}
