package dev.hearth.home.resilience;

import dev.failsafe.BulkheadFullException;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.FailsafeException;
import dev.failsafe.TimeoutExceededException;
import dev.hearth.dsl.Reason;
import dev.hearth.dsl.spi.FailureClassifier;
import java.util.Optional;

/**
 * Tells the engine what a refusal of the port policies was: Failsafe's open circuit is {@code CIRCUIT_OPEN}, its full
 * bulkhead {@code BULKHEAD_FULL}, its exceeded timeout {@code TIMEOUT}. A checked failure Failsafe wrapped in a plain
 * {@link FailsafeException} is classified by what it wraps. Anything else it leaves to the engine (empty).
 */
public final class PolicyFailureClassifier implements FailureClassifier {
    @Override
    public Optional<Reason> classify(Throwable failure) {
        Throwable cause = failure;
        while (cause.getClass() == FailsafeException.class && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return switch (cause) {
            case CircuitBreakerOpenException e -> Optional.of(Reason.CIRCUIT_OPEN);
            case BulkheadFullException e -> Optional.of(Reason.BULKHEAD_FULL);
            case TimeoutExceededException e -> Optional.of(Reason.TIMEOUT);
            default -> Optional.empty();
        };
    }
}
