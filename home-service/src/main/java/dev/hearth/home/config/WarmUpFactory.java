package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * config.yml's {@code warmUp:} block: home screens this instance builds for itself after start-up, before it reports
 * ready, so the JIT has compiled the hot path before the first customer's home (docs/adr/018-probes-warm-up-and-drain.md).
 * The homes are built through the real resource, engine and JSON with the downstreams answered in-process by the
 * sandbox's canned customers: no real downstream is called, nothing is written to the database, and no customer metric,
 * breaker or trace sees them.
 */
public final class WarmUpFactory {
    /** Home screens built before ready; 0 turns the warm-up off (ready as soon as the server runs). */
    @Min(0)
    @Max(100_000)
    @JsonProperty
    private int homes = 300;

    /** How many of them are built at once. */
    @Min(1)
    @Max(64)
    @JsonProperty
    private int concurrency = 4;

    /** The longest the warm-up may take: after it the instance reports ready anyway (and logs a warning). */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration timeout = Duration.seconds(60);

    public int getHomes() {
        return homes;
    }

    public int getConcurrency() {
        return concurrency;
    }

    public Duration getTimeout() {
        return timeout;
    }
}
