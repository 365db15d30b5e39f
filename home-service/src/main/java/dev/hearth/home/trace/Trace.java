package dev.hearth.home.trace;

import dev.hearth.dsl.ScreenResult;
import dev.hearth.dsl.SectionStatus;
import dev.hearth.dsl.spi.CallRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One finished screen request: when it ran, how each section came out, and every port call it made (deduplicated
 * calls once, under the path of their first caller), and the id of its OpenTelemetry trace. Immutable.
 *
 * @param failure why the screen could not be shown (a required section failed, or the engine threw); empty when it was
 * @param droppedCalls calls beyond {@link TraceRecorder}'s per-request limit, counted but not kept
 * @param traceId the W3C trace id of the request (32 hex digits), to find it in a tracing backend; empty if unknown
 */
public record Trace(String requestId, String screenId, Instant start, Instant end, List<SectionSummary> sections,
        Optional<String> failure, List<CallRecord> calls, int droppedCalls, Optional<String> traceId) {

    /** How one section came out: {@code OK}, {@code PARTIAL}, ... with the reason and how many of its paths degraded. */
    public record SectionSummary(String id, SectionStatus status, Optional<String> reason, int degradedPaths) {
        public SectionSummary {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reason, "reason");
        }
    }

    public Trace {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(screenId, "screenId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        sections = List.copyOf(sections);
        Objects.requireNonNull(failure, "failure");
        calls = List.copyOf(calls);
        Objects.requireNonNull(traceId, "traceId");
    }

    /** Without a trace id. */
    public Trace(String requestId, String screenId, Instant start, Instant end, List<SectionSummary> sections,
            Optional<String> failure, List<CallRecord> calls, int droppedCalls) {
        this(requestId, screenId, start, end, sections, failure, calls, droppedCalls, Optional.empty());
    }

    /** {@code complete}, {@code degraded} (shown, some section not OK) or {@code failed} (not shown). */
    public String status() {
        return failure.isPresent() ? "failed" : complete() ? "complete" : "degraded";
    }

    static List<SectionSummary> sectionsOf(ScreenResult result) {
        return result.sections().stream()
                .map(s -> new SectionSummary(s.id(), s.status(), s.reason().map(Enum::name), s.degraded().size()))
                .toList();
    }

    static Optional<String> failureOf(ScreenResult result) {
        return result.failure().map(f -> "required section '" + f.sectionId() + "' failed: " + f.reason());
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    /** Every section OK and the screen shown. */
    public boolean complete() {
        return failure.isEmpty() && sections.stream().allMatch(s -> s.status() == SectionStatus.OK);
    }

    /** Sections not OK, plus one when the screen could not be shown at all. */
    public int degraded() {
        int sectionsNotOk = (int) sections.stream().filter(s -> s.status() != SectionStatus.OK).count();
        return sectionsNotOk + (failure.isPresent() ? 1 : 0);
    }

    /** This trace with one more call, reported after the request answered (a call interrupted then). */
    Trace withLateCall(CallRecord call, int maxCalls) {
        if (calls.size() >= maxCalls) {
            return new Trace(requestId, screenId, start, end, sections, failure, calls, droppedCalls + 1, traceId);
        }
        List<CallRecord> more = new ArrayList<>(calls);
        more.add(call);
        return new Trace(requestId, screenId, start, end, sections, failure, more, droppedCalls, traceId);
    }
}
