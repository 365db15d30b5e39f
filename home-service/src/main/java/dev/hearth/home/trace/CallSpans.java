package dev.hearth.home.trace;

import dev.hearth.dsl.CallContext;
import dev.hearth.dsl.PortDefinition;
import dev.hearth.dsl.PortFunction;
import dev.hearth.dsl.PortRegistry;
import dev.hearth.dsl.ScreenResult;
import dev.hearth.dsl.SectionResult;
import dev.hearth.dsl.SectionStatus;
import dev.hearth.dsl.spi.CallRecord;
import dev.hearth.dsl.spi.ExecutionListener;
import dev.hearth.home.application.ScreenRequestListener;
import dev.hearth.home.resilience.RetryListener;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The spans of what the engine does for a request: one CLIENT span per port call (the downstream HTTP calls and the
 * nickname database calls alike), one INTERNAL span per section, both children of the request's SERVER span.
 *
 * <p>A call's span starts when its port function is called ({@link #decorate}, outside the port's policy, so one span
 * covers every retry of the call), on the call's virtual thread: its parent is the {@code traceparent} request
 * attribute the engine hands every call (the server span's, see {@link Tracing}), and the call goes on with that
 * attribute replaced by the call span's own, so a downstream's spans are children of it. The span is current on the
 * call's thread while the call runs, so the port policy's retries ({@link RetryListener}) mark it. It ends when the
 * engine reports the call ({@link #callFinished}), at the engine's end time, with the engine's outcome and reason
 * (a timed-out call ends at its deadline, while its thread may still be unwinding). A call the engine never started
 * (no budget left, engine bulkhead full) gets a span made after the fact with the record's start and end.
 *
 * <p>Sections are recorded once the screen answered: from the request's start to the end of the section's last call,
 * as the section latency metric measures them. Thread-safe; what is followed is bounded.
 */
public final class CallSpans implements ExecutionListener, RetryListener, ScreenRequestListener {
    public static final AttributeKey<String> PORT = AttributeKey.stringKey("hearth.port");
    public static final AttributeKey<String> PATH = AttributeKey.stringKey("hearth.path");
    public static final AttributeKey<String> SCREEN = AttributeKey.stringKey("hearth.screen");
    public static final AttributeKey<String> SECTION = AttributeKey.stringKey("hearth.section");
    public static final AttributeKey<Long> DEADLINE_MS = AttributeKey.longKey("hearth.deadline_ms");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("hearth.outcome");
    public static final AttributeKey<String> REASON = AttributeKey.stringKey("hearth.reason");
    public static final AttributeKey<Long> RETRY_ATTEMPT = AttributeKey.longKey("hearth.retry.attempt");
    public static final AttributeKey<String> STATUS = AttributeKey.stringKey("hearth.section.status");
    public static final AttributeKey<Long> DEGRADED_PATHS = AttributeKey.longKey("hearth.section.degraded_paths");
    public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("hearth.request_id");
    /** On a batch call's span: how many items it carried (its path ends with {@code (batch of N)}). */
    public static final AttributeKey<Long> BATCH_ITEMS = AttributeKey.longKey("hearth.batch.items");
    static final int MAX_FOLLOWED = 10_000;

    private record Key(String requestId, String path) {
    }

    private record Followed(String screenId, Instant start, Map<String, Instant> lastCallEnd) {
    }

    private final Tracing tracing;
    private final Clock clock;
    private final String traceAttribute;
    /** Call spans started and not yet reported by the engine. */
    private final Map<Key, Span> open = new ConcurrentHashMap<>();
    private final Map<String, Followed> followed = new ConcurrentHashMap<>();

    /** @param traceAttribute the request attribute that carries the {@code traceparent} to every call */
    public CallSpans(Tracing tracing, Clock clock, String traceAttribute) {
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.traceAttribute = Objects.requireNonNull(traceAttribute, "traceAttribute");
    }

    /** {@code registry} with every port's function starting its call's span; timeouts kept. */
    public <C> PortRegistry<C> decorate(PortRegistry<C> registry) {
        PortRegistry.Builder<C> decorated = PortRegistry.builder();
        for (String name : registry.names()) {
            decorated.register(traced(registry.find(name).orElseThrow()));
        }
        return decorated.build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <C> PortDefinition<C, ?, ?> traced(PortDefinition<C, ?, ?> port) {
        String name = port.name();
        // A batch call is one span, its path naming how many items it carries ("cards[0] (batch of 50)").
        return port.decorated(original -> (input, call) -> {
            Span span = start(name, call);
            try (Scope ignored = span.makeCurrent()) {
                return original.call(input, withTraceparent(call, span));
            }
        });
    }

    private Span start(String port, CallContext<?> call) {
        Context parent = tracing.extract(call.attributes());
        Instant now = clock.instant();
        Span span = tracing.tracer().spanBuilder(port).setSpanKind(SpanKind.CLIENT).setParent(parent)
                .setAllAttributes(Attributes.of(PORT, port, PATH, call.path(), DEADLINE_MS,
                        Math.max(0, Duration.between(now, call.deadline()).toMillis())))
                .setAttribute(REQUEST_ID, call.requestId())
                .setAttribute(RETRY_ATTEMPT, 1L)
                .startSpan();
        if (open.size() < MAX_FOLLOWED) {
            open.put(new Key(call.requestId(), call.path()), span);
        } else {
            span.end(); // never reported then: an engine that stopped reporting calls must not fill the memory
        }
        return span;
    }

    private <C> CallContext<C> withTraceparent(CallContext<C> call, Span span) {
        Map<String, String> attributes = new HashMap<>(call.attributes());
        attributes.remove(traceAttribute);
        tracing.headers(Context.root().with(span)).forEach((header, value) -> {
            if (header.equals(Tracing.TRACEPARENT)) {
                attributes.put(traceAttribute, value);
            }
        });
        return new CallContext<>(call.requestId(), call.customer(), attributes, call.path(), call.deadline());
    }

    /** On the call's thread, where its span is current: {@code hearth.retry.attempt} becomes the attempt started. */
    @Override
    public void retrying(String port, int attempt) {
        Span span = Span.current();
        span.setAttribute(RETRY_ATTEMPT, (long) attempt);
        span.addEvent("retry", Attributes.of(RETRY_ATTEMPT, (long) attempt));
    }

    @Override
    public void callFinished(CallRecord call) {
        Followed request = followed.get(call.requestId());
        if (request != null) {
            request.lastCallEnd().merge(call.sectionId(), call.end(), (a, b) -> a.isAfter(b) ? a : b);
        }
        Span started = open.remove(new Key(call.requestId(), call.path()));
        Span span = started != null ? started : afterTheFact(call);
        if (span == null) {
            return; // neither started nor of a request in flight: nothing to hang it on
        }
        span.setAttribute(OUTCOME, outcome(call));
        if (call.isBatch()) {
            span.setAttribute(BATCH_ITEMS, (long) call.items());
        }
        call.reason().ifPresent(reason -> span.setAttribute(REASON, reason.name()));
        if (!call.success() && !call.notFound() && call.reason().isPresent()) {
            span.setStatus(StatusCode.ERROR, call.reason().get().name());
        }
        span.end(call.end());
    }

    /** The span of a call the engine never started, or null when it belongs to no request in flight. */
    private Span afterTheFact(CallRecord call) {
        Optional<Context> parent = tracing.server(call.requestId());
        if (parent.isEmpty()) {
            return null;
        }
        return tracing.tracer().spanBuilder(call.port()).setSpanKind(SpanKind.CLIENT).setParent(parent.get())
                .setStartTimestamp(call.start())
                .setAllAttributes(Attributes.of(PORT, call.port(), PATH, call.path(), DEADLINE_MS,
                        Math.max(0, Duration.between(call.start(), call.effectiveDeadline()).toMillis())))
                .setAttribute(REQUEST_ID, call.requestId())
                .startSpan();
    }

    private static String outcome(CallRecord call) {
        if (call.success()) {
            return "success";
        }
        if (call.notFound()) {
            return "not_found";
        }
        return call.reason().isPresent() ? "failure" : "abandoned";
    }

    @Override
    public void started(String requestId, String screenId) {
        if (followed.size() < MAX_FOLLOWED) {
            followed.put(requestId, new Followed(screenId, clock.instant(), new ConcurrentHashMap<>()));
        }
        tracing.server(requestId).map(Span::fromContext).ifPresent(span -> span.setAttribute(SCREEN, screenId));
    }

    @Override
    public void finished(String requestId, ScreenResult result) {
        Followed request = followed.remove(requestId);
        Optional<Context> parent = tracing.server(requestId);
        if (request == null || parent.isEmpty()) {
            return;
        }
        Instant end = clock.instant();
        for (SectionResult section : result.sections()) {
            Span span = tracing.tracer().spanBuilder("section " + section.id()).setParent(parent.get())
                    .setStartTimestamp(request.start())
                    .setAttribute(SCREEN, result.screenId())
                    .setAttribute(SECTION, section.id())
                    .setAttribute(STATUS, section.status().name())
                    .setAttribute(DEGRADED_PATHS, (long) section.degraded().size())
                    .startSpan();
            section.reason().ifPresent(reason -> span.setAttribute(REASON, reason.name()));
            if (section.status() == SectionStatus.FAILED) {
                span.setStatus(StatusCode.ERROR, section.reason().map(Enum::name).orElse("FAILED"));
            }
            span.end(request.lastCallEnd().getOrDefault(section.id(), end));
        }
    }

    @Override
    public void abandoned(String requestId, RuntimeException failure) {
        followed.remove(requestId);
    }
}
