package dev.hearth.home.runtime;

import dev.hearth.dsl.spi.CallRecord;
import dev.hearth.dsl.spi.ExecutionListener;
import dev.hearth.home.resilience.RetryListener;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every listener that wants to hear of finished port calls (metrics, traces), behind the engine's one
 * listener slot. Thread-safe; listeners are added at start-up and survive reloads (the engine keeps it).
 * Listeners that are also {@link RetryListener}s hear of every retry the ports' policies make.
 */
public final class CallListeners implements ExecutionListener, RetryListener {
    private final List<ExecutionListener> listeners = new CopyOnWriteArrayList<>();

    public CallListeners add(ExecutionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public void callFinished(CallRecord record) {
        for (ExecutionListener listener : listeners) {
            listener.callFinished(record);
        }
    }

    @Override
    public void retrying(String port, int attempt) {
        for (ExecutionListener listener : listeners) {
            if (listener instanceof RetryListener retries) {
                retries.retrying(port, attempt);
            }
        }
    }
}
