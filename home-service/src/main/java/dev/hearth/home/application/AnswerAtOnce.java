package dev.hearth.home.application;

import dev.hearth.home.application.port.in.LateRequestException;
import dev.hearth.home.application.port.in.ScreenQuery;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides whether a request is answered at once instead of built: when it queued longer than
 * {@code overload.answerAtOnceAfter} since it arrived before Hearth's code began it (in the server's queue, for a
 * CPU), or less than {@code overload.minimumBudgetLeft} is left of its screen's budget after that wait (not for a
 * screen whose whole budget is at most that minimum). Such a request cannot be built well in time, and
 * building it late makes every request behind it later still; answered at once (legacy for the home while legacy has
 * room, else 503 with {@code Retry-After}) it costs next to nothing, and the queue drains
 * (docs/adr/031-answer-on-time.md). Decided before any port is called; one log line a second per reason.
 */
public final class AnswerAtOnce {
    private static final Logger LOG = LoggerFactory.getLogger(AnswerAtOnce.class);
    /** Never answers at once: every request is built, however late. */
    public static final AnswerAtOnce OFF = new AnswerAtOnce(Duration.ZERO, Duration.ZERO, key -> OptionalLong.empty());

    private final Duration after;
    private final Duration minimumLeft;
    private final Function<String, OptionalLong> logs;

    /**
     * @param after       a request that queued longer than this before Hearth began it is answered at once;
     *                    {@link Duration#ZERO} never
     * @param minimumLeft a request with less than this left of its screen's budget is answered at once;
     *                    {@link Duration#ZERO} never
     * @param logs        whether a line for a reason may be written now, and how many were left out since the last
     *                    (the migration's {@code LogBudget}, one a second per reason); empty: not now
     */
    public AnswerAtOnce(Duration after, Duration minimumLeft, Function<String, OptionalLong> logs) {
        this.after = requireNotNegative(after, "overload.answerAtOnceAfter");
        this.minimumLeft = requireNotNegative(minimumLeft, "overload.minimumBudgetLeft");
        this.logs = Objects.requireNonNull(logs, "logs");
    }

    private static Duration requireNotNegative(Duration value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isNegative()) {
            throw new IllegalArgumentException(key + " must be 0 (off) or more, got " + value.toMillis() + " ms");
        }
        return value;
    }

    /**
     * Passes when {@code query} can still be built in time; else throws (and logs, at most once a second per reason).
     *
     * @param budget the budget of the screen {@code query} asks for
     * @throws LateRequestException when the request is to be answered at once
     */
    public void check(ScreenQuery query, Duration budget) {
        // What it queued before Hearth's code began it, not Hearth's own authentication and Jersey: a fresh
        // instance's cold path, or a key-set fetch, is no queue (ADR 031). The engine's budget counts the whole wait.
        Duration queued = query.queued();
        if (!after.isZero() && queued.compareTo(after) > 0) {
            throw late(query, budget, LateRequestException.Reason.WAITED, "This request waited "
                    + LateRequestException.millisUp(queued) + " ms before Hearth could begin it, longer than "
                    + "overload.answerAtOnceAfter (" + after.toMillis() + " ms)");
        }
        // A screen whose whole budget is at most the minimum would be refused on every request: the rule is not its.
        if (minimumLeft.isZero() || budget.compareTo(minimumLeft) <= 0) {
            return;
        }
        Duration left = budget.minus(queued);
        if (left.compareTo(minimumLeft) < 0) {
            throw late(query, budget, LateRequestException.Reason.BUDGET_LEFT, "Only "
                    + Math.max(0, left.toMillis()) + " ms was left of the " + budget.toMillis() + " ms budget of screen '"
                    + query.screen() + "' when Hearth could begin this request (it waited "
                    + LateRequestException.millisUp(queued) + " ms), less than overload.minimumBudgetLeft ("
                    + minimumLeft.toMillis() + " ms)");
        }
    }

    private LateRequestException late(ScreenQuery query, Duration budget, LateRequestException.Reason reason,
            String what) {
        logs.apply(reason.label()).ifPresent(skipped -> LOG.warn("Request {} for screen '{}' answered at once ({}): {}. "
                        + "Hearth is overloaded: /v1/home goes to legacy while it has room, the rest get 503 with "
                        + "Retry-After (docs/RUNBOOK.md, \"Requests answered at once\"){}",
                query.requestId(), query.screen(), reason.label(), what,
                skipped == 0 ? "" : " [" + skipped + " more like it since the last such line, not logged]"));
        return new LateRequestException(reason, LateRequestException.answeredAtOnce(what),
                LateRequestException.RETRY_AFTER, budget);
    }

    public Duration after() {
        return after;
    }

    public Duration minimumLeft() {
        return minimumLeft;
    }
}
