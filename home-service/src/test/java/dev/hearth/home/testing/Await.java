package dev.hearth.home.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Polling for what the application does after it answers (every 50 ms, up to a generous bound). */
public final class Await {
    private Await() {
    }

    /** Waits until {@code condition} holds; fails naming {@code what} after {@code atMost}. */
    public static void awaitTrue(String what, Duration atMost, BooleanSupplier condition) {
        Instant until = Instant.now().plus(atMost);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("not within " + atMost.toSeconds() + " s: " + what);
            }
            sleep(50);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
