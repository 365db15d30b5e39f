package dev.hearth.dsl.internal;

import dev.hearth.dsl.spi.ExecutionListener;
import dev.hearth.dsl.spi.FailureClassifier;
import dev.hearth.dsl.spi.Timer;
import java.util.concurrent.ThreadFactory;

/** What the engine was built with. */
public record EngineParts(Timer timer, ThreadFactory threads, FailureClassifier classifier, ExecutionListener listener) {
}
