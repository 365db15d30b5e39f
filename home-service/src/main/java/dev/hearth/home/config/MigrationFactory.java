package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hearth.home.migration.compare.ComparisonRules;
import dev.hearth.home.migration.compare.SensitiveValues;
import dev.hearth.ports.domain.model.RolloutGates;
import dev.hearth.ports.domain.model.RolloutPlan;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * While Hearth's threads have waited this long or longer for a CPU on every wake-up of the lag probe for half a
     * second (an overload, not one GC pause; the {@code hearth.engine.scheduler-lag} gauge shows the worst), new homes
     * are answered by legacy before any port is called. 0 turns it off.
     */
    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration fallbackWhenLateBy = Duration.milliseconds(100);

    @Valid
    @NotNull
    @JsonProperty
    private Shadow shadow = new Shadow();

    @Valid
    @NotNull
    @JsonProperty
    private AutoRollback autoRollback = new AutoRollback();

    /**
     * How often each instance adds what it counted (homes Hearth served and their build time, fallbacks, compared and
     * mismatched samples) to the fleet's figures in the database: a row per instance per interval.
     */
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 10, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration tallyInterval = Duration.seconds(1);

    /** How long those rows are kept (every instance deletes older ones every minute); longer than autoRollback.window. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration keepTalliesFor = Duration.hours(1);

    /** Rolling the rollout back to 0 by itself when the fleet's figures over {@code window} cross a threshold. */
    public static final class AutoRollback {
        /** The fleet's figures are judged (and shown in {@code /migration}) over the last {@code window}. */
        @NotNull
        @MinDuration(value = 10, unit = TimeUnit.SECONDS)
        @MaxDuration(value = 1, unit = TimeUnit.HOURS)
        @JsonProperty
        private Duration window = Duration.minutes(5);

        @JsonIgnore
        public java.time.Duration getWindow() {
            return window.toJavaDuration();
        }

        /** Whether the rollout goes to 0 by itself when a threshold below is crossed (only a person raises it again). */
        @JsonProperty
        private boolean enabled = true;

        /** The most legacy fallbacks over homes routed to Hearth, 0 to 1. */
        @DecimalMin("0")
        @DecimalMax("1")
        @JsonProperty
        private double maxFallbackRate = 0.05;

        /** The most mismatched over compared shadow samples, 0 to 1. */
        @DecimalMin("0")
        @DecimalMax("1")
        @JsonProperty
        private double maxMismatchRate = 0.05;

        /** The slowest p99 of the homes Hearth built. */
        @NotNull
        @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
        @MaxDuration(value = 10, unit = TimeUnit.SECONDS) // the fleet's latency buckets end there (LatencyHistogram)
        @JsonProperty
        private Duration maxP99 = Duration.seconds(2);

        /** The fewest homes (fallback rate, p99) and compared samples (mismatch rate) before a gate is judged. */
        @Min(1)
        @JsonProperty
        private long minSamples = 500;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The thresholds, also a rollout plan's defaults. */
        @JsonIgnore
        public RolloutGates gates() {
            return new RolloutGates(maxFallbackRate, maxMismatchRate, maxP99.toJavaDuration(), minSamples);
        }
    }

    /** Shadow comparison's budget, for the fleet of {@code fleetSize} instances, and how long mismatches are kept. */
    public static final class Shadow {
        @Min(1)
        @Max(10_000)
        @JsonProperty
        private int maxInFlight = 16;

        @Min(1)
        @Max(100_000)
        @JsonProperty
        private int maxPerSecond = 20;

        /**
         * How many instances share maxInFlight and maxPerSecond: each takes 1/fleetSize of them (the HPA's maxReplicas,
         * so the fleet stays within the caps at its largest; docs/adr/021-fleet-config.md).
         */
        @Min(1)
        @Max(10_000)
        @JsonProperty
        private int fleetSize = 1;

        /** Stored mismatches (rows) kept; older ones are deleted. */
        @Min(1)
        @JsonProperty
        private long keepMismatches = 100_000;

        /** How long a stored mismatch is kept: older ones are deleted (every minute, by every instance). */
        @NotNull
        @MinDuration(value = 1, unit = TimeUnit.MINUTES)
        @JsonProperty
        private Duration keepMismatchesFor = Duration.days(14);

        /** Paths whose values are personal data, stored as keyed hashes or masked; null = the home screen's defaults. */
        @JsonProperty
        private List<String> sensitive;

        /**
         * The secret key of those hashes (at least 32 bytes; config.yml reads HEARTH_MISMATCH_KEY). Blank: start-up is
         * refused, unless the sandbox is on, where each start makes a random key of its own.
         */
        @JsonProperty
        private String mismatchKey;

        /** Paths never compared (patterns: {@code sections[*].asOf}); null = the home screen's defaults. */
        @JsonProperty
        private List<String> ignore;

        /** The largest difference at which two numbers are equal; null = the default (0.001). */
        @JsonProperty
        private Double numericTolerance;

        /** List pattern → the field identifying an item (matched by key, not position); null = the defaults. */
        @JsonProperty
        private Map<String, String> listKeys;

        /**
         * The comparison rules: the home screen's defaults ({@link ComparisonRules#homeDefaults()}), each part
         * replaced by what config.yml sets.
         *
         * @throws IllegalArgumentException naming the key when a pattern or value is wrong
         */
        public ComparisonRules rules() {
            ComparisonRules defaults = ComparisonRules.homeDefaults();
            Map<String, String> keys = listKeys == null ? defaults.listKeys() : listKeys;
            try {
                return new ComparisonRules(ignore == null ? defaults.ignore() : ignore,
                        numericTolerance == null ? defaults.numericTolerance() : numericTolerance, keys,
                        keys.containsKey("sections") ? Set.of("sections") : Set.of());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config.yml migration.shadow: " + e.getMessage(), e);
            }
        }

        public int getMaxInFlight() {
            return maxInFlight;
        }

        public int getMaxPerSecond() {
            return maxPerSecond;
        }

        /** Each instance of the fleet needs one comparison at once: checked with the file, naming both keys. */
        @JsonIgnore
        @ValidationMethod(message = "maxInFlight is the fleet's, shared by fleetSize instances, and each needs at least "
                + "1: set maxInFlight to at least fleetSize")
        public boolean isMaxInFlightEnoughForTheFleet() {
            return maxInFlight >= fleetSize;
        }

        public int getFleetSize() {
            return fleetSize;
        }

        public void setFleetSize(int fleetSize) {
            this.fleetSize = fleetSize;
        }

        public long getKeepMismatches() {
            return keepMismatches;
        }

        @JsonIgnore
        public java.time.Duration getKeepMismatchesFor() {
            return keepMismatchesFor.toJavaDuration();
        }

        public void setKeepMismatchesFor(Duration keepMismatchesFor) {
            this.keepMismatchesFor = keepMismatchesFor;
        }

        /**
         * The sensitive paths (config.yml's, or {@link SensitiveValues#homeDefaults()}) hashed under
         * {@code mismatchKey}; with no key, under a random one when {@code sandbox} is on.
         *
         * @throws IllegalArgumentException naming the key and how to set it, when there is no usable key or a pattern is
         *                                  wrong
         */
        public SensitiveValues sensitiveValues(boolean sandbox) {
            List<String> patterns = sensitive == null ? SensitiveValues.homeDefaults() : sensitive;
            byte[] key;
            if (mismatchKey == null || mismatchKey.isBlank()) {
                if (!sandbox) {
                    throw new IllegalArgumentException("config.yml migration.shadow.mismatchKey is not set: it keys the "
                            + "hashes that stand for personal data in stored mismatches. Set HEARTH_MISMATCH_KEY to a "
                            + "secret of at least " + SensitiveValues.MIN_KEY_BYTES + " bytes, the same on every "
                            + "instance (make one with: openssl rand -base64 48)");
                }
                key = new byte[SensitiveValues.MIN_KEY_BYTES];
                new SecureRandom().nextBytes(key);
            } else {
                key = mismatchKey.getBytes(StandardCharsets.UTF_8);
            }
            try {
                return new SensitiveValues(patterns, key);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config.yml migration.shadow: " + e.getMessage(), e);
            }
        }

        /** Whether hashes are keyed by a random key of this start (no mismatchKey, sandbox on). */
        @JsonIgnore
        public boolean isMismatchKeyRandom() {
            return mismatchKey == null || mismatchKey.isBlank();
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

    /*
     * The three getters below return java.time.Duration, not the fields' Dropwizard Duration: @JsonIgnore keeps Jackson
     * on the fields, else it writes the getters' value (a number of seconds) that no Dropwizard Duration reads back, and
     * a command run without a config file (Dropwizard writes the built-in defaults, then reads them) failed on it.
     */
    @JsonIgnore
    public java.time.Duration getPollInterval() {
        return pollInterval.toJavaDuration();
    }

    @JsonIgnore
    public java.time.Duration getLegacyTimeout() {
        return legacyTimeout.toJavaDuration();
    }

    @JsonIgnore
    public java.time.Duration getFallbackWhenLateBy() {
        return fallbackWhenLateBy.toJavaDuration();
    }

    public Shadow getShadow() {
        return shadow;
    }

    public AutoRollback getAutoRollback() {
        return autoRollback;
    }

    @Valid
    @NotNull
    @JsonProperty
    private Plan plan = new Plan();

    public Plan getPlan() {
        return plan;
    }

    /**
     * A rollout plan's defaults ({@code POST /tasks/rollout-plan} takes what it is not given from here, its gates from
     * {@code autoRollback}) and the lease of the instance that drives it.
     */
    public static final class Plan {
        @NotNull
        @JsonProperty
        private List<BigDecimal> steps = List.of(BigDecimal.ONE, BigDecimal.valueOf(5), BigDecimal.valueOf(25),
                BigDecimal.valueOf(50), BigDecimal.valueOf(100));

        @NotNull
        @MinDuration(value = 1, unit = TimeUnit.SECONDS)
        @MaxDuration(value = 30, unit = TimeUnit.DAYS)
        @JsonProperty
        private Duration dwell = Duration.minutes(10);

        /** How long the driver's lease lasts unrenewed (renewed every second): another takes over within it. */
        @NotNull
        @MinDuration(value = 2, unit = TimeUnit.SECONDS)
        @MaxDuration(value = 30, unit = TimeUnit.SECONDS)
        @JsonProperty
        private Duration leaseTtl = Duration.seconds(3);

        public List<BigDecimal> getSteps() {
            return steps;
        }

        @JsonIgnore
        public java.time.Duration getDwell() {
            return dwell.toJavaDuration();
        }

        @JsonIgnore
        public java.time.Duration getLeaseTtl() {
            return leaseTtl.toJavaDuration();
        }

        /** The steps must make a plan: checked with the file. */
        @JsonIgnore
        @ValidationMethod(message = "steps are ascending percentages above 0 and at most 100, e.g. [1, 5, 25, 50, 100]")
        public boolean isStepsAPlan() {
            try {
                RolloutPlan.checkSteps(steps);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    @JsonIgnore
    public java.time.Duration getTallyInterval() {
        return tallyInterval.toJavaDuration();
    }

    @JsonIgnore
    public java.time.Duration getKeepTalliesFor() {
        return keepTalliesFor.toJavaDuration();
    }

    public void setKeepTalliesFor(Duration keepTalliesFor) {
        this.keepTalliesFor = keepTalliesFor;
    }

    /** The window's figures are read from the kept tallies: checked with the file, naming both keys. */
    @JsonIgnore
    @ValidationMethod(message = "keepTalliesFor must be longer than autoRollback.window: the window's figures are read "
            + "from the kept tallies (e.g. keepTalliesFor: 1h with window: 5m)")
    public boolean isKeepTalliesForLongerThanTheWindow() {
        return keepTalliesFor == null || autoRollback == null || autoRollback.window == null
                || keepTalliesFor.toJavaDuration().compareTo(autoRollback.getWindow()) > 0;
    }
}
