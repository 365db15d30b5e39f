package dev.hearth.home.application.port.in;

/** A screen query that cannot be answered as asked: the message says what was wrong and how to fix it. */
public final class ScreenQueryException extends RuntimeException {
    /** What was wrong with the query. */
    public enum Kind {
        /** No screen or section by that name. */
        UNKNOWN,
        /** A parameter the screen needs is missing. */
        MISSING_PARAMETER
    }

    private final Kind kind;

    public ScreenQueryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
