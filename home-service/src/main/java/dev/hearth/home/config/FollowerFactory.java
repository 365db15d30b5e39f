package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * config.yml's {@code killSwitches:} and {@code experiments:} blocks: how often each instance reads the kill switches
 * (docs/adr/027-kill-switches.md) or the experiments (docs/adr/029-experiments.md) from the database. The switches and
 * the experiments themselves are changed on the admin port, not here.
 */
public final class FollowerFactory {
    /** How often each instance reads them: a change made through any instance is followed within this. */
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration pollInterval = Duration.seconds(1);

    /** As java.time; @JsonIgnore keeps Jackson on the field (as in MigrationFactory: a command without a file reads it back). */
    @JsonIgnore
    public java.time.Duration getPollInterval() {
        return pollInterval.toJavaDuration();
    }
}
