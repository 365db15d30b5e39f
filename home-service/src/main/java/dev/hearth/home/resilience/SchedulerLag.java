package dev.hearth.home.resilience;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongBinaryOperator;
import java.util.function.LongSupplier;

/**
 * Measures how late Hearth's virtual threads run: a probe on a virtual thread sleeps {@link #PERIOD}
 * and records how much later than that it woke. A ready thread waits for a carrier when the CPU is
 * saturated or the JVM pauses (GC, safepoints), and the probe waits in the same queue as the port calls,
 * so its lateness is theirs. The worst lateness is kept per 100 ms for the last 12.8 s; a probe that is
 * overdue right now counts too, so a stall is seen while it lasts, not only after. Every stall of 50 ms
 * or more holds a wake-up, and 50 ms is a quarter of the shortest port timeout (what {@link PortPolicies}
 * asks about). It costs about 0.01 cores (docs/adr/009-breaker-ignores-hearths-own-stalls.md).
 *
 * <p>Two readings. The worst lateness ({@link #worstSince}) is for a single call: was Hearth late while it ran? The
 * standing lateness ({@link #standingInLast}) is for the instance: was <em>every</em> wake-up late for a while? That
 * is a queue that does not drain, an overload, as opposed to one pause (a GC) that the next wake-up no longer shows
 * (CoDel's reading of queue delay: the minimum over an interval; docs/adr/010-overload-fallback-to-legacy.md).
 * Thread-safe: one writer (the probe), readers on call timeouts, home requests and metric scrapes.
 */
public final class SchedulerLag implements Lateness, AutoCloseable {
    static final Duration PERIOD = Duration.ofMillis(50);
    private static final long PERIOD_NANOS = PERIOD.toNanos();
    private static final long BUCKET_NANOS = Duration.ofMillis(100).toNanos();
    private static final int BUCKETS = 128;

    private final LongSupplier nanoTime;
    private final long[] bucketIds = new long[BUCKETS];
    private final long[] worstNanos = new long[BUCKETS];
    private final long[] leastNanos = new long[BUCKETS];
    private long due;
    private volatile Thread probe;

    SchedulerLag(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        Arrays.fill(bucketIds, Long.MIN_VALUE);
        this.due = nanoTime.getAsLong() + PERIOD_NANOS;
    }

    /** A lag monitor with its probe running until {@link #close()}. */
    public static SchedulerLag start() {
        SchedulerLag lag = new SchedulerLag(System::nanoTime);
        lag.probe = Thread.ofVirtual().name("hearth-scheduler-lag").start(lag::probe);
        return lag;
    }

    private void probe() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(PERIOD);
                woke(nanoTime.getAsLong());
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** The probe woke at {@code now}: records how late that was; its next wake-up is due a period later. */
    synchronized void woke(long now) {
        long late = Math.max(0, now - due);
        long bucket = Math.floorDiv(now, BUCKET_NANOS);
        int slot = Math.floorMod(bucket, BUCKETS);
        if (bucketIds[slot] != bucket) {
            bucketIds[slot] = bucket;
            worstNanos[slot] = 0;
            leastNanos[slot] = Long.MAX_VALUE;
        }
        worstNanos[slot] = Math.max(worstNanos[slot], late);
        leastNanos[slot] = Math.min(leastNanos[slot], late);
        due = now + PERIOD_NANOS;
    }

    @Override
    public long mark() {
        return nanoTime.getAsLong();
    }

    /** Resolution 100 ms: a lateness that ended up to 100 ms before {@code mark} may be included. */
    @Override
    public synchronized Duration worstSince(long mark) {
        long now = nanoTime.getAsLong();
        return Duration.ofNanos(fold(worstNanos, mark, now, Math.max(0, now - due), Math::max));
    }

    /**
     * The least lateness of the probe's wake-ups over the last {@code window} (at most 12.8 s; resolution 100 ms, so
     * a wake-up up to 100 ms older may count): how late Hearth has been running all along. With no wake-up in the
     * window, the probe is stuck: how overdue it is now.
     */
    public synchronized Duration standingInLast(Duration window) {
        long now = nanoTime.getAsLong();
        long least = fold(leastNanos, now - window.toNanos(), now, Long.MAX_VALUE, Math::min);
        return Duration.ofNanos(least == Long.MAX_VALUE ? Math.max(0, now - due) : least);
    }

    /** Combines {@code perBucket} over the buckets from {@code from}'s to {@code now}'s still held, starting at {@code start}. */
    private long fold(long[] perBucket, long from, long now, long start, LongBinaryOperator combine) {
        long result = start;
        long last = Math.floorDiv(now, BUCKET_NANOS);
        for (long bucket = Math.max(Math.floorDiv(from, BUCKET_NANOS), last - BUCKETS + 1); bucket <= last; bucket++) {
            int slot = Math.floorMod(bucket, BUCKETS);
            if (bucketIds[slot] == bucket) {
                result = combine.applyAsLong(result, perBucket[slot]);
            }
        }
        return result;
    }

    /** The worst lateness over the last {@code window} (at most 12.8 s), for the metric. */
    public Duration worstInLast(Duration window) {
        return worstSince(nanoTime.getAsLong() - window.toNanos());
    }

    @Override
    public void close() {
        Thread running = probe;
        if (running != null) {
            running.interrupt();
        }
    }
}
