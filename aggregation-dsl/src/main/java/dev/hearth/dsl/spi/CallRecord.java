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
 */
public record CallRecord(String requestId, String screenId, String path, String port, Instant start, Instant end,
        Instant effectiveDeadline, boolean success, Optional<Reason> reason, boolean notFound) {
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
        if (bracket >= 0) {
            end = bracket;
        }
        if (dot >= 0 && dot < end) {
            end = dot;
        }
        return path.substring(0, end);
    }
}
