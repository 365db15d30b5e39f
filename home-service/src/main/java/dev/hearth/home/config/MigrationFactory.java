package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;

/**
 * config.yml's {@code migration:} block: moving the home screen off the legacy monolith. What changes at run time (the
 * rollout percentage, the allow-list, the sampling rate) lives in the database and is set through admin tasks; this is
 * what each instance starts with and its own limits.
 */
public final class MigrationFactory {
    /** The share of customers served by Hearth until someone sets the rollout (then the database's value rules). */
    @NotNull
    @DecimalMin("0")
    @DecimalMax("100")
    @JsonProperty
    private BigDecimal initialPercent = BigDecimal.ZERO;

    /** How often each instance reads the rollout from the database: a change is followed within this. */
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 4, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration pollInterval = Duration.seconds(1);

    /** How long a legacy home call may take (routed, fallback or shadow) before it is abandoned. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration legacyTimeout = Duration.seconds(5);

    @Valid
    @NotNull
    @JsonProperty
    private Shadow shadow = new Shadow();

    /** Shadow comparison's budget on this instance and how long mismatches are kept. */
    public static final class Shadow {
        @Min(1)
        @Max(10_000)
        @JsonProperty
        private int maxInFlight = 16;

        @Min(1)
        @Max(100_000)
        @JsonProperty
        private int maxPerSecond = 20;

        /** Stored mismatches (rows) kept; older ones are deleted. */
        @Min(1)
        @JsonProperty
        private long keepMismatches = 100_000;

        public int getMaxInFlight() {
            return maxInFlight;
        }

        public int getMaxPerSecond() {
            return maxPerSecond;
        }

        public long getKeepMismatches() {
            return keepMismatches;
        }

        public void setMaxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
        }

        public void setMaxPerSecond(int maxPerSecond) {
            this.maxPerSecond = maxPerSecond;
        }
    }

    public BigDecimal getInitialPercent() {
        return initialPercent;
    }

    public void setInitialPercent(BigDecimal initialPercent) {
        this.initialPercent = initialPercent;
    }

    public java.time.Duration getPollInterval() {
        return pollInterval.toJavaDuration();
    }

    public java.time.Duration getLegacyTimeout() {
        return legacyTimeout.toJavaDuration();
    }

    public Shadow getShadow() {
        return shadow;
    }
}
