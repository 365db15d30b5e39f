package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;

/**
 * What ops tune for one port (named as in the screen files), or for all of them under
 * {@code ports.defaults}. Every key is optional: a port's block overrides only the keys it names,
 * key by key, down into {@code retry}, {@code circuitBreaker} and {@code bulkhead}. Unknown keys
 * fail start-up. {@link PortsFactory} checks the values once merged.
 */
public final class PortSettings {

    /** The most one call of this port may take; a screen's section deadline or budget may cut it shorter. */
    @JsonProperty
    private Duration timeout;

    @JsonProperty
    private Retry retry;

    @JsonProperty
    private CircuitBreaker circuitBreaker;

    @JsonProperty
    private Bulkhead bulkhead;

    /**
     * The most items one batch call carries, for a port with a batch form (1 to {@link PortsFactory#MAX_BATCH_SIZE});
     * unset: {@code engine.batchSize}. Ignored by ports without one.
     */
    @JsonProperty
    private Integer batchSize;

    public Integer getBatchSize() {
        return batchSize;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    Retry retry() {
        return retry == null ? new Retry() : retry;
    }

    CircuitBreaker circuitBreaker() {
        return circuitBreaker == null ? new CircuitBreaker() : circuitBreaker;
    }

    Bulkhead bulkhead() {
        return bulkhead == null ? new Bulkhead() : bulkhead;
    }

    /** {@code retry:} reads only; {@code maxAttempts: 1} (the default) is no retry. */
    public static final class Retry {
        @JsonProperty
        Integer maxAttempts;
        @JsonProperty
        Duration backoff;
        @JsonProperty
        Duration maxBackoff;
        @JsonProperty
        Double jitter;
        @JsonProperty
        Boolean honourRetryAfter;
    }

    /** {@code circuitBreaker:} a time-based failure-rate breaker shared by every call of the port. */
    public static final class CircuitBreaker {
        @JsonProperty
        Boolean enabled;
        @JsonProperty
        Integer failureRateThreshold;
        @JsonProperty
        Integer minimumCalls;
        @JsonProperty
        Duration window;
        @JsonProperty
        Duration openDelay;
        @JsonProperty
        Integer halfOpenCalls;
    }

    /** {@code bulkhead:} the most calls of the port at once, across all requests. */
    public static final class Bulkhead {
        @JsonProperty
        Integer maxConcurrent;
        @JsonProperty
        Duration maxWait;
    }
}
