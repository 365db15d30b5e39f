package dev.hearth.dsl.spi;

import dev.hearth.dsl.Reason;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One finished port call, for metrics and traces. Deduplicated calls are reported once, under the path of the
 * first caller.
 *
 * @param success true when the port returned a good value; otherwise {@code reason} says why not, or is empty when
 *     the call ended only after its request had answered (abandoned: another required section had failed), which
 *     says nothing about the downstream
 * @param notFound true when the port threw {@link dev.hearth.dsl.NotFoundException}: an answer ("there is none"), not
 *     a fault of the downstream, so metrics and traces do not count it as an error ({@code success} is false and
 *     {@code reason} holds what the engine classified it as, usually {@code ERROR})
 * @param items how many items the call carried: 1, or for a batch call (its path the first item's, followed by
 *     {@code " (batch of N)"}) N; {@code success} then says the batch call answered, each item's own result is in
 *     the screen's result
 */
public record CallRecord(String requestId, String screenId, String path, String port, Instant start, Instant end,
        Instant effectiveDeadline, boolean success, Optional<Reason> reason, boolean notFound, int items) {
    public CallRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(screenId, "screenId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(effectiveDeadline, "effectiveDeadline");
        Objects.requireNonNull(reason, "reason");
        if (success && notFound) {
            throw new IllegalArgumentException("a successful call cannot be 'not found': " + path);
        }
        if (items < 1) {
            throw new IllegalArgumentException("a call carries at least one item, not " + items + ": " + path);
        }
    }

    /** A call of one item (no batch): the component list before batches. */
    public CallRecord(String requestId, String screenId, String path, String port, Instant start, Instant end,
            Instant effectiveDeadline, boolean success, Optional<Reason> reason, boolean notFound) {
        this(requestId, screenId, path, port, start, end, effectiveDeadline, success, reason, notFound, 1);
    }

    /** Whether this was a batch call (more than one item). */
    public boolean isBatch() {
        return items > 1;
    }

    /** A call that was not a "not found" ({@code notFound} false): the component list before it was added. */
    public CallRecord(String requestId, String screenId, String path, String port, Instant start, Instant end,
            Instant effectiveDeadline, boolean success, Optional<Reason> reason) {
        this(requestId, screenId, path, port, start, end, effectiveDeadline, success, reason, false);
    }

    /** The section the call belongs to: {@code accounts[2].balance} and {@code cards[7]} to {@code accounts}, {@code cards}. */
    public String sectionId() {
        int end = path.length();
        int bracket = path.indexOf('[');
        int dot = path.indexOf('.');
        int space = path.indexOf(' ');
        if (space >= 0) {
            end = space;
        }
        if (bracket >= 0 && bracket < end) {
            end = bracket;
        }
        if (dot >= 0 && dot < end) {
            end = dot;
        }
        return path.substring(0, end);
    }
}
