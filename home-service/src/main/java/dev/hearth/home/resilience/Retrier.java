package dev.hearth.home.resilience;

import dev.hearth.ports.domain.port.out.DownstreamException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a read again after an UNAVAILABLE failure, with exponential backoff and jitter, or after the
 * downstream's {@code Retry-After}. Never pauses past the call's deadline: when the next pause would
 * end at or after it, it gives up at once with the last failure. An interrupt (the engine's deadline)
 * ends it at once, the interrupt flag kept set. Thread-safe and stateless between calls.
 */
final class Retrier {
    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    /** How a pause is taken; tests move a fake clock instead of sleeping. */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** One attempt of the call. */
    @FunctionalInterface
    interface Attempt {
        Object run() throws Exception;
    }

    static final Retrier SYSTEM = new Retrier(Clock.systemUTC(), d -> Thread.sleep(d),
            () -> ThreadLocalRandom.current().nextDouble());

    private final Clock clock;
    private final Pause pause;
    private final DoubleSupplier random;
    private final RetryListener listener;

    Retrier(Clock clock, Pause pause, DoubleSupplier random) {
        this(clock, pause, random, RetryListener.NONE);
    }

    private Retrier(Clock clock, Pause pause, DoubleSupplier random, RetryListener listener) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.random = Objects.requireNonNull(random, "random");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** This retrier, telling {@code listener} of every retry it makes. */
    Retrier withListener(RetryListener listener) {
        return new Retrier(clock, pause, random, listener);
    }

    Instant now() {
        return clock.instant();
    }

    Object call(String port, PortPolicy.Retry retry, Instant deadline, Attempt attempt) throws Exception {
        for (int tried = 1; ; tried++) {
            try {
                return attempt.run();
            } catch (Exception failure) {
                if (failure instanceof InterruptedException || Thread.currentThread().isInterrupted()
                        || tried >= retry.maxAttempts() || !Failures.retryable(failure)) {
                    throw failure;
                }
                Duration wait = pauseAfter(tried, retry, failure);
                if (!clock.instant().plus(wait).isBefore(deadline)) {
                    LOG.debug("port '{}': no retry {} of {}: a {} ms pause would pass the deadline", port, tried + 1,
                            retry.maxAttempts(), wait.toMillis());
                    throw failure;
                }
                LOG.debug("port '{}': retry {} of {} in {} ms after: {}", port, tried + 1, retry.maxAttempts(),
                        wait.toMillis(), failure.getMessage());
                listener.retrying(port, tried + 1);
                try {
                    pause.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    failure.addSuppressed(interrupted);
                    throw failure;
                }
            }
        }
    }

    /** backoff × 2^(tried-1), at most maxBackoff, less a random share up to {@code jitter}; or Retry-After when longer. */
    Duration pauseAfter(int tried, PortPolicy.Retry retry, Exception failure) {
        long base = retry.backoff().toNanos();
        for (int i = 1; i < tried && base < retry.maxBackoff().toNanos(); i++) {
            base *= 2;
        }
        base = Math.min(base, retry.maxBackoff().toNanos());
        long jittered = Math.round(base * (1.0 - retry.jitter() * random.getAsDouble()));
        Duration backoff = Duration.ofNanos(Math.max(0, jittered));
        if (retry.honourRetryAfter() && failure instanceof DownstreamException e && e.retryAfter().isPresent()
                && e.retryAfter().get().compareTo(backoff) > 0) {
            return e.retryAfter().get();
        }
        return backoff;
    }
}
