package dev.hearth.dsl.spi;

/**
 * Hears about execution, for metrics and traces. Called on engine threads; must be fast, thread-safe and must not
 * throw (what it throws is logged and ignored).
 */
public interface ExecutionListener {
    /** Every port call, once it finished, failed or timed out. */
    default void callFinished(CallRecord record) {
    }
}
