package dev.hearth.home.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.Collections;
import java.util.function.UnaryOperator;

/**
 * The traces worth keeping, in bounded memory: the {@code slowest} slowest requests seen so far and the
 * {@code degraded} most recent requests that were not complete. A trace may be in both. Thread-safe (one lock; every
 * operation touches at most {@code slowest + degraded} traces).
 */
final class TraceStore {
    private static final Comparator<Trace> FASTEST_FIRST = Comparator.comparing(Trace::duration);

    private final int slowestLimit;
    private final int degradedLimit;
    /** A min-heap: the fastest of the kept slow traces is the first to go. */
    private final PriorityQueue<Trace> slowest;
    /** Oldest first. */
    private final Deque<Trace> degraded;

    TraceStore(int slowest, int degraded) {
        if (slowest < 0 || degraded < 0 || slowest + degraded == 0) {
            throw new IllegalArgumentException("a trace store keeps at least one trace: slowest=" + slowest
                    + ", degraded=" + degraded);
        }
        this.slowestLimit = slowest;
        this.degradedLimit = degraded;
        this.slowest = new PriorityQueue<>(Math.max(1, slowest), FASTEST_FIRST);
        this.degraded = new ArrayDeque<>(degraded);
    }

    /** Keeps {@code trace} if it is among the slowest or not complete; true when it was kept. */
    synchronized boolean offer(Trace trace) {
        boolean kept = false;
        if (slowestLimit > 0) {
            if (slowest.size() < slowestLimit) {
                slowest.add(trace);
                kept = true;
            } else if (FASTEST_FIRST.compare(trace, slowest.peek()) > 0) {
                slowest.poll();
                slowest.add(trace);
                kept = true;
            }
        }
        if (degradedLimit > 0 && !trace.complete()) {
            if (degraded.size() == degradedLimit) {
                degraded.removeFirst();
            }
            degraded.addLast(trace);
            kept = true;
        }
        return kept;
    }

    /** The most recent kept trace of {@code requestId}. */
    synchronized Optional<Trace> find(String requestId) {
        return all().stream().filter(t -> t.requestId().equals(requestId)).findFirst();
    }

    /** Every kept trace once, most recent first. */
    synchronized List<Trace> all() {
        Set<Trace> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Trace> all = new ArrayList<>(slowest.size() + degraded.size());
        for (Trace trace : slowest) {
            if (seen.add(trace)) {
                all.add(trace);
            }
        }
        for (Trace trace : degraded) {
            if (seen.add(trace)) {
                all.add(trace);
            }
        }
        all.sort(Comparator.comparing(Trace::start).reversed());
        return all;
    }

    /**
     * Replaces the kept traces of {@code requestId} by what {@code change} makes of them (once per trace, wherever it
     * is kept); false when none is kept.
     */
    synchronized boolean update(String requestId, UnaryOperator<Trace> change) {
        Map<Trace, Trace> changed = new IdentityHashMap<>();
        for (Trace trace : all()) {
            if (trace.requestId().equals(requestId)) {
                changed.put(trace, change.apply(trace));
            }
        }
        if (changed.isEmpty()) {
            return false;
        }
        List<Trace> slow = new ArrayList<>(slowest);
        slowest.clear();
        slow.forEach(trace -> slowest.add(changed.getOrDefault(trace, trace)));
        List<Trace> recent = new ArrayList<>(degraded);
        degraded.clear();
        recent.forEach(trace -> degraded.addLast(changed.getOrDefault(trace, trace)));
        return true;
    }

    synchronized int size() {
        return all().size();
    }
}
