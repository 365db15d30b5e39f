package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How bearer tokens are verified: the issuer and audience they must carry, and the public keys (a JWK set) that sign
 * them: either fixed in {@code jwks} (the sandbox's) or fetched from the identity provider's {@code jwksUri}, cached and
 * refreshed as {@code jwksRefresh} says (docs/adr/020-jwks-uri-and-stale-connections.md). Exactly one of the two.
 */
public final class AuthFactory {
    private static final java.util.Set<String> LOOPBACK = java.util.Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    @NotEmpty
    @JsonProperty
    private String issuer = "https://sandbox.hearth.local";

    @NotEmpty
    @JsonProperty
    private String audience = "hearth-home";

    /** The verification keys, as a JWK set document (JSON): {@code {"keys":[...]}}. Empty when {@code jwksUri} is set. */
    @JsonProperty
    private String jwks;

    /** The identity provider's JWK set URL ({@code https://idp/.well-known/jwks.json}). Empty when {@code jwks} is set. */
    @JsonProperty
    private String jwksUri;

    @Valid
    @NotNull
    @JsonProperty
    private JwksRefresh jwksRefresh = new JwksRefresh();

    /** Tolerated clock difference between the issuer and us when checking exp, nbf and iat (not in the future). */
    @NotNull
    @JsonProperty
    private Duration clockSkew = Duration.seconds(30);

    /** How keys fetched from {@code jwksUri} are kept and fetched again. */
    public static final class JwksRefresh {
        /** Keys are fetched again this often (in the background, shortly before they expire). */
        @NotNull
        @MinDuration(value = 1, unit = TimeUnit.SECONDS)
        @JsonProperty
        private Duration timeToLive = Duration.minutes(5);

        /** A token with an unknown kid fetches the keys again, at most twice in this interval. */
        @NotNull
        @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS, inclusive = false)
        @JsonProperty
        private Duration minInterval = Duration.seconds(30);

        /** While the identity provider cannot be reached, the last keys fetched are kept this long past their time. */
        @NotNull
        @JsonProperty
        private Duration outageTolerance = Duration.hours(1);

        /** Connect and read timeout of each fetch. */
        @NotNull
        @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS, inclusive = false)
        @JsonProperty
        private Duration timeout = Duration.seconds(1);

        public java.time.Duration timeToLive() {
            return timeToLive.toJavaDuration();
        }

        public java.time.Duration minInterval() {
            return minInterval.toJavaDuration();
        }

        public java.time.Duration outageTolerance() {
            return outageTolerance.toJavaDuration();
        }

        public java.time.Duration timeout() {
            return timeout.toJavaDuration();
        }
    }

    public String getIssuer() {
        return issuer;
    }

    public String getAudience() {
        return audience;
    }

    /** The static JWK set, if one is configured (an empty value counts as none, as {@code ${VAR:-}} gives). */
    public Optional<String> getJwks() {
        return Optional.ofNullable(jwks).filter(value -> !value.isBlank());
    }

    /** The identity provider's JWK set URL, if one is configured (an empty value counts as none). */
    public Optional<URI> getJwksUri() {
        return Optional.ofNullable(jwksUri).filter(value -> !value.isBlank()).map(AuthFactory::uri);
    }

    public JwksRefresh getJwksRefresh() {
        return jwksRefresh;
    }

    public Duration getClockSkew() {
        return clockSkew;
    }

    /**
     * Refuses both or neither of {@code jwks} and {@code jwksUri}, and a {@code jwksUri} that is not http(s), saying
     * which to set.
     */
    public void checkKeySource() {
        boolean fixed = getJwks().isPresent();
        boolean fetched = getJwksUri().isPresent();
        if (fixed && fetched) {
            throw new IllegalArgumentException("config.yml auth sets both jwks and jwksUri: keep exactly one, jwksUri "
                    + "(the identity provider's JWK set URL, keys fetched and rotated without a restart) in production, "
                    + "or jwks (fixed public keys) for the sandbox");
        }
        if (!fixed && !fetched) {
            throw new IllegalArgumentException("config.yml auth sets neither jwks nor jwksUri: set jwksUri to the identity "
                    + "provider's JWK set URL (e.g. https://idp.example/.well-known/jwks.json), or jwks to a JWK set "
                    + "document ({\"keys\":[...]}) for the sandbox");
        }
        JwksRefresh refresh = jwksRefresh;
        if (fetched && refresh.minInterval().compareTo(refresh.timeToLive()) >= 0) {
            throw new IllegalArgumentException("config.yml auth.jwksRefresh.minInterval (" + refresh.minInterval
                    + ") must be shorter than auth.jwksRefresh.timeToLive (" + refresh.timeToLive + ")");
        }
    }

    private static URI uri(String value) {
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config.yml auth.jwksUri is not a URL: '" + value + "'", e);
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("config.yml auth.jwksUri must be an absolute https URL such as "
                    + "https://idp.example/.well-known/jwks.json, not '" + value + "'");
        }
        if ("http".equals(uri.getScheme()) && !LOOPBACK.contains(uri.getHost())) {
            throw new IllegalArgumentException("config.yml auth.jwksUri: " + value + " would fetch the keys that decide "
                    + "who is logged in over plain http, where anyone on the path could replace them; use https (plain "
                    + "http is allowed only on loopback)");
        }
        return uri;
    }
}
