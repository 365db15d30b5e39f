package dev.hearth.dsl.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The real clock and one daemon scheduler thread; cancelled tasks are removed at once. */
final class SystemTimer implements Timer {
    static final SystemTimer INSTANCE = new SystemTimer();

    private final Clock clock = Clock.systemUTC();
    private final ScheduledThreadPoolExecutor scheduler;

    private SystemTimer() {
        scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "hearth-timer");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Cancellable schedule(Instant at, Runnable task) {
        long delayNanos = Math.max(0, Duration.between(now(), at).toNanos());
        ScheduledFuture<?> future = scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }
}
