package dev.hearth.dsl.internal;

import dev.hearth.dsl.spi.ExecutionListener;
import dev.hearth.dsl.spi.FailureClassifier;
import dev.hearth.dsl.spi.ResultStore;
import dev.hearth.dsl.spi.Timer;
import java.util.concurrent.ThreadFactory;

/**
 * What the engine was built with; shared, with its state (stored results, calls in flight), by engines rebuilt with new ports.
 *
 * @param batchSize the most items per batch call for a port that sets none; 0 when batching is off
 */
public record EngineParts(Timer timer, ThreadFactory threads, FailureClassifier classifier, ExecutionListener listener,
        ResultStore results, Admission admission, int batchSize) {
}
