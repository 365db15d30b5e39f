package dev.hearth.dsl.internal;

import dev.hearth.dsl.CallContext;
import dev.hearth.dsl.PortDefinition;
import dev.hearth.dsl.Reason;
import dev.hearth.dsl.ScreenRequest;
import dev.hearth.dsl.spi.CallRecord;
import dev.hearth.dsl.spi.Cancellable;
import dev.hearth.dsl.spi.ExecutionListener;
import dev.hearth.dsl.spi.Timer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The port calls of one request: each on its own thread, completed as TIMEOUT at its effective deadline (and its
 * thread interrupted), identical calls made once. A call is not started (and fails at once) when the engine's
 * admission refuses it (BULKHEAD_FULL), when the remaining budget cannot fit a call (less than the minimum call time
 * is left: TIMEOUT), or once the request is {@link #close() closed}.
 */
final class Calls<C> {
    private static final Logger LOG = LoggerFactory.getLogger(Calls.class);

    private record Key(String port, Object input) {
    }

    /** {@code future} is completed by the call or its timeout; {@code reported} after the listener heard of it. */
    private record Shared(CompletableFuture<CallOutcome> future, CompletableFuture<CallOutcome> reported, Instant deadline) {
    }

    private final Timer timer;
    private final ThreadFactory threads;
    private final Admission admission;
    private final Classification classification;
    private final ExecutionListener listener;
    private final ScreenRequest<C> request;
    private final String screenId;
    private final Map<String, String> mdc;
    private final Map<Key, Shared> calls = new ConcurrentHashMap<>();
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Calls(EngineParts parts, ScreenRequest<C> request, String screenId) {
        this.timer = parts.timer();
        this.threads = parts.threads();
        this.admission = parts.admission();
        this.classification = new Classification(parts.classifier());
        this.listener = parts.listener();
        this.request = request;
        this.screenId = screenId;
        Map<String, String> copy = new HashMap<>(request.mdc());
        copy.put("requestId", request.requestId());
        this.mdc = Map.copyOf(copy);
    }

    /**
     * Calls {@code port} with {@code input} no later than {@code latest} (and the port's own timeout);
     * {@code required} when the screen cannot be shown without it (admission keeps room for those).
     */
    CompletableFuture<CallOutcome> call(PortDefinition<C, ?, ?> port, Object input, String path, Instant latest,
            boolean required) {
        Instant now = timer.now();
        Instant deadline = port.timeout().map(now::plus).filter(t -> t.isBefore(latest)).orElse(latest);
        CompletableFuture<CallOutcome> future = new CompletableFuture<>();
        CompletableFuture<CallOutcome> reported = new CompletableFuture<>();
        Shared fresh = new Shared(future, reported, deadline);
        Key key = new Key(port.name(), input);
        Shared existing = calls.putIfAbsent(key, fresh);
        if (existing != null) {
            return until(existing, deadline, path, now);
        }
        future.whenComplete((outcome, e) -> {
            report(port, path, now, deadline, outcome);
            reported.complete(outcome);
        });
        if (!start(port, input, path, now, fresh, required)) {
            // Not started: a later caller (perhaps a required one) of the same call tries admission again.
            calls.remove(key, fresh);
        }
        return reported;
    }

    /** No call starts any more, and every call thread still running is interrupted. */
    void close() {
        closed = true;
        running.forEach(Thread::interrupt);
    }

    /** False when the call was not started (its future is then complete). */
    private boolean start(PortDefinition<C, ?, ?> port, Object input, String path, Instant now, Shared call,
            boolean required) {
        String what = "port '" + port.name() + "' at " + path;
        CompletableFuture<CallOutcome> future = call.future();
        if (closed) {
            future.complete(CallOutcome.Failure.timeout(what + " (not started: the request had already answered)"));
            return false;
        }
        java.time.Duration left = java.time.Duration.between(now, call.deadline());
        if (left.compareTo(admission.minimumCallTime()) < 0 || !call.deadline().isAfter(now)) {
            future.complete(CallOutcome.Failure.timeout(what + " (not started: the remaining budget cannot fit a call, "
                    + Durations.format(left.isNegative() ? java.time.Duration.ZERO : left) + " left)"));
            return false;
        }
        if (!admission.tryAcquire(required)) {
            future.complete(new CallOutcome.Failure(Reason.BULKHEAD_FULL, false, what + " not started: "
                    + admission.inFlight() + " calls in flight reach the engine's limit for "
                    + (required ? "required calls (" + admission.hard() : "optional calls (" + admission.optionalLimit())
                    + ")"));
            return false;
        }
        CallContext<C> context = new CallContext<>(request.requestId(), request.customer(), request.attributes(), path,
                call.deadline());
        Thread thread;
        try {
            thread = threads.newThread(() -> {
                try {
                    run(port, input, context, future, what);
                } finally {
                    admission.release();
                }
            });
        } catch (RuntimeException | Error e) {
            admission.release();
            throw e;
        }
        Cancellable timeout = timer.schedule(call.deadline(), () -> {
            if (future.complete(CallOutcome.Failure.timeout(what))) {
                thread.interrupt();
            }
        });
        future.whenComplete((outcome, e) -> timeout.cancel());
        running.add(thread);
        try {
            thread.start();
        } catch (RuntimeException | Error e) {
            running.remove(thread);
            admission.release();
            throw e;
        }
        if (closed) {
            // close() ran between the check above and now: it may not have seen this thread.
            thread.interrupt();
        }
        return true;
    }

    private void run(PortDefinition<C, ?, ?> port, Object input, CallContext<C> context,
            CompletableFuture<CallOutcome> future, String what) {
        Thread me = Thread.currentThread();
        try {
            MDC.setContextMap(mdc);
            if (!future.isDone()) {
                Object out = port.call(input, context);
                future.complete(Classification.check(port, out, what));
            }
        } catch (Throwable e) {
            CallOutcome.Failure failure = classification.failure(e, what);
            if (future.complete(failure)) {
                if (closed) {
                    LOG.debug("{}: ended after the request answered: {}", what, e.toString());
                } else {
                    log(what, failure, e);
                }
            }
        } finally {
            MDC.clear();
            running.remove(me);
        }
    }

    /**
     * "Not found" is an answer, not a fault; a port's declared (checked) failure is one line; an unchecked exception
     * is likely a bug in the port, so it gets its stack trace.
     */
    private static void log(String what, CallOutcome.Failure failure, Throwable e) {
        if (failure.notFound()) {
            LOG.debug("{}: not found: {}", what, e.getMessage());
        } else if (failure.reason() == Reason.CIRCUIT_OPEN || failure.reason() == Reason.BULKHEAD_FULL) {
            // A policy refusing the call, not a fault of this call: the circuit's own log and metrics tell the story.
            LOG.debug("{}: {}", what, failure.reason());
        } else if (e instanceof RuntimeException || e instanceof Error) {
            LOG.warn("{}: {}", what, failure.reason(), e);
        } else {
            LOG.warn("{}: {}: {}", what, failure.reason(), e.toString());
            LOG.debug("{}: stack trace", what, e);
        }
    }

    private void report(PortDefinition<C, ?, ?> port, String path, Instant start, Instant deadline, CallOutcome outcome) {
        boolean ok = outcome instanceof CallOutcome.Success;
        boolean notFound = outcome instanceof CallOutcome.Failure f && f.notFound();
        // A call that fails after the request answered was abandoned by it (interrupted, or timed out unheeded): no
        // reason, so it counts as no failure of its downstream (CallRecord).
        boolean abandoned = closed && !ok && !notFound;
        Optional<Reason> reason = outcome instanceof CallOutcome.Failure f && !abandoned ? Optional.of(f.reason())
                : Optional.empty();
        try {
            listener.callFinished(new CallRecord(request.requestId(), screenId, path, port.name(), start, timer.now(),
                    deadline, ok, reason, notFound));
        } catch (RuntimeException listenerFailure) {
            LOG.warn("execution listener failed on {}", path, listenerFailure);
        }
    }

    /** A deduplicated call as this caller sees it: the shared result, or TIMEOUT at this caller's deadline. */
    private CompletableFuture<CallOutcome> until(Shared shared, Instant deadline, String path, Instant now) {
        if (!deadline.isBefore(shared.deadline())) {
            return shared.reported();
        }
        CompletableFuture<CallOutcome> view = new CompletableFuture<>();
        CallOutcome.Failure timeout = CallOutcome.Failure.timeout("shared call at " + path);
        if (!deadline.isAfter(now)) {
            view.complete(timeout);
            return view;
        }
        shared.reported().whenComplete((outcome, e) -> view.complete(outcome));
        Cancellable timer = this.timer.schedule(deadline, () -> view.complete(timeout));
        view.whenComplete((outcome, e) -> timer.cancel());
        return view;
    }
}
