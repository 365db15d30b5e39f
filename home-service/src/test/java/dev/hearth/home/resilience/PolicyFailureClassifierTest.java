package dev.hearth.home.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsafe.Bulkhead;
import dev.failsafe.BulkheadFullException;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.FailsafeException;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import dev.hearth.dsl.Reason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The classification of Failsafe's exceptions, which the engine made itself before it knew no Failsafe. */
class PolicyFailureClassifierTest {
    final PolicyFailureClassifier classifier = new PolicyFailureClassifier();

    @Test
    void failsafesRefusalsAreClassified() {
        assertThat(classifier.classify(new CircuitBreakerOpenException(CircuitBreaker.ofDefaults())))
                .contains(Reason.CIRCUIT_OPEN);
        assertThat(classifier.classify(new BulkheadFullException(Bulkhead.of(1)))).contains(Reason.BULKHEAD_FULL);
        assertThat(classifier.classify(new TimeoutExceededException(Timeout.of(Duration.ofMillis(1)))))
                .contains(Reason.TIMEOUT);
    }

    @Test
    void aPlainFailsafeExceptionIsClassifiedByWhatItWraps() {
        assertThat(classifier.classify(new FailsafeException(
                new CircuitBreakerOpenException(CircuitBreaker.ofDefaults())))).contains(Reason.CIRCUIT_OPEN);
        assertThat(classifier.classify(new FailsafeException(new java.io.IOException("reset")))).isEmpty();
    }

    @Test
    void anythingElseIsLeftToTheEngine() {
        assertThat(classifier.classify(new IllegalStateException("a bug"))).isEmpty();
    }
}
