package dev.hearth.dsl.spi;

/** A scheduled task that may be cancelled; cancelling a task that already ran does nothing. */
public interface Cancellable {
    void cancel();
}
