package dev.hearth.home.application;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread that wakes every {@link DatabaseFollower} of an instance, instead of a thread each. Followers with the
 * same interval (the rollout, the kill switches and the experiments: 1 s by default) share one wake-up and are read one
 * after another on a virtual thread of that tick; each other interval has its own tick.
 *
 * <p>A read that hangs (a database that does not answer) holds the followers behind it back until the next tick at
 * most: that tick reads them on a new virtual thread, skipping the follower still being read, and the stuck sequence
 * stops there once its read returns. A tick only starts a thread, so one interval's tick never waits for another's.
 */
public final class DatabaseFollowers implements AutoCloseable {
    private final ScheduledThreadPoolExecutor ticks;
    private final boolean closeWhenEmpty;
    private final Map<Duration, Tick> byInterval = new LinkedHashMap<>(); // guarded by this

    /** One thread for the instance (the wiring's), stopped by {@link #close()}. */
    public DatabaseFollowers() {
        this(false);
    }

    private DatabaseFollowers(boolean closeWhenEmpty) {
        this.closeWhenEmpty = closeWhenEmpty;
        this.ticks = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("database-followers")
                .factory());
        ticks.setRemoveOnCancelPolicy(true);
    }

    /** A thread for one follower alone (a test, a tool), stopped when that follower closes. */
    public static DatabaseFollowers forOne() {
        return new DatabaseFollowers(true);
    }

    synchronized void add(DatabaseFollower<?> follower) {
        Duration interval = follower.pollInterval();
        Tick tick = byInterval.computeIfAbsent(interval, Tick::new);
        tick.followers.add(follower);
        if (tick.future == null) {
            long millis = interval.toMillis();
            // Fixed delay, not rate: after a pause (GC, a suspended VM) the ticks do not catch up in a burst of reads.
            tick.future = ticks.scheduleWithFixedDelay(tick, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    synchronized void remove(DatabaseFollower<?> follower) {
        Tick tick = byInterval.get(follower.pollInterval());
        if (tick != null && tick.followers.remove(follower) && tick.followers.isEmpty()) {
            tick.future.cancel(false);
            byInterval.remove(tick.interval);
        }
        if (closeWhenEmpty && byInterval.isEmpty()) {
            ticks.shutdown();
        }
    }

    /** How many ticks are scheduled: one per distinct interval of the followers polled now. */
    synchronized int ticks() {
        return byInterval.size();
    }

    /**
     * Stops the ticks and closes every follower still polled (each waits up to 5 s for its read in progress), so no
     * read runs after the database is closed.
     */
    @Override
    public void close() {
        List<DatabaseFollower<?>> left = new ArrayList<>();
        synchronized (this) {
            byInterval.values().forEach(tick -> left.addAll(tick.followers));
        }
        ticks.shutdownNow();
        left.forEach(DatabaseFollower::close);
    }

    /** The followers of one interval, read on one wake-up. */
    private static final class Tick implements Runnable {
        final Duration interval;
        final List<DatabaseFollower<?>> followers = new CopyOnWriteArrayList<>();
        final AtomicLong started = new AtomicLong();
        ScheduledFuture<?> future; // guarded by the DatabaseFollowers

        Tick(Duration interval) {
            this.interval = interval;
        }

        @Override
        public void run() {
            long tick = started.incrementAndGet();
            Thread.ofVirtual().name("database-followers-" + interval.toMillis() + "ms").start(() -> {
                for (DatabaseFollower<?> follower : followers) {
                    if (started.get() != tick) {
                        return; // a read of this tick hung past the next tick, which reads the rest
                    }
                    follower.poll();
                }
            });
        }
    }
}
