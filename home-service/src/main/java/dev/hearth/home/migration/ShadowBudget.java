package dev.hearth.home.migration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Caps the extra load shadow comparison puts on the downstreams: at most {@code maxInFlight} comparisons at once and
 * {@code maxPerSecond} started per second (a smooth rate: one start per {@code 1 s / maxPerSecond}, no bursts). Never
 * waits: a sample over budget is refused at once, and the caller drops it. Time is read from the clock given; should
 * it step back, the rate starts afresh rather than refusing until it catches up. Thread-safe.
 *
 * <p>Not Failsafe's {@code RateLimiter} and {@code Bulkhead}: its smooth limiter reads {@code System.nanoTime} (no
 * clock can be passed in, so the tests would sleep instead of moving a fake clock) and counts fixed slots from its
 * creation, which lets two starts fall closer together than {@code 1 s / maxPerSecond} across a slot's edge.
 */
public final class ShadowBudget {
    /** Why a sample was refused. */
    public enum Refusal {
        IN_FLIGHT("in-flight"),
        RATE("rate");

        private final String label;

        Refusal(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final int maxInFlight;
    private final Semaphore inFlight;
    private final long nanosPerStart;
    private final Clock clock;
    /** When the next start is allowed, in nanoseconds since the epoch; guarded by {@code this}. */
    private long nextStart = Long.MIN_VALUE;

    public ShadowBudget(int maxInFlight, int maxPerSecond, Clock clock) {
        if (maxInFlight < 1 || maxPerSecond < 1) {
            throw new IllegalArgumentException("migration.shadow.maxInFlight and maxPerSecond must be at least 1 (set "
                    + "the sampling rate to 0 to stop shadow comparison), not " + maxInFlight + " and "
                    + maxPerSecond);
        }
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.nanosPerStart = Duration.ofSeconds(1).toNanos() / maxPerSecond;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Takes a slot for one comparison, or says why not. A taken slot must be given back with {@link #release()}.
     */
    public Optional<Refusal> tryAcquire() {
        if (!inFlight.tryAcquire()) {
            return Optional.of(Refusal.IN_FLIGHT);
        }
        if (!tryStart()) {
            inFlight.release();
            return Optional.of(Refusal.RATE);
        }
        return Optional.empty();
    }

    private synchronized boolean tryStart() {
        Instant instant = clock.instant();
        long now = instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        if (now < nextStart && nextStart - now <= nanosPerStart) {
            return false;
        }
        nextStart = now + nanosPerStart;
        return true;
    }

    public void release() {
        inFlight.release();
    }

    /** Comparisons running now. */
    public int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }
}
