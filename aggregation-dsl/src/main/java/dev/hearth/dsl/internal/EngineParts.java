package dev.hearth.dsl.internal;

import dev.hearth.dsl.spi.ExecutionListener;
import dev.hearth.dsl.spi.FailureClassifier;
import dev.hearth.dsl.spi.ResultStore;
import dev.hearth.dsl.spi.Timer;
import java.util.concurrent.ThreadFactory;

/** What the engine was built with; shared, with its state (stored results, calls in flight), by engines rebuilt with new ports. */
public record EngineParts(Timer timer, ThreadFactory threads, FailureClassifier classifier, ExecutionListener listener,
        ResultStore results, Admission admission) {
}
