package dev.hearth.ports.domain.port.out;

import java.util.Objects;

/**
 * A port could not answer. {@link Kind} says why, so the caller can report it exactly; the message
 * names the downstream and never contains tokens or full account numbers.
 */
public class DownstreamException extends Exception {
    /** Why a downstream call failed. */
    public enum Kind {
        /** The downstream answered with an error status or could not be reached. */
        UNAVAILABLE,
        /** The downstream answered, but not with what its contract promises (malformed or wrong shape). */
        BAD_RESPONSE,
        /** The downstream says the thing asked for does not exist. */
        NOT_FOUND
    }

    private final String downstream;
    private final Kind kind;

    public DownstreamException(String downstream, Kind kind, String message, Throwable cause) {
        super(downstream + ": " + message, cause);
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        this.kind = Objects.requireNonNull(kind, "kind");
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
}
