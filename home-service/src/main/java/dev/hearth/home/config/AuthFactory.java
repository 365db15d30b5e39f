package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * How bearer tokens are verified: the issuer and audience they must carry, and the public keys (a JWK set) that sign them.
 */
public final class AuthFactory {

    @NotEmpty
    @JsonProperty
    private String issuer = "https://sandbox.hearth.local";

    @NotEmpty
    @JsonProperty
    private String audience = "hearth-home";

    /** The verification keys, as a JWK set document (JSON): {@code {"keys":[...]}}. */
    @NotEmpty
    @JsonProperty
    private String jwks;

    /** Tolerated clock difference between the issuer and us when checking exp, nbf and iat (not in the future). */
    @NotNull
    @JsonProperty
    private Duration clockSkew = Duration.seconds(30);

    public String getIssuer() {
        return issuer;
    }

    public String getAudience() {
        return audience;
    }

    public String getJwks() {
        return jwks;
    }

    public Duration getClockSkew() {
        return clockSkew;
    }
}
