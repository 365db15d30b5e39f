package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * config.yml's {@code experiments:} block: how often each instance reads the experiments from the database
 * (docs/adr/029-experiments.md). The experiments themselves are started, changed and stopped on the admin port.
 */
public final class ExperimentsFactory {
    /** How often each instance reads the experiments: a start, change or stop anywhere is followed within this. */
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
