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
        this(FleetShare.of(maxInFlight, maxPerSecond, 1), clock);
    }

    /** This instance's {@code share} of the fleet's budget. */
    public ShadowBudget(FleetShare share, Clock clock) {
        this.maxInFlight = share.maxInFlight();
        this.inFlight = new Semaphore(maxInFlight);
        this.nanosPerStart = share.nanosPerStart();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One instance's part of a budget configured for a fleet of {@code fleetSize} instances: {@code maxInFlight / fleetSize}
     * comparisons at once, rounded down, and one start per {@code fleetSize / maxPerSecond} seconds, rounded up to the
     * nanosecond; so the fleet's total stays within both caps (never above, at most one comparison at once per instance
     * below). Fewer instances than {@code fleetSize} compare less (docs/adr/021-fleet-config.md).
     *
     * @param maxInFlight   comparisons at once for the whole fleet
     * @param nanosPerStart the least time between two starts on this instance
     */
    public record FleetShare(int maxInFlight, long nanosPerStart) {
        private static final long NANOS_PER_SECOND = 1_000_000_000L;

        public FleetShare {
            if (maxInFlight < 1 || nanosPerStart < 1) {
                throw new IllegalArgumentException("a shadow budget needs at least 1 comparison at once and a positive "
                        + "time between starts, not " + maxInFlight + " and " + nanosPerStart + " ns");
            }
        }

        /**
         * @throws IllegalArgumentException naming the keys, when a cap is below 1 or {@code maxInFlight} cannot give
         *                                  each instance one comparison
         */
        public static FleetShare of(int maxInFlight, int maxPerSecond, int fleetSize) {
            if (maxInFlight < 1 || maxPerSecond < 1) {
                throw new IllegalArgumentException("migration.shadow.maxInFlight and maxPerSecond must be at least 1 (set "
                        + "the sampling rate to 0 to stop shadow comparison), not " + maxInFlight + " and "
                        + maxPerSecond);
            }
            if (fleetSize < 1) {
                throw new IllegalArgumentException("migration.shadow.fleetSize must be at least 1 (the most instances "
                        + "that run at once), not " + fleetSize);
            }
            if (maxInFlight < fleetSize) {
                throw new IllegalArgumentException("migration.shadow.maxInFlight (" + maxInFlight + ") is the fleet's, "
                        + "shared by migration.shadow.fleetSize (" + fleetSize + ") instances, and each needs at least 1: "
                        + "raise maxInFlight to at least " + fleetSize + " or lower fleetSize");
            }
            return new FleetShare(maxInFlight / fleetSize,
                    Math.ceilDiv(NANOS_PER_SECOND * fleetSize, (long) maxPerSecond));
        }

        /** Starts per second this instance may make (a fraction when the fleet is larger than the rate). */
        public double perSecond() {
            return (double) NANOS_PER_SECOND / nanosPerStart;
        }
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
