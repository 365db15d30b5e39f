package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * config.yml's {@code overload:} block: a request that waited too long since it arrived (in the server's queue, for a
 * CPU) is answered at once, by legacy for the home while legacy has room, else 503 with {@code Retry-After}, instead of
 * being built late (docs/adr/031-answer-on-time.md); screen requests in Hearth's hands at once are limited, so that a
 * burst queues where that wait is measured (docs/adr/032-limit-on-screens-built-at-once.md). Every screen's budget
 * counts from arrival whatever these say.
 */
public final class OverloadFactory {
    /** A request that waited longer than this since it arrived is answered at once. 0 turns this rule off. */
    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration answerAtOnceAfter = Duration.milliseconds(100);

    /** A request with less than this left of its screen's budget is answered at once. 0 turns this rule off. */
    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration minimumBudgetLeft = Duration.milliseconds(100);

    /**
     * The limit on screen requests in Hearth's hands at once (docs/adr/032-limit-on-screens-built-at-once.md): adaptive
     * between minLimit and maxLimit; a request over it waits for room at most what is left of answerAtOnceAfter, then
     * is answered at once. Applied only while answerAtOnceAfter is above 0.
     */
    @Valid
    @NotNull
    @JsonProperty
    private Concurrency concurrency = new Concurrency();

    /** {@code overload.concurrency}. */
    public static final class Concurrency {
        /** false: no limit (every request goes in; a burst then shares the CPUs and is built late). */
        @JsonProperty
        private boolean enabled = true;

        /** The limit a fresh instance starts at; left out, minLimit (so raising minLimit alone is enough). */
        @Min(1)
        @JsonProperty
        private Integer initialLimit;

        /**
         * It never shrinks below this: what a sudden slowdown leaves in hand until the limit follows it (250 homes a
         * second of a whole 800 ms budget each: a slow downstream must not take more than its section).
         */
        @Min(1)
        @JsonProperty
        private int minLimit = 200;

        /** Nor grows above this. */
        @Min(1)
        @JsonProperty
        private int maxLimit = 1000;

        /**
         * Of the homes that found no room, at most this many at once go on to be answered by legacy (each costs Hearth
         * authentication, a call and a copy of legacy's answer); the rest get the 503 at once. 0: none.
         */
        @Min(0)
        @JsonProperty
        private int lateToLegacy = 32;

        @ValidationMethod(message = "overload.concurrency needs minLimit <= initialLimit <= maxLimit (initialLimit "
                + "left out is minLimit), e.g. minLimit 200, maxLimit 1000")
        public boolean isOrdered() {
            return minLimit <= getInitialLimit() && getInitialLimit() <= maxLimit;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public int getInitialLimit() {
            return initialLimit == null ? minLimit : initialLimit;
        }

        public int getMinLimit() {
            return minLimit;
        }

        public int getMaxLimit() {
            return maxLimit;
        }

        public int getLateToLegacy() {
            return lateToLegacy;
        }
    }

    public Concurrency getConcurrency() {
        return concurrency;
    }

    /** As java.time; @JsonIgnore keeps Jackson on the field (as in MigrationFactory). */
    @JsonIgnore
    public java.time.Duration getAnswerAtOnceAfter() {
        return answerAtOnceAfter.toJavaDuration();
    }

    @JsonIgnore
    public java.time.Duration getMinimumBudgetLeft() {
        return minimumBudgetLeft.toJavaDuration();
    }
}
