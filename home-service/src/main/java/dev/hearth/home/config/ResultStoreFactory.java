package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.lettuce.core.RedisURI;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * config.yml's {@code resultStore:} block: where the last good values of sections and fields with {@code freshness}
 * or a {@code stale} fallback are kept. Empty {@code redisUri}: in memory, per instance (the embedded default).
 * {@code redis://host:port}: on Redis, shared by every instance with the same Redis and key prefix, fail-open within
 * {@code operationTimeout} (docs/adr/019-result-store-on-redis.md). Read at start-up only.
 */
public final class ResultStoreFactory {
    /**
     * {@code redis://[:password@]host:port[/database]}, {@code rediss://} for TLS; empty or absent for in memory
     * ({@code redisUri: ${HEARTH_REDIS_URI:-}} with the variable unset reads as null).
     */
    @JsonProperty
    private String redisUri = "";

    /** How long a look-up may wait for Redis; past it the call goes to the port. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration operationTimeout = Duration.milliseconds(5);

    /** Put before every key: instances share values when they share Redis and this prefix. */
    @NotEmpty
    @JsonProperty
    private String keyPrefix = "hearth:results:";

    /** How long one (background) connection attempt to Redis may take. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration connectTimeout = Duration.seconds(1);

    /**
     * The Redis to use, if {@code redisUri} names one.
     *
     * @throws IllegalArgumentException saying how to write it, when {@code redisUri} is not a Redis URI
     */
    public Optional<RedisURI> redis() {
        if (redisUri == null || redisUri.isBlank()) {
            return Optional.empty();
        }
        String shown = redisUri.replaceAll("//[^@/]*@", "//***@"); // never a password in a message
        if (!redisUri.startsWith("redis://") && !redisUri.startsWith("rediss://")) {
            throw new IllegalArgumentException("resultStore.redisUri '" + shown + "' is not a Redis URI: write "
                    + "redis://host:6379 (rediss:// for TLS), or leave it empty to keep values in memory");
        }
        try {
            if (java.net.URI.create(redisUri).getHost() == null) { // Lettuce's own parser takes what it cannot read
                throw new IllegalArgumentException("no host, or a port that is not a number");
            }
            return Optional.of(RedisURI.create(redisUri));
        } catch (RuntimeException e) {
            // Not the cause, nor its message as it is: both may quote the password.
            String why = String.valueOf(e.getMessage()).replace(redisUri, shown);
            throw new IllegalArgumentException("resultStore.redisUri '" + shown + "' is not a Redis URI (" + why
                    + "): write redis://host:6379 (rediss:// for TLS), or leave it empty to keep values in memory");
        }
    }

    public java.time.Duration operationTimeout() {
        return operationTimeout.toJavaDuration();
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public java.time.Duration connectTimeout() {
        return connectTimeout.toJavaDuration();
    }
}
