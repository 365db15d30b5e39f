package dev.hearth.adapters.out.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The longest a call to a downstream waits for its whole answer (status, headers and body), and the timer that ends
 * it there. It is the backstop behind the caller's own deadline, the engine's for a port call and the migration's for
 * the legacy home, which is shorter and ends the call first.
 *
 * <p>A timer, not a socket timeout: on a virtual thread JDK 25 wakes the delay-scheduler thread to arm and cancel every
 * read that waits (docs/adr/002-no-socket-timeout.md). The {@link Scheduler} given here must not wake a thread for a
 * deadline that is cancelled long before it is due.
 *
 * @param limit     positive; {@code downstreams.<name>.client.timeout} in config.yml
 * @param scheduler where the deadline is kept
 */
public record AnswerDeadline(Duration limit, Scheduler scheduler) {

    /** Runs a task once after a delay, unless it is cancelled first. */
    @FunctionalInterface
    public interface Scheduler {
        /**
         * Runs {@code task} once, {@code delay} from now, on a thread of the scheduler's own; {@code task} is short and
         * does not block.
         *
         * @return what cancels it; running it after the task ran does nothing
         */
        Runnable schedule(Duration delay, Runnable task);
    }

    public AnswerDeadline {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(scheduler, "scheduler");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("the answer deadline must be positive, not " + limit.toMillis() + " ms");
        }
    }

    /** Runs {@code expire} when the limit has passed, unless the returned action runs first. */
    Runnable arm(Runnable expire) {
        return scheduler.schedule(limit, expire);
    }
}
