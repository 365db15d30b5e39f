package dev.hearth.home.runtime;

import dev.hearth.dsl.ScreenResult;
import dev.hearth.home.application.ScreenRequestListener;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every listener that wants to hear of screen requests (traces, metrics), behind the use case's one listener slot.
 * Thread-safe; listeners are added at start-up and are called in that order.
 */
public final class ScreenListeners implements ScreenRequestListener {
    private final List<ScreenRequestListener> listeners = new CopyOnWriteArrayList<>();

    public ScreenListeners add(ScreenRequestListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public void started(String requestId, String screenId) {
        for (ScreenRequestListener listener : listeners) {
            listener.started(requestId, screenId);
        }
    }

    @Override
    public void finished(String requestId, ScreenResult result) {
        for (ScreenRequestListener listener : listeners) {
            listener.finished(requestId, result);
        }
    }

    @Override
    public void abandoned(String requestId, RuntimeException failure) {
        for (ScreenRequestListener listener : listeners) {
            listener.abandoned(requestId, failure);
        }
    }
}
