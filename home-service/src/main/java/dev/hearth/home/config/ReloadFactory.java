package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * config.yml's {@code reload:} block: how the screens and the port policies follow their files without
 * {@code POST /tasks/reload} (docs/adr/021-fleet-config.md).
 */
public final class ReloadFactory {
    /**
     * How often the configuration file and the screen files are hashed; a change is applied as the reload task applies
     * it. 0 turns watching off (then only the task reloads).
     */
    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration watchInterval = Duration.seconds(10);

    /** 0 or at least 100 ms: hashing the files more often than that only burns CPU. */
    @JsonIgnore
    @ValidationMethod(message = "watchInterval must be 0 (off) or at least 100ms, e.g. 10s")
    public boolean isWatchIntervalOffOrSensible() {
        return watchInterval == null || watchInterval.toMilliseconds() == 0 || watchInterval.toMilliseconds() >= 100;
    }

    /** The interval, or empty when watching is off. */
    @JsonIgnore
    public java.util.Optional<java.time.Duration> getWatchInterval() {
        return watchInterval.toMilliseconds() == 0 ? java.util.Optional.empty()
                : java.util.Optional.of(watchInterval.toJavaDuration());
    }
}
