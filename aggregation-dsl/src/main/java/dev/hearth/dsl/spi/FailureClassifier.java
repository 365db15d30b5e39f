package dev.hearth.dsl.spi;

import dev.hearth.dsl.Reason;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells the engine why a port call failed. The engine calls it with what the port threw, unwrapped from
 * {@code CompletionException}, {@code ExecutionException} and {@code InvocationTargetException}; when it answers
 * empty, the failure is ERROR. The engine's own deadline is TIMEOUT and its own admission BULKHEAD_FULL without asking.
 * The exceptions of a resilience library the ports use (a circuit breaker's, a bulkhead's) are the application's to
 * classify, in a classifier of its own.
 */
@FunctionalInterface
public interface FailureClassifier {
    Optional<Reason> classify(Throwable failure);

    /** This classifier, and {@code next} for what this one answers empty. */
    default FailureClassifier orElse(FailureClassifier next) {
        Objects.requireNonNull(next, "next");
        return failure -> classify(failure).or(() -> next.classify(failure));
    }
}
