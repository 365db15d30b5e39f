package dev.hearth.home.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * What protects one port, resolved from config.yml's {@code ports:} block (its own keys over
 * {@code defaults} over the built-in {@link #DEFAULT}). Values are already validated. Immutable.
 *
 * @param timeout the most one call may take (the engine interrupts it then)
 * @param retry   how a failed read is tried again; {@code maxAttempts 1} means never
 * @param breaker when to stop calling a failing downstream for a while
 * @param bulkhead how many calls of this port may run at once
 * @param batchSize the most items one batch call of this port carries (a port with a batch form); 0: the engine's
 *     {@code engine.batchSize}
 */
public record PortPolicy(Duration timeout, Retry retry, Breaker breaker, Bulkhead bulkhead, int batchSize) {
    /** The built-in defaults: 1 s, no retry, a breaker at 50 % of at least 10 calls in 10 s, 200 concurrent calls. */
    public static final PortPolicy DEFAULT = new PortPolicy(Duration.ofSeconds(1),
            new Retry(1, Duration.ofMillis(25), Duration.ofMillis(200), 0.5, true),
            new Breaker(true, 50, 10, Duration.ofSeconds(10), Duration.ofSeconds(5), 3),
            new Bulkhead(200, Duration.ZERO));

    public PortPolicy {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(bulkhead, "bulkhead");
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize must be at least 1, or 0 for the engine's, was " + batchSize);
        }
    }

    /** A policy with the engine's batch size. */
    public PortPolicy(Duration timeout, Retry retry, Breaker breaker, Bulkhead bulkhead) {
        this(timeout, retry, breaker, bulkhead, 0);
    }

    /**
     * @param maxAttempts      calls in all, the first included (1 = no retry)
     * @param backoff          the pause before the first retry; it doubles per retry up to {@code maxBackoff}
     * @param jitter           a random part of each pause taken off (0.5 = between half and all of it)
     * @param honourRetryAfter wait what the downstream's {@code Retry-After} asks, when that fits the deadline
     */
    public record Retry(int maxAttempts, Duration backoff, Duration maxBackoff, double jitter, boolean honourRetryAfter) {
        public static final Retry NONE = new Retry(1, Duration.ZERO, Duration.ZERO, 0, false);

        public Retry {
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
        }

        public boolean retries() {
            return maxAttempts > 1;
        }
    }

    /**
     * Failsafe's time-based failure-rate breaker.
     *
     * @param failureRateThreshold opens at this percentage (1–100) of failed calls ...
     * @param minimumCalls         ... once at least this many calls were made ...
     * @param window               ... within this sliding period
     * @param openDelay            how long it stays open before letting trial calls through (half-open)
     * @param halfOpenCalls        trial calls that must all succeed to close it again; one failure re-opens it
     */
    public record Breaker(boolean enabled, int failureRateThreshold, int minimumCalls, Duration window, Duration openDelay,
            int halfOpenCalls) {
        public Breaker {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(openDelay, "openDelay");
        }
    }

    /**
     * @param maxConcurrent calls of this port running at once, across all requests
     * @param maxWait       how long a call beyond that waits for a place before BULKHEAD_FULL (0 = not at all)
     */
    public record Bulkhead(int maxConcurrent, Duration maxWait) {
        public Bulkhead {
            Objects.requireNonNull(maxWait, "maxWait");
        }
    }
}
