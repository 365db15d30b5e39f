package dev.hearth.dsl.internal;

import dev.hearth.dsl.Reason;
import java.time.Instant;

/** What one port call came to. */
sealed interface CallOutcome {
    /**
     * A good value: fetched by this call ({@code asOf} null), served within freshness ({@code asOf} set,
     * {@code staleBecause} null) or the last good value after a failure ({@code staleBecause} the failure).
     */
    record Success(Object value, Instant asOf, Failure staleBecause) implements CallOutcome {
        Success(Object value) {
            this(value, null, null);
        }

        boolean isStale() {
            return staleBecause != null;
        }
    }

    record Failure(Reason reason, boolean notFound, String message) implements CallOutcome {
        static Failure timeout(String what) {
            return new Failure(Reason.TIMEOUT, false, what + " passed its deadline");
        }
    }
}
