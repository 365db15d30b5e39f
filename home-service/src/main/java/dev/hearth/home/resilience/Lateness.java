package dev.hearth.home.resilience;

import java.time.Duration;

/**
 * How late Hearth's own threads have been running: the longest a thread that was ready to run waited
 * for a CPU. A call that times out while Hearth itself was that late says nothing about its downstream
 * (see {@link PortPolicies}). Thread-safe.
 */
public interface Lateness {
    /** Never late: every timeout is the downstream's. */
    Lateness NONE = new Lateness() {
        @Override
        public long mark() {
            return 0;
        }

        @Override
        public Duration worstSince(long mark) {
            return Duration.ZERO;
        }
    };

    /** Now, as a token for {@link #worstSince}. */
    long mark();

    /** The worst lateness seen from {@code mark} until now, a wait still going on included. */
    Duration worstSince(long mark);
}
