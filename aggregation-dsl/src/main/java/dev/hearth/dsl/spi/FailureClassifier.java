package dev.hearth.dsl.spi;

import dev.hearth.dsl.Reason;
import java.util.Optional;

/**
 * Tells the engine why a port call failed. A custom classifier is consulted first; when it answers empty, the
 * engine's default decides: its own deadline is TIMEOUT, Failsafe's CircuitBreakerOpenException CIRCUIT_OPEN,
 * BulkheadFullException BULKHEAD_FULL, TimeoutExceededException TIMEOUT, anything else ERROR.
 */
@FunctionalInterface
public interface FailureClassifier {
    Optional<Reason> classify(Throwable failure);
}
