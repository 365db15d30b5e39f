package dev.hearth.home.migration;

import dev.hearth.ports.domain.port.out.MismatchStorePort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes stored mismatches older than the retention period ({@code migration.shadow.keepMismatchesFor}), every
 * {@link #EVERY} on every instance, in batches of {@link #BATCH} rows up to {@link #MAX_BATCHES} a run, so one run
 * holds no long lock and a backlog drains over a few runs. Instances running it at once stay correct: each row is
 * deleted once and nothing younger than the cutoff is touched (the store's {@link MismatchStorePort#expire}).
 */
public final class MismatchRetention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MismatchRetention.class);
    static final Duration EVERY = Duration.ofMinutes(1);
    static final int BATCH = 1_000;
    static final int MAX_BATCHES = 50;

    private final MismatchStorePort store;
    private final Clock clock;
    private final Duration keepFor;
    private ScheduledExecutorService timer;

    public MismatchRetention(MismatchStorePort store, Clock clock, Duration keepFor) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keepFor = Objects.requireNonNull(keepFor, "keepFor");
        if (keepFor.isNegative() || keepFor.isZero()) {
            throw new IllegalArgumentException("migration.shadow.keepMismatchesFor must be positive, not " + keepFor);
        }
    }

    public Duration keepFor() {
        return keepFor;
    }

    /** Deletes what is older than {@link #keepFor} at {@code now}, in bounded batches; returns how many rows went. */
    public int expireAt(Instant now) {
        Instant cutoff = now.minus(keepFor);
        int total = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            int deleted = store.expire(cutoff, BATCH);
            total += deleted;
            if (deleted < BATCH) {
                break;
            }
        }
        if (total > 0) {
            LOG.info("Deleted {} shadow mismatch(es) found before {} (kept for {})", total, cutoff, keepFor);
        }
        return total;
    }

    /** Runs {@link #expireAt} with the clock's time now and every {@link #EVERY} after. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("mismatch-retention")
                .factory());
        timer.scheduleWithFixedDelay(this::runOnce, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            expireAt(clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Could not delete expired shadow mismatches; trying again in {}", EVERY, e);
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
