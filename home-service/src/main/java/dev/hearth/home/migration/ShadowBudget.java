package dev.hearth.home.migration;

import dev.failsafe.RateLimiter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Caps the extra load shadow comparison puts on the downstreams: at most {@code maxInFlight} comparisons at once and
 * {@code maxPerSecond} started per second (a smooth rate: permits spread evenly over the second). Never waits: a
 * sample over budget is refused at once, and the caller drops it.
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
    private final RateLimiter<Object> perSecond;

    public ShadowBudget(int maxInFlight, int maxPerSecond) {
        if (maxInFlight < 1 || maxPerSecond < 1) {
            throw new IllegalArgumentException("migration.shadow.maxInFlight and maxPerSecond must be at least 1 (set "
                    + "the sampling rate to 0 to stop shadow comparison), not " + maxInFlight + " and "
                    + maxPerSecond);
        }
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.perSecond = RateLimiter.smoothBuilder(maxPerSecond, Duration.ofSeconds(1)).build();
    }

    /**
     * Takes a slot for one comparison, or says why not. A taken slot must be given back with {@link #release()}.
     */
    public Optional<Refusal> tryAcquire() {
        if (!inFlight.tryAcquire()) {
            return Optional.of(Refusal.IN_FLIGHT);
        }
        if (!perSecond.tryAcquirePermit()) {
            inFlight.release();
            return Optional.of(Refusal.RATE);
        }
        return Optional.empty();
    }

    public void release() {
        inFlight.release();
    }

    /** Comparisons running now. */
    public int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }
}
