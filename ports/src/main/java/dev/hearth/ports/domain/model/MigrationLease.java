package dev.hearth.ports.domain.model;

import java.time.Instant;
import java.util.Objects;

/** Who holds a lease shared by the fleet, and until when (it is theirs while they renew it). */
public record MigrationLease(String name, String holder, Instant expiresAt) {
    public MigrationLease {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
