package dev.hearth.home.application;

import dev.hearth.dsl.Reason;
import dev.hearth.dsl.spi.FailureClassifier;
import dev.hearth.ports.domain.port.out.DownstreamException;
import java.util.Optional;

/**
 * Tells the engine what a domain failure was: a downstream's bad answer, Hearth's own limit refusing the call (shown as
 * {@code BULKHEAD_FULL}, like a full bulkhead), or an error.
 */
public final class DownstreamFailureClassifier implements FailureClassifier {
    @Override
    public Optional<Reason> classify(Throwable failure) {
        if (failure instanceof DownstreamException downstream) {
            return Optional.of(switch (downstream.kind()) {
                case BAD_RESPONSE -> Reason.BAD_RESPONSE;
                case REFUSED -> Reason.BULKHEAD_FULL; // Hearth's own limit, as a full bulkhead is
                case UNAVAILABLE, NOT_FOUND -> Reason.ERROR;
            });
        }
        return Optional.empty();
    }
}
