package dev.hearth.dsl.spi;

import java.time.Instant;

/**
 * All time the engine reads and every deadline it schedules. Tests pass a fake one to move time by hand.
 * Implementations must be thread-safe; scheduled tasks must be short and must not block.
 */
public interface Timer {
    Instant now();

    /** Runs {@code task} once at {@code at} (at once if that has passed). */
    Cancellable schedule(Instant at, Runnable task);

    /** {@code Clock.systemUTC()} and one daemon scheduler thread, shared by everyone who uses it. */
    static Timer system() {
        return SystemTimer.INSTANCE;
    }
}
