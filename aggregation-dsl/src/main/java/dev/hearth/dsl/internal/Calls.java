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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>Batching: while a {@link #gather() gathering window} is open on the calling thread, calls to a port with a batch
 * form are held and, when the window closes, made as batch calls of at most the port's batch size (a lone one as a
 * single call). Each item keeps its own future, deadline (TIMEOUT at it) and dedup entry; the batch is one call
 * (one admission permit, one thread, interrupted at the latest of its items' deadlines, one {@link CallRecord}
 * naming how many items it carried). A failed batch fails each of its items; an input its answer lacks fails that
 * item alone (BAD_RESPONSE).
 */
final class Calls<C> {
    private static final Logger LOG = LoggerFactory.getLogger(Calls.class);

    private record Key(String port, Object input) {
    }

    /** {@code future} is completed by the call or its timeout; {@code reported} after the listener heard of it. */
    private record Shared(CompletableFuture<CallOutcome> future, CompletableFuture<CallOutcome> reported, Instant deadline) {
    }

    /** A call held in a gathering window, to be made in a batch. */
    private record Held(PortDefinition<?, ?, ?> port, Object input, String path, Instant asked, Key key, Shared call,
            boolean required) {
    }

    /** The calls held while a window is open on one thread, by port in the order first asked. */
    static final class Gather {
        private final Calls<?> owner;
        private final Map<String, List<Held>> held = new LinkedHashMap<>();

        private Gather(Calls<?> owner) {
            this.owner = owner;
        }
    }

    /** The window open on this thread, if any. */
    private static final ThreadLocal<Gather> GATHERING = new ThreadLocal<>();

