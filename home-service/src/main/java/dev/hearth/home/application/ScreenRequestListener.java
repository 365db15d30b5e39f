package dev.hearth.home.application;

import dev.hearth.dsl.ScreenResult;

/**
 * Hears of every screen request the use case runs: just before the engine starts it, and once its result is known
 * (or the engine threw). For traces; called on request threads, so it must be fast, thread-safe and must not throw.
 */
public interface ScreenRequestListener {
    /** Hears nothing. */
    ScreenRequestListener NONE = new ScreenRequestListener() {
        @Override
        public void started(String requestId, String screenId) {
        }

        @Override
        public void finished(String requestId, ScreenResult result) {
        }
    };

    void started(String requestId, String screenId);

    void finished(String requestId, ScreenResult result);

    /** The engine threw instead of answering; by default nothing is kept. */
    default void abandoned(String requestId, RuntimeException failure) {
    }
}
