package dev.hearth.adapters.out.http.credentials;

import java.time.Duration;
import java.util.Objects;

/**
 * An access token from a token endpoint, and how long it was granted for. Its {@link #toString()} never shows the
 * value: a token in a log line is a credential leaked.
 *
 * @param value    what goes after {@code Authorization: Bearer }
 * @param lifetime {@code expires_in}, counted from when the request for it was sent
 */
public record ServiceToken(String value, Duration lifetime) {
    public ServiceToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(lifetime, "lifetime");
        if (value.isBlank() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("an access token must be visible ASCII without spaces");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("an access token's lifetime must be positive, not " + lifetime);
        }
    }

    @Override
    public String toString() {
        return "ServiceToken[value=<redacted>, lifetime=" + lifetime + "]";
    }
}
