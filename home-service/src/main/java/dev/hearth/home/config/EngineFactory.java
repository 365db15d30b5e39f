package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hearth.dsl.AggregationEngine;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * config.yml's {@code engine:} block: which port calls may start, across all requests of this instance. No queue: a
 * call beyond the limit for its kind is not started (BULKHEAD_FULL), optional ones first. Read at start-up only.
 */
public final class EngineFactory {
    /**
     * Port calls in flight at once; required calls may use all of them. The engine's own default (10,000) is above
     * what the port bulkheads let through, so it never engages: see config.yml for the shipped value.
     */
    @Min(1)
    @JsonProperty
    private int maxInFlightCalls = 10_000;

    /** The share of {@link #maxInFlightCalls} optional calls may use; the rest is kept for required calls. */
    @DecimalMin(value = "0", inclusive = false)
    @DecimalMax("1")
    @JsonProperty
    private double optionalShare = 0.8;

    /** A call with less than this left before its effective deadline is not started (TIMEOUT). */
    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration minimumCallTime = Duration.milliseconds(5);

    /**
     * Whether per-item calls of one request to a port with a batch form (cardDetails, nickname) are coalesced into
     * batch calls. Off: the same calls as the prototype, one per item (the harness compares both).
     */
    @JsonProperty
    private boolean batching = true;

    /** The most items per batch call for a port whose {@code ports.<name>.batchSize} is unset. */
    @Min(1)
    @Max(PortsFactory.MAX_BATCH_SIZE)
    @JsonProperty
    private int batchSize = AggregationEngine.DEFAULT_BATCH_SIZE;

    public boolean isBatching() {
        return batching;
    }

    /** An engine builder with these limits, for customers of {@code customerType}; the caller adds ports and the rest. */
    public <C> AggregationEngine.Builder<C> builder(Class<C> customerType) {
        return AggregationEngine.builder(customerType)
                .maxInFlightCalls(maxInFlightCalls)
                .optionalShare(optionalShare)
                .minimumCallTime(minimumCallTime.toJavaDuration())
                .batching(batching)
                .batchSize(batchSize);
    }
}
