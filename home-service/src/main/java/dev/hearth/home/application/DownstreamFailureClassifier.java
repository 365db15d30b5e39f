package dev.hearth.home.application;

import dev.hearth.dsl.Reason;
import dev.hearth.dsl.spi.FailureClassifier;
import dev.hearth.ports.domain.port.out.DownstreamException;
import java.util.Optional;

/** Tells the engine which domain failures are a downstream's bad answer rather than its absence. */
public final class DownstreamFailureClassifier implements FailureClassifier {
    @Override
    public Optional<Reason> classify(Throwable failure) {
        if (failure instanceof DownstreamException downstream) {
            return Optional.of(downstream.kind() == DownstreamException.Kind.BAD_RESPONSE ? Reason.BAD_RESPONSE : Reason.ERROR);
        }
        return Optional.empty();
    }
}
