package dev.hearth.home.resilience;

/**
 * Hears of every retry a port's policy makes, for metrics. Called on the call's thread just before its pause; must
 * be fast, thread-safe and must not throw.
 */
@FunctionalInterface
public interface RetryListener {
    /** Hears nothing. */
    RetryListener NONE = (port, attempt) -> {
    };

    /** {@code port} is about to be called again: {@code attempt} is the attempt about to start (2 for the first retry). */
    void retrying(String port, int attempt);
}
