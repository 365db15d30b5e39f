package dev.hearth.dsl;

import java.time.Duration;

/** What an optional section or field shows when its port fails. Immutable. */
public sealed interface Fallback {
    /** A static value; may be {@code null}. */
    static Fallback value(Object value) {
        return new Value(value);
    }

    /** An empty list (only for ports returning a list). */
    static Fallback empty() {
        return new Empty();
    }

    /** Leave it out: the section is OMITTED, the field absent. */
    static Fallback omit() {
        return new Omit();
    }

    /**
     * The last good value of the same call (same screen, section or field, port and input, so the same customer or
     * account) if it was fetched at most {@code maxAge} ago: a section is STALE with {@code asOf}, a field takes the
     * value and is listed as degraded. With no such value the section or field fails as with no fallback. On a
     * fan-out section ({@code each}) it applies per item: a stale item is shown and listed as degraded (PARTIAL).
     * "Not found" is an answer, not a failure: it is never replaced by a stale value.
     */
    static Fallback stale(Duration maxAge) {
        return new Stale(maxAge);
    }

    record Value(Object value) implements Fallback {
    }

    record Empty() implements Fallback {
    }

    record Omit() implements Fallback {
    }

    /** See {@link Fallback#stale(Duration)}; {@code maxAge} must be positive. */
    record Stale(Duration maxAge) implements Fallback {
        public Stale {
            Origins.positive(maxAge, "max age of a stale fallback");
        }
    }
}
