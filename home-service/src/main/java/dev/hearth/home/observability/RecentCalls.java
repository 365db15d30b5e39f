package dev.hearth.home.observability;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * One port's calls and failed calls over the last {@link #WINDOW}, in one-second buckets: a call older than the window
 * no longer counts at all, so a health check reading it follows a cleared fault within the window (an exponentially
 * weighted rate remembers a fault for minutes). Thread-safe; one short lock per call.
 */
final class RecentCalls {
    /** How far back health looks: long enough for a steady rate, short enough to follow a cleared fault at once. */
    static final Duration WINDOW = Duration.ofSeconds(30);
    private static final int BUCKETS = (int) WINDOW.toSeconds();

    private final Clock clock;
    /** The second each bucket counts (its index is that second modulo {@link #BUCKETS}); stale buckets are reset. */
    private final long[] second = new long[BUCKETS];
    private final long[] calls = new long[BUCKETS];
    private final long[] failures = new long[BUCKETS];

    RecentCalls(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        java.util.Arrays.fill(second, Long.MIN_VALUE);
    }

    /** Counts one finished call now. */
    synchronized void record(boolean failed) {
        long now = Math.floorDiv(clock.millis(), 1000);
        int i = (int) Math.floorMod(now, BUCKETS);
        if (second[i] != now) {
            second[i] = now;
            calls[i] = 0;
            failures[i] = 0;
        }
        calls[i]++;
        if (failed) {
            failures[i]++;
        }
    }

    /** Calls and failed calls in the last {@link #WINDOW} (the current second included). */
    synchronized Counts counts() {
        long now = Math.floorDiv(clock.millis(), 1000);
        long allCalls = 0;
        long failed = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (second[i] > now - BUCKETS && second[i] <= now) {
                allCalls += calls[i];
                failed += failures[i];
            }
        }
        return new Counts(allCalls, failed);
    }

    /** What {@link #counts()} saw: every call of the window, and how many of them failed. */
    record Counts(long calls, long failed) {
    }
}
