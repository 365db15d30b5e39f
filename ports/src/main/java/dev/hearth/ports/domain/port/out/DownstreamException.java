package dev.hearth.ports.domain.port.out;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A port could not answer. {@link Kind} says why, so the caller can report it exactly; the message
 * names the downstream and never contains tokens or full account numbers. A downstream that said
 * when to come back (HTTP {@code Retry-After} on 503 or 429) carries it as {@link #retryAfter()}.
 */
public class DownstreamException extends Exception {
    /** Why a downstream call failed. */
    public enum Kind {
        /** The downstream answered with an error status or could not be reached. */
        UNAVAILABLE,
        /** The downstream answered, but not with what its contract promises (malformed or wrong shape). */
        BAD_RESPONSE,
        /** The downstream says the thing asked for does not exist. */
        NOT_FOUND,
        /**
         * Hearth's own limit refused the call before it reached the downstream (no pooled connection free in time, a
         * full queue): it says nothing about the downstream's health.
         */
        REFUSED
    }

    private final String downstream;
    private final Kind kind;
    private final Duration retryAfter;

    /**
     * @param retryAfter how long the downstream asked callers to wait before trying again (zero or more)
     */
    public DownstreamException(String downstream, Kind kind, String message, Throwable cause, Duration retryAfter) {
        super(downstream + ": " + message, cause);
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        this.kind = Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    public DownstreamException(String downstream, Kind kind, String message, Throwable cause) {
        super(downstream + ": " + message, cause);
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.retryAfter = null;
    }

    public DownstreamException(String downstream, Kind kind, String message) {
        this(downstream, kind, message, null);
    }

    public String downstream() {
        return downstream;
    }

    public Kind kind() {
        return kind;
    }

    /** How long the downstream asked to be left alone before the next try, when it said so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
