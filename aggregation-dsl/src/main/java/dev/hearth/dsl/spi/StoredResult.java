package dev.hearth.dsl.spi;

import java.time.Instant;
import java.util.Objects;

/** A good value a port returned, and when it was fetched. */
public record StoredResult(Object value, Instant fetchedAt) {
    public StoredResult {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
    }
}
