package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * config.yml's {@code overload:} block: a request that waited too long since it arrived (in the server's queue, for a
 * CPU) is answered at once, by legacy for the home while legacy has room, else 503 with {@code Retry-After}, instead of
 * being built late (docs/adr/031-answer-on-time.md). Every screen's budget counts from arrival whatever these say.
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
