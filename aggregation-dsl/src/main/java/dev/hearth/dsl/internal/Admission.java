package dev.hearth.dsl.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which calls may start, engine-wide: no queue, a call either starts now or fails at once. Counts the calls whose
 * threads are running (an interrupted call counts until its thread ends). Optional calls stop at
 * {@code hard × optionalShare}, so the last share of the capacity is kept for calls the screen cannot do without.
 * Thread-safe.
 */
public final class Admission {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int hard;
    private final double optionalLimit;
    private final Duration minimumCallTime;

    public Admission(int hard, double optionalShare, Duration minimumCallTime) {
        this.hard = hard;
        this.optionalLimit = hard * optionalShare;
        this.minimumCallTime = minimumCallTime;
    }

    /** Counts one more call in flight, unless the limit for its kind is reached. */
    boolean tryAcquire(boolean required) {
        while (true) {
            int now = inFlight.get();
            if (now >= hard || (!required && now >= optionalLimit)) {
                return false;
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    int hard() {
        return hard;
    }

    double optionalLimit() {
        return optionalLimit;
    }

    /** The least time a call must have before its deadline to be worth starting. */
    Duration minimumCallTime() {
        return minimumCallTime;
    }
}
