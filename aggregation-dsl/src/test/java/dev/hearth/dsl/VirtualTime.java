package dev.hearth.dsl;

import dev.hearth.dsl.spi.Cancellable;
import dev.hearth.dsl.spi.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * Virtual time for tests: a {@link Timer} plus a {@link #sleep} for fake ports. A driver thread moves time to the
 * next event only when every thread from {@link #threadFactory()} is blocked in {@link #sleep}, so latencies in
 * virtual time are exact and no test sleeps for real.
 */
final class VirtualTime implements Timer, AutoCloseable {
    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private record Event(Instant at, long seq, Runnable task) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final Object lock = new Object();
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final Map<Thread, Instant> sleepers = new HashMap<>();
    private final ThreadFactory base = Thread.ofVirtual().name("test-call-", 0).factory();
    private final Thread driver;
    private Instant now = EPOCH;
    private long seq;
    private int alive;
    private volatile boolean closed;

    VirtualTime() {
        driver = Thread.ofPlatform().daemon().name("virtual-time").start(this::drive);
    }

    @Override
    public Instant now() {
        synchronized (lock) {
            return now;
        }
    }

    /** Moves time by {@code d} at once, e.g. between two requests; tasks now due run. */
    void advance(Duration d) {
        synchronized (lock) {
            now = now.plus(d);
            lock.notifyAll();
        }
    }

    Duration elapsed() {
        return Duration.between(EPOCH, now());
    }

    @Override
    public Cancellable schedule(Instant at, Runnable task) {
        synchronized (lock) {
            Event event = new Event(at, seq++, task);
            events.add(event);
            lock.notifyAll();
            return () -> {
                synchronized (lock) {
                    events.remove(event);
                }
            };
        }
    }

    /** Counts its threads as running until they end or sleep. */
    ThreadFactory threadFactory() {
        return runnable -> {
            synchronized (lock) {
                alive++;
            }
            return base.newThread(() -> {
                try {
                    runnable.run();
                } finally {
                    synchronized (lock) {
                        alive--;
                        lock.notifyAll();
                    }
                }
            });
        };
    }

    /** Blocks until virtual time has moved by {@code d}; interruptible. */
    void sleep(Duration d) throws InterruptedException {
        Thread me = Thread.currentThread();
        synchronized (lock) {
            sleepers.put(me, now.plus(d));
            lock.notifyAll();
        }
        while (true) {
            synchronized (lock) {
                if (!sleepers.containsKey(me)) {
                    return;
                }
                if (me.isInterrupted()) {
                    sleepers.remove(me);
                    lock.notifyAll();
                    Thread.interrupted();
                    throw new InterruptedException("interrupted in virtual sleep");
                }
            }
            LockSupport.park(this);
        }
    }

    private void drive() {
        while (!closed) {
            List<Runnable> due = new ArrayList<>();
            synchronized (lock) {
                if (!dueNow() && !quiescent()) {
                    try {
                        lock.wait(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                Instant next = nextEvent();
                if (next.isAfter(now)) {
                    now = next;
                }
                while (!events.isEmpty() && !events.peek().at().isAfter(now)) {
                    due.add(events.poll().task());
                }
                sleepers.entrySet().removeIf(e -> {
                    if (e.getValue().isAfter(now)) {
                        return false;
                    }
                    LockSupport.unpark(e.getKey());
                    return true;
                });
            }
            for (Runnable task : due) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    e.printStackTrace();
                }
            }
        }
    }

    private boolean dueNow() {
        return !events.isEmpty() && !events.peek().at().isAfter(now);
    }

    /** Every counted thread sleeps (an interrupted sleeper is about to wake, so it does not count). */
    private boolean quiescent() {
        long sleeping = sleepers.keySet().stream().filter(t -> !t.isInterrupted()).count();
        return alive > 0 && sleeping == alive && (!events.isEmpty() || !sleepers.isEmpty());
    }

    private Instant nextEvent() {
        Instant next = events.isEmpty() ? Instant.MAX : events.peek().at();
        for (Instant wake : sleepers.values()) {
            if (wake.isBefore(next)) {
                next = wake;
            }
        }
        return next.equals(Instant.MAX) ? now : next;
    }

    @Override
    public void close() {
        closed = true;
        driver.interrupt();
    }
}
