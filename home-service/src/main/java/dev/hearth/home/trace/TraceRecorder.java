package dev.hearth.home.trace;

import dev.hearth.dsl.ScreenResult;
import dev.hearth.dsl.spi.CallRecord;
import dev.hearth.dsl.spi.ExecutionListener;
import dev.hearth.home.application.ScreenRequestListener;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Collects each screen request's port calls while it runs and, once it answered, keeps its trace if it is among the
 * slowest or was degraded ({@link TraceStore}). Memory is bounded throughout: at most {@link Limits#inFlight()}
 * requests are followed at once (the oldest is dropped for a new one), each with at most {@link Limits#callsPerRequest()}
 * calls (more are counted, not kept). A call reported after its request answered (one interrupted then) joins the
 * request's trace if that was kept. Thread-safe; every operation is short.
 */
public final class TraceRecorder implements ExecutionListener, ScreenRequestListener {
    /** How much is kept: see the class comment and {@link TraceStore}. */
    public record Limits(int slowest, int degraded, int inFlight, int callsPerRequest) {
        /** The 50 slowest, the 100 most recent degraded, 512 requests in flight, 1,000 calls each. */
        public static final Limits DEFAULT = new Limits(50, 100, 512, 1_000);

        public Limits {
            if (inFlight < 1 || callsPerRequest < 1) {
                throw new IllegalArgumentException("inFlight and callsPerRequest must be at least 1: " + this);
            }
        }
    }

    private static final class InFlight {
        final String screenId;
        final Instant start;
        final Optional<String> traceId;
        final List<CallRecord> calls = new ArrayList<>();
        int dropped;

        InFlight(String screenId, Instant start, Optional<String> traceId) {
            this.screenId = screenId;
            this.start = start;
            this.traceId = traceId;
        }
    }

    private final Clock clock;
    private final Limits limits;
    private final Function<String, Optional<String>> traceIds;
    private final TraceStore store;
    /** Guarded by itself; insertion order, so the eldest is the oldest request. */
    private final LinkedHashMap<String, InFlight> inFlight;

    public TraceRecorder(Clock clock, Limits limits) {
        this(clock, limits, requestId -> Optional.empty());
    }

    /** @param traceIds the trace id of a request in flight, by its request id (asked when it starts) */
    public TraceRecorder(Clock clock, Limits limits, Function<String, Optional<String>> traceIds) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.traceIds = Objects.requireNonNull(traceIds, "traceIds");
        this.store = new TraceStore(limits.slowest(), limits.degraded());
        this.inFlight = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, InFlight> eldest) {
                return size() > limits.inFlight();
            }
        };
    }

    @Override
    public void started(String requestId, String screenId) {
        InFlight request = new InFlight(Objects.requireNonNull(screenId, "screenId"), clock.instant(),
                traceIds.apply(requestId));
        synchronized (inFlight) {
            inFlight.put(Objects.requireNonNull(requestId, "requestId"), request);
        }
    }

    @Override
    public void callFinished(CallRecord call) {
        synchronized (inFlight) {
            InFlight request = inFlight.get(call.requestId());
            if (request == null) {
                store.update(call.requestId(), trace -> trace.screenId().equals(call.screenId())
                        ? trace.withLateCall(call, limits.callsPerRequest()) : trace);
            } else if (request.calls.size() < limits.callsPerRequest()) {
                request.calls.add(call);
            } else {
                request.dropped++;
            }
        }
    }

    @Override
    public void finished(String requestId, ScreenResult result) {
        keep(requestId, Trace.sectionsOf(result), Trace.failureOf(result));
    }

    @Override
    public void abandoned(String requestId, RuntimeException failure) {
        keep(requestId, List.of(), Optional.of("the engine threw " + failure));
    }

    private void keep(String requestId, List<Trace.SectionSummary> sections, Optional<String> failure) {
        Instant end = clock.instant();
        synchronized (inFlight) {
            InFlight request = inFlight.remove(requestId);
            if (request != null) {
                store.offer(new Trace(requestId, request.screenId, request.start, end, sections, failure,
                        request.calls, request.dropped, request.traceId));
            }
        }
    }

    /** Every kept trace once, most recent first. */
    public List<Trace> traces() {
        return store.all();
    }

    /** The most recent kept trace of {@code requestId}. */
    public Optional<Trace> trace(String requestId) {
        return store.find(requestId);
    }
}
