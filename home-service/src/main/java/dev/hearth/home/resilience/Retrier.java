package dev.hearth.home.resilience;

import dev.failsafe.Execution;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
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
 *
 * <p>Failsafe's {@link RetryPolicy}, driven as a standalone {@link Execution}, decides whether to try again (attempts
 * left, {@link Failures#retryable}, no interrupt) and gives the backoff (doubling up to {@code maxBackoff}). The rest
 * stays here, because Failsafe's own would change what {@code ports.<port>.retry.*} promises: its jitter is
 * symmetric (up to a factor above and below the pause, so above {@code maxBackoff}), draws from {@code Math.random}
 * and also shortens a {@code withDelayFn} delay, so a {@code Retry-After} would be cut short; a delay function's
 * delay replaces the backoff instead of being taken only when longer, and stalls the backoff's doubling; its
 * {@code maxDuration} and {@code Timeout} shorten the last pause to fit instead of not taking it, on their own
 * clock, and a {@code Timeout} would race the engine, which already owns the call's deadline and interrupts at it.
 * So the pause is the jittered backoff or a longer {@code Retry-After}, checked against the deadline and taken here.
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
        Execution<Object> execution = null; // made on the first failure only: a call that succeeds costs nothing
        while (true) {
            try {
                return attempt.run();
            } catch (Exception failure) {
                if (!retry.retries()) {
                    throw failure;
                }
                if (execution == null) {
                    execution = Execution.of(policy(retry));
                }
                execution.recordException(failure);
                if (execution.isComplete()) {
                    throw failure;
                }
                int next = execution.getAttemptCount() + 1;
                Duration wait = pause(execution.getDelay(), retry, failure);
                if (!clock.instant().plus(wait).isBefore(deadline)) {
                    LOG.debug("port '{}': no retry {} of {}: a {} ms pause would pass the deadline", port, next,
                            retry.maxAttempts(), wait.toMillis());
                    throw failure;
                }
                LOG.debug("port '{}': retry {} of {} in {} ms after: {}", port, next, retry.maxAttempts(),
                        wait.toMillis(), failure.getMessage());
                listener.retrying(port, next);
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

    /** When to try again: UNAVAILABLE, attempts left, not interrupted; backoff doubling up to maxBackoff. */
    private static RetryPolicy<Object> policy(PortPolicy.Retry retry) {
        RetryPolicyBuilder<Object> policy = RetryPolicy.builder()
                .handleIf(Failures::retryable)
                .abortIf((result, failure) -> Thread.currentThread().isInterrupted())
                .withMaxAttempts(retry.maxAttempts());
        if (retry.backoff().compareTo(retry.maxBackoff()) < 0) {
            policy.withBackoff(retry.backoff(), retry.maxBackoff());
        } else if (retry.backoff().isPositive()) {
            policy.withDelay(retry.backoff());
        }
        return policy.build();
    }

    /** Failsafe's backoff less a random share up to {@code jitter}; or Retry-After when longer. */
    private Duration pause(Duration backoff, PortPolicy.Retry retry, Exception failure) {
        long jittered = Math.round(backoff.toNanos() * (1.0 - retry.jitter() * random.getAsDouble()));
        Duration pause = Duration.ofNanos(Math.max(0, jittered));
        if (retry.honourRetryAfter() && failure instanceof DownstreamException e && e.retryAfter().isPresent()
                && e.retryAfter().get().compareTo(pause) > 0) {
            return e.retryAfter().get();
        }
        return pause;
    }
}
