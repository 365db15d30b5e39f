package dev.hearth.home.trace;

import dev.hearth.dsl.spi.CallRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** What the admin endpoints answer: traces as JSON documents, times in milliseconds from the request's start. */
public final class TraceJson {
    /** The outcome of a call whose port answered "not found": shown neutral, not as a failure. */
    static final String NOT_FOUND = "NOT_FOUND";

    private TraceJson() {
    }

    /**
     * One line of {@code GET /traces}: {@code start} in UTC (ISO-8601, {@code Z}); {@code status} {@code complete},
     * {@code degraded} or {@code failed}; {@code traceId} the OpenTelemetry trace's (null if unknown).
     */
    public record Summary(String requestId, String screen, String start, double durationMs, boolean complete, int degraded,
            int calls, long failedCalls, String status, String traceId) {
    }

    /** {@code GET /traces/{requestId}}. */
    public record Detail(String requestId, String screen, String start, double durationMs, boolean complete, int degraded,
            String failure, List<Section> sections, List<Call> calls, int droppedCalls, String status, String traceId) {
    }

    public record Section(String id, String status, String reason, int degradedPaths) {
    }

    /**
     * One port call: {@code outcome} is {@code OK}, {@code NOT_FOUND} (the port answered "there is none": not an
     * error) or the reason it failed ({@code TIMEOUT}, {@code ERROR}, ...); {@code reason} is null when it succeeded,
     * and for a "not found" the reason the engine gave it (usually {@code ERROR}). {@code items}: how many items the
     * call carried, more than 1 for a batch call (its path then ends with {@code (batch of N)}).
     */
    public record Call(String path, String port, double startMs, double endMs, double durationMs, double deadlineMs,
            String outcome, String reason, int items) {
    }

    public static Summary summary(Trace trace) {
        return new Summary(trace.requestId(), trace.screenId(), trace.start().toString(), ms(trace.duration()),
                trace.complete(), trace.degraded(), trace.calls().size() + trace.droppedCalls(),
                trace.calls().stream().filter(c -> !c.success() && !c.notFound()).count(), trace.status(),
                trace.traceId().orElse(null));
    }

    public static Detail detail(Trace trace) {
        List<Section> sections = trace.sections().stream()
                .map(s -> new Section(s.id(), s.status().name(), s.reason().orElse(null), s.degradedPaths()))
                .toList();
        List<Call> calls = trace.calls().stream()
                .sorted(Comparator.comparing(CallRecord::start).thenComparing(CallRecord::path))
                .map(c -> call(trace.start(), c))
                .toList();
        return new Detail(trace.requestId(), trace.screenId(), trace.start().toString(), ms(trace.duration()),
                trace.complete(), trace.degraded(), trace.failure().orElse(null), sections, calls,
                trace.droppedCalls(), trace.status(), trace.traceId().orElse(null));
    }

    private static Call call(Instant origin, CallRecord call) {
        String reason = call.success() ? null : call.reason().map(Enum::name).orElse("ERROR");
        return new Call(call.path(), call.port(), offset(origin, call.start()), offset(origin, call.end()),
                ms(Duration.between(call.start(), call.end())), offset(origin, call.effectiveDeadline()),
                reason == null ? "OK" : call.notFound() ? NOT_FOUND : reason, reason, call.items());
    }

    private static double offset(Instant origin, Instant at) {
        return ms(Duration.between(origin, at));
    }

    /** Milliseconds to a tenth. */
    private static double ms(Duration duration) {
        return Math.round(duration.toNanos() / 100_000.0) / 10.0;
    }
}
