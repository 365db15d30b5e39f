package dev.hearth.dsl.internal;

import dev.hearth.dsl.Reason;

/** What one port call came to. */
sealed interface CallOutcome {
    record Success(Object value) implements CallOutcome {
    }

    record Failure(Reason reason, boolean notFound, String message) implements CallOutcome {
        static Failure timeout(String what) {
            return new Failure(Reason.TIMEOUT, false, what + " passed its deadline");
        }
    }
}
