package dev.hearth.dsl.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real clock and one daemon thread that runs the scheduled tasks, each at its time; a cancelled task is removed at
 * once and never runs.
 *
 * <p>Almost every task the engine schedules is a call's deadline, cancelled a few milliseconds later when the call
 * answers. So the thread is not woken for bookkeeping: it sleeps until the earliest pending task or for
 * {@link #POLL}, whichever is sooner, and scheduling a task due after that wakes nothing
 * (docs/adr/003-timer-wakes-only-when-needed.md). The price is this thread waking every {@link #POLL} while idle.
 */
final class SystemTimer implements Timer {
    private static final Logger LOG = LoggerFactory.getLogger(SystemTimer.class);
    /** The longest the thread sleeps; every deadline the shipped ports have is longer. */
    static final Duration POLL = Duration.ofMillis(100);
    static final SystemTimer INSTANCE = new SystemTimer(POLL);
    /** Caps a delay so that {@code System.nanoTime() + delay} cannot overflow (about 73 years). */
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;

    private record Task(long due, long sequence) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byDue = Long.compare(due - other.due, 0); // nanoTime values compare by difference
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }

    private final Clock clock = Clock.systemUTC();
    private final long pollNanos;
    private final ConcurrentSkipListMap<Task, Runnable> tasks = new ConcurrentSkipListMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Thread thread;
    /** When the thread wakes on its own next ({@code System.nanoTime()}); a task due before that wakes it. */
    private volatile long wakeAt;
    private volatile long wakeUps;

    SystemTimer(Duration poll) {
        this.pollNanos = poll.toNanos();
        this.wakeAt = System.nanoTime();
        this.thread = Thread.ofPlatform().name("hearth-timer").daemon().start(this::run);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Cancellable schedule(Instant at, Runnable task) {
        long delay = Math.clamp(delayNanos(at), 0, MAX_DELAY_NANOS);
        Task key = new Task(System.nanoTime() + delay, sequence.getAndIncrement());
        tasks.put(key, task);
        // Read after the put; the thread writes wakeAt before it looks at the tasks again, so one of us sees the other.
        if (key.due() - wakeAt < 0) {
            LockSupport.unpark(thread);
        }
        return () -> tasks.remove(key);
    }

    /** How often the thread has woken, from a sleep or a wake-up call (for tests). */
    long wakeUps() {
        return wakeUps;
    }

    private long delayNanos(Instant at) {
        try {
            return Duration.between(now(), at).toNanos();
        } catch (ArithmeticException e) {
            return at.isAfter(now()) ? MAX_DELAY_NANOS : 0;
        }
    }

    private void run() {
        while (true) {
            long now = System.nanoTime();
            Map.Entry<Task, Runnable> first;
            while ((first = tasks.firstEntry()) != null && first.getKey().due() - now <= 0) {
                if (tasks.remove(first.getKey()) != null) { // else cancelled meanwhile
                    runQuietly(first.getValue());
                }
            }
            long next = now + pollNanos;
            if (first != null && first.getKey().due() - next < 0) {
                next = first.getKey().due();
            }
            wakeAt = next;
            first = tasks.firstEntry();
            if (first != null && first.getKey().due() - next < 0) {
                continue; // scheduled while wakeAt was still the old value, and earlier than planned
            }
            LockSupport.parkNanos(next - System.nanoTime());
            wakeUps++; // only this thread writes it
        }
    }

    private static void runQuietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.error("a scheduled task failed; the timer goes on", e);
        }
    }
}
