package dev.hearth.home.adapter.in.rest;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.LifoBlockingLimiter;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The limit on screen requests in Hearth's hands at once (config.yml's {@code overload.concurrency}), so that under a
 * burst the queue forms here, where the wait is measured, instead of as two thousand requests sharing two CPUs and
 * all finishing late (docs/adr/032-limit-on-screens-built-at-once.md). The limit adapts (Netflix concurrency-limits'
 * Gradient2: it shrinks while requests take longer than they used to, grows back while they do not, and does not
 * move while fewer than half of it are in use), between {@code minLimit} and {@code maxLimit}. A request over the limit
 * waits, newest first (LIFO: under a burst the newest can still be on time, the oldest cannot), at most what is left
 * of {@code overload.answerAtOnceAfter}; one still without room then is answered at once (ADR 031).
 *
 * <p>Thread-safe: one instance, shared by every request.
 */
public final class BuildLimit {
    /** No limit: every request is let in at once (when {@code overload.answerAtOnceAfter} is 0, or it is switched off). */
    public static final BuildLimit OFF = new BuildLimit(null, null);

    /** What a request holds while it is in Hearth's hands: given back once, when its processing returns. */
    public interface Permit {
        /** Hearth built the answer: its time in Hearth's hands is a sample the limit adapts to. */
        void built();

        /**
         * Answered otherwise (by legacy, a refusal, an error) or failed: no sample, since its time says nothing about
         * how long Hearth takes to build (a home the rollout sends to legacy takes legacy's 445 ms).
         */
        void notBuilt();
    }

    private static final Permit NONE = new Permit() {
        @Override
        public void built() {
        }

        @Override
        public void notBuilt() {
        }
    };

    private final SimpleLimiter<Duration> counted;
    private final Limiter<Duration> waiting;

    private BuildLimit(SimpleLimiter<Duration> counted, Limiter<Duration> waiting) {
        this.counted = counted;
        this.waiting = waiting;
    }

    /**
     * An adaptive limit between {@code minLimit} and {@code maxLimit}, starting at {@code initialLimit}.
     *
     * @throws IllegalArgumentException unless {@code 1 <= minLimit <= initialLimit <= maxLimit}
     */
    public static BuildLimit adaptive(int initialLimit, int minLimit, int maxLimit) {
        return adaptive(initialLimit, minLimit, maxLimit, System::nanoTime);
    }

    /** As {@link #adaptive(int, int, int)}, timing requests by {@code nanoTime} (a test's clock). */
    static BuildLimit adaptive(int initialLimit, int minLimit, int maxLimit, LongSupplier nanoTime) {
        check(initialLimit, minLimit, maxLimit);
        return over(Gradient2Limit.newBuilder().initialLimit(initialLimit).minLimit(minLimit)
                .maxConcurrency(maxLimit).build(), nanoTime);
    }

    /** A fixed limit: for tests, and for what a test stands in for. */
    static BuildLimit fixed(int limit) {
        check(limit, limit, limit);
        return over(FixedLimit.of(limit), System::nanoTime);
    }

    /** Over any limit algorithm (a test's, to see the samples it is given). */
    static BuildLimit over(Limit limit, LongSupplier nanoTime) {
        SimpleLimiter<Duration> counted = SimpleLimiter.newBuilder().named("hearth-screens").limit(limit)
                .nanoClock(nanoTime).build();
        Limiter<Duration> waiting = LifoBlockingLimiter.newBuilder(counted)
                // no bound of its own: the wait is bounded in time, and the waiters by server.maxThreads
                .backlogSize(Integer.MAX_VALUE)
                .backlogTimeout(BuildLimit::waitMillis, TimeUnit.MILLISECONDS)
                .build();
        return new BuildLimit(counted, waiting);
    }

    private static void check(int initialLimit, int minLimit, int maxLimit) {
        if (minLimit < 1 || minLimit > initialLimit || initialLimit > maxLimit) {
            throw new IllegalArgumentException("overload.concurrency needs 1 <= minLimit <= initialLimit <= maxLimit, "
                    + "got minLimit " + minLimit + ", initialLimit " + initialLimit + ", maxLimit " + maxLimit
                    + " (e.g. 200, 200, 1000)");
        }
    }

    /**
     * Whole millis, one more than {@code allowance} holds: a request that times out has then waited strictly longer
     * than its allowance, so the decision to answer at once, which compares with {@code >}, always takes it.
     */
    static long waitMillis(Duration allowance) {
        return allowance.toMillis() + 1;
    }

    /**
     * Room for one request: at once if there is room, else after waiting at most {@code allowance}, newest first.
     *
     * @param allowance positive: what is left of {@code overload.answerAtOnceAfter} for this request
     * @return empty when there was no room within it, or the waiting thread was interrupted (its flag stays set)
     */
    public Optional<Permit> acquire(Duration allowance) {
        Objects.requireNonNull(allowance, "allowance");
        if (waiting == null) {
            return Optional.of(NONE);
        }
        if (allowance.isNegative() || allowance.isZero()) {
            return Optional.empty();
        }
        Optional<Limiter.Listener> room = waiting.acquire(allowance);
        if (Thread.currentThread().isInterrupted()) { // the server is stopping: nothing is to be built now
            room.ifPresent(Limiter.Listener::onIgnore);
            return Optional.empty();
        }
        return room.map(listener -> new Permit() {
            @Override
            public void built() {
                listener.onSuccess();
            }

            @Override
            public void notBuilt() {
                listener.onIgnore();
            }
        });
    }

    /** Whether requests are limited at all. */
    public boolean on() {
        return counted != null;
    }

    /** The limit now; 0 when off. */
    public int limit() {
        return counted == null ? 0 : counted.getLimit();
    }

    /** Requests in Hearth's hands now (holding a permit); 0 when off. */
    public int inFlight() {
        return counted == null ? 0 : counted.getInflight();
    }
}