    private final Timer timer;
    private final ThreadFactory threads;
    private final Admission admission;
    private final Classification classification;
    private final ExecutionListener listener;
    private final ScreenRequest<C> request;
    private final String screenId;
    private final Map<String, String> mdc;
    /** 0: batching off (no window is ever opened); else the most items per batch call when a port sets none. */
    private final int batchSize;
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
        this.batchSize = parts.batchSize();
    }

    /**
     * Opens a gathering window on this thread: calls to batching ports are held until {@link #flush}. Null (nothing
     * to flush, nothing allocated) when batching is off or a window is already open here (the outer one flushes).
     */
    Gather gather() {
        if (batchSize == 0 || GATHERING.get() != null) {
            return null;
        }
        Gather gather = new Gather(this);
        GATHERING.set(gather);
        return gather;
    }

    /** Closes the window {@link #gather()} opened (nothing when null) and makes the calls it held. */
    void flush(Gather gather) {
        if (gather == null) {
            return;
        }
        GATHERING.remove();
        for (List<Held> calls : gather.held.values()) {
            if (calls.size() == 1) {
                startOne(calls.getFirst());
                continue;
            }
            PortDefinition<?, ?, ?> port = calls.getFirst().port();
            int size = port.batchSize().orElse(batchSize);
            for (int from = 0; from < calls.size(); from += size) {
                startBatch(calls.subList(from, Math.min(calls.size(), from + size)));
            }
        }
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
        if (batchSize != 0 && port.batches()) {
            Gather gather = GATHERING.get();
            if (gather != null && gather.owner == this) {
                gather.held.computeIfAbsent(port.name(), p -> new ArrayList<>())
                        .add(new Held(port, input, path, now, key, fresh, required));
                return reported;
            }
        }
        future.whenComplete((outcome, e) -> {
            report(port, path, now, deadline, outcome, 1);
            reported.complete(outcome);
        });
        if (!start(port, input, path, now, fresh, required)) {
            // Not started: a later caller (perhaps a required one) of the same call tries admission again.
            calls.remove(key, fresh);
        }
        return reported;
    }

    /** A held call made alone, as {@link #call} would have made it. */
    @SuppressWarnings("unchecked")
    private void startOne(Held held) {
        PortDefinition<C, ?, ?> port = (PortDefinition<C, ?, ?>) held.port();
        Shared call = held.call();
        call.future().whenComplete((outcome, e) -> {
            report(port, held.path(), held.asked(), call.deadline(), outcome, 1);
            call.reported().complete(outcome);
        });
        if (!start(port, held.input(), held.path(), timer.now(), call, held.required())) {
            calls.remove(held.key(), call);
        }
    }

    /**
     * One call carrying {@code items} (two or more, distinct inputs, one port): items that cannot fit a call any more
     * are made alone (and fail as a lone call would); the rest share one permit and one thread.
     */
    @SuppressWarnings("unchecked")
    private void startBatch(List<Held> items) {
        Instant now = timer.now();
        List<Held> fit = new ArrayList<>(items.size());
        for (Held held : items) {
            Instant deadline = held.call().deadline();
            if (closed || !deadline.isAfter(now)
                    || java.time.Duration.between(now, deadline).compareTo(admission.minimumCallTime()) < 0) {
                startOne(held);
            } else {
                fit.add(held);
            }
        }
        if (fit.size() == 1) {
            startOne(fit.getFirst());
            return;
        }
        if (fit.isEmpty()) {
            return;
        }
        PortDefinition<C, ?, ?> port = (PortDefinition<C, ?, ?>) fit.getFirst().port();
        String path = fit.getFirst().path() + " (batch of " + fit.size() + ")";
        String what = "port '" + port.name() + "' at " + path;
        Instant deadline = now;
        boolean required = false;
        List<Object> inputs = new ArrayList<>(fit.size());
        for (Held held : fit) {
            deadline = held.call().deadline().isAfter(deadline) ? held.call().deadline() : deadline;
            required |= held.required();
            inputs.add(held.input());
            held.call().future().whenComplete((outcome, e) -> held.call().reported().complete(outcome));
        }
        // The batch's own outcome: the answers by input, or why there are none.
        CompletableFuture<CallOutcome> batch = new CompletableFuture<>();
        Instant batchDeadline = deadline;
        batch.whenComplete((outcome, e) -> {
            report(port, path, now, batchDeadline, outcome, fit.size());
            distribute(port, fit, outcome);
        });
        if (!admission.tryAcquire(required)) {
            for (Held held : fit) {
                calls.remove(held.key(), held.call());
            }
            batch.complete(new CallOutcome.Failure(Reason.BULKHEAD_FULL, false, what + " not started: "
                    + admission.inFlight() + " calls in flight reach the engine's limit for "
                    + (required ? "required calls (" + admission.hard() : "optional calls (" + admission.optionalLimit())
                    + ")"));
            return;
        }
        CallContext<C> context = new CallContext<>(request.requestId(), request.customer(), request.attributes(), path,
                batchDeadline);
        Thread thread;
        try {
            thread = threads.newThread(() -> {
                try {
                    runBatch(port, inputs, context, batch, what);
                } finally {
                    admission.release();
                }
            });
        } catch (RuntimeException | Error e) {
            admission.release();
            throw e;
        }
        List<Cancellable> timeouts = new ArrayList<>(fit.size() + 1);
        timeouts.add(timer.schedule(batchDeadline, () -> {
            if (batch.complete(CallOutcome.Failure.timeout(what))) {
                thread.interrupt();
            }
        }));
        for (Held held : fit) {
            // An item whose own deadline comes before the batch's times out alone; the batch goes on for the rest.
            if (held.call().deadline().isBefore(batchDeadline)) {
                timeouts.add(timer.schedule(held.call().deadline(),
                        () -> held.call().future().complete(CallOutcome.Failure.timeout("port '" + port.name()
                                + "' at " + held.path() + " (in " + path + ")"))));
            }
        }
        batch.whenComplete((outcome, e) -> timeouts.forEach(Cancellable::cancel));
        running.add(thread);
        try {
            thread.start();
        } catch (RuntimeException | Error e) {
            running.remove(thread);
            admission.release();
            throw e;
        }
        if (closed) {
            thread.interrupt();
        }
    }

    private void runBatch(PortDefinition<C, ?, ?> port, List<Object> inputs, CallContext<C> context,
            CompletableFuture<CallOutcome> batch, String what) {
        Thread me = Thread.currentThread();
        try {
            MDC.setContextMap(mdc);
            if (!batch.isDone()) {
                Map<?, ?> answers = port.callBatch(inputs, context);
                batch.complete(answers == null
                        ? new CallOutcome.Failure(Reason.BAD_RESPONSE, false, what + " returned null; a batch "
                                + "function returns a map from input to output")
                        : new CallOutcome.Success(answers));
            }
        } catch (Throwable e) {
            CallOutcome.Failure failure = classification.failure(e, what);
            if (batch.complete(failure)) {
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
     * Each item's outcome from its batch's: its own answer (checked as a single call's), BAD_RESPONSE when the answer
     * lacks it, or the batch's failure. In a gathering window, so the items' dependents that call batching ports
     * (their fields) are coalesced in turn.
     */
    private void distribute(PortDefinition<C, ?, ?> port, List<Held> items, CallOutcome outcome) {
        Gather gather = gather();
        try {
            for (Held held : items) {
                CompletableFuture<CallOutcome> future = held.call().future();
                if (future.isDone()) {
                    continue;
                }
                String what = "port '" + port.name() + "' at " + held.path();
                if (outcome instanceof CallOutcome.Success ok) {
                    Object out = ((Map<?, ?>) ok.value()).get(held.input());
                    future.complete(out == null
                            ? new CallOutcome.Failure(Reason.BAD_RESPONSE, false, what + ": the batch answer has none")
                            : Classification.check(port, out, what));
                } else {
                    future.complete(outcome);
                }
            }
        } catch (RuntimeException e) {
            CallOutcome.Failure failure = new CallOutcome.Failure(Reason.BAD_RESPONSE, false,
                    "port '" + port.name() + "': its batch answer could not be read: " + e);
            items.forEach(held -> held.call().future().complete(failure));
        } finally {
            flush(gather);
        }
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

    private void report(PortDefinition<C, ?, ?> port, String path, Instant start, Instant deadline, CallOutcome outcome,
            int items) {
        boolean ok = outcome instanceof CallOutcome.Success;
        boolean notFound = outcome instanceof CallOutcome.Failure f && f.notFound();
        // A call that fails after the request answered was abandoned by it (interrupted, or timed out unheeded): no
        // reason, so it counts as no failure of its downstream (CallRecord).
        boolean abandoned = closed && !ok && !notFound;
        Optional<Reason> reason = outcome instanceof CallOutcome.Failure f && !abandoned ? Optional.of(f.reason())
                : Optional.empty();
        try {
            listener.callFinished(new CallRecord(request.requestId(), screenId, path, port.name(), start, timer.now(),
                    deadline, ok, reason, notFound, items));
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
