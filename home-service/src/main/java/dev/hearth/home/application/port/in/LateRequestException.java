package dev.hearth.home.application.port.in;

import java.time.Duration;
import java.util.Objects;

/**
 * The request waited too long before Hearth could begin it (in the server's queue, for a CPU) to be built within its
 * screen's budget: it is answered at once instead of late, by legacy for the home while legacy has room, else with a
 * 503 and {@code Retry-After} (docs/adr/031-answer-on-time.md). Thrown before any port is called.
 */
public final class LateRequestException extends RuntimeException {
    /** The 503's {@code Retry-After}: a burst's queue drains within about a second once late requests cost nothing. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    /** {@code what} happened, then what every answer at once says (the 503's detail, wherever it is answered). */
    public static String answeredAtOnce(String what) {
        return what + ": Hearth is overloaded and answers at once rather than late. " + tryAgain();
    }

    /** The closing sentence of every 503 with {@link #RETRY_AFTER}: when to try again. */
    public static String tryAgain() {
        return "Try again in " + RETRY_AFTER.toSeconds() + " s (Retry-After).";
    }

    /** Whole millis, rounded up: a request that waited 100.3 ms waited more than 100 ms, and says 101. */
    public static long millisUp(Duration duration) {
        long millis = duration.toMillis();
        return duration.minusMillis(millis).isZero() ? millis : millis + 1;
    }

    /** Why: it waited longer than the limit, or too little was left of the screen's budget. */
    public enum Reason {
        WAITED("waited"), BUDGET_LEFT("budget-left");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        /** As in metrics and logs. */
        public String label() {
            return label;
        }
    }

    private final Reason reason;
    private final Duration retryAfter;
    private final Duration budget;

    /** @param budget the budget of the screen the request asked for (a late home's legacy answer must fit it) */
    public LateRequestException(Reason reason, String message, Duration retryAfter, Duration budget) {
        super(message, null, false, false); // an answer, not a fault: no stack to fill
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    public Reason reason() {
        return reason;
    }

    /** The budget of the screen the request asked for, counted from its arrival. */
    public Duration budget() {
        return budget;
    }

    /** When the caller may try again (the 503's {@code Retry-After}, whole seconds). */
    public Duration retryAfter() {
        return retryAfter;
    }
}
