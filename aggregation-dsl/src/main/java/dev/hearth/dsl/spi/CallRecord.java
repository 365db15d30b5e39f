package dev.hearth.dsl.spi;

import dev.hearth.dsl.Reason;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One finished port call, for metrics and traces. Deduplicated calls are reported once, under the path of the
 * first caller.
 *
 * @param success true when the port returned a good value; otherwise {@code reason} says why not
 */
public record CallRecord(String requestId, String screenId, String path, String port, Instant start, Instant end,
        Instant effectiveDeadline, boolean success, Optional<Reason> reason) {
    public CallRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(screenId, "screenId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(effectiveDeadline, "effectiveDeadline");
        Objects.requireNonNull(reason, "reason");
    }
}
