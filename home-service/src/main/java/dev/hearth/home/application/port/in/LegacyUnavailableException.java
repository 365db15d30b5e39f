package dev.hearth.home.application.port.in;

/** The legacy home could not be had (failed, timed out, or answered something unusable). */
public final class LegacyUnavailableException extends RuntimeException {
    public LegacyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
