package dev.hearth.adapters.out.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The longest a call to a downstream waits for its whole answer (status, headers and body), and the timer that ends
 * it there. It is the backstop behind the caller's own deadline, the engine's for a port call and the migration's for
 * the legacy home, which is shorter and ends the call first.
 *
 * <p>A timer, and not a socket timeout, because of what a socket timeout costs on a virtual thread: each read that
 * waits becomes a timed park, and JDK 25 arms and cancels every timed park on the carrier pool's delay-scheduler
 * thread, waking that thread for each. That was 15 thread switches a home at 100 homes/s and an eighth of Hearth's
 * CPU at saturation, for a deadline that almost never comes (docs/PERFORMANCE.md, "The JDK's delay scheduler"). The
 * {@link Scheduler} given here must not wake a thread for a deadline that is cancelled long before it is due.
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
