package dev.hearth.home.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens whose signature and claims were verified, so a token the app sends again (every screen of a session
 * carries the same one) is not verified again: an ES256 signature check costs more CPU than the rest of a home
 * request (docs/adr/011-verified-token-cache.md). An entry is the exact token string and its principal; it is kept
 * until the token would be refused for its age (expiry plus the allowed clock skew), at most {@code maxAge}, and never
 * a token that was refused. Bounded: when {@code capacity} tokens are held, all are dropped and verification starts
 * again. Thread-safe.
 */
final class VerifiedTokens {
    private record Entry(CustomerPrincipal principal, Instant until) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int capacity;
    private final Duration maxAge;

    VerifiedTokens(Clock clock, int capacity, Duration maxAge) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    /** The principal of {@code token} if it was verified and is still within its lifetime. */
    Optional<CustomerPrincipal> find(String token) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.until())) {
            entries.remove(token, entry);
            return Optional.empty();
        }
        return Optional.of(entry.principal());
    }

    /** Keeps {@code token}, verified now, until {@code refusedFrom} (when verification would refuse it for its age). */
    void keep(String token, CustomerPrincipal principal, Instant refusedFrom) {
        Instant until = clock.instant().plus(maxAge);
        if (refusedFrom.isBefore(until)) {
            until = refusedFrom;
        }
        if (entries.size() >= capacity) {
            entries.clear();
        }
        entries.put(token, new Entry(principal, until));
    }

    int size() {
        return entries.size();
    }
}
