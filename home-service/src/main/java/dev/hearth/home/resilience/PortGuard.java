package dev.hearth.home.resilience;

import dev.failsafe.Bulkhead;
import dev.failsafe.BulkheadFullException;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Failsafe policies one port shares across all its calls: a bulkhead (outer, so a full one never
 * touches the breaker) around a circuit breaker that counts only {@link Failures#countsAgainstBreaker
 * real downstream failures}. The bulkhead's permits are taken and given back here, never by a waiter
 * Failsafe queues: Failsafe 3.3's {@code tryAcquirePermit(maxWait)} leaves its waiter in the queue when
 * it gives up, and the next release hands the permit to that dead waiter, so each refusal leaked one
 * permit until the port refused every call (docs/adr/008-bulkhead-permits-kept-by-hearth.md). Created once
 * per port and kept across reloads while its settings stay the same, so a reload neither closes an open
 * circuit nor forgets the calls in flight. Thread-safe.
 */
final class PortGuard {
    private static final Logger LOG = LoggerFactory.getLogger(PortGuard.class);

    private final String port;
    private final PortPolicy.Breaker breakerSettings;
    private final PortPolicy.Bulkhead bulkheadSettings;
    private final Optional<CircuitBreaker<Object>> breaker;
    private final Bulkhead<Object> bulkhead;
    private final FailsafeExecutor<Object> executor;

    private PortGuard(String port, PortPolicy.Breaker breakerSettings, Optional<CircuitBreaker<Object>> breaker,
            PortPolicy.Bulkhead bulkheadSettings, Bulkhead<Object> bulkhead) {
        this.port = port;
        this.breakerSettings = breakerSettings;
        this.bulkheadSettings = bulkheadSettings;
        this.breaker = breaker;
        this.bulkhead = bulkhead;
        this.executor = breaker.<FailsafeExecutor<Object>>map(Failsafe::with).orElseGet(Failsafe::none);
    }

    static PortGuard create(String port, PortPolicy policy) {
        return new PortGuard(port, policy.breaker(), breaker(port, policy.breaker()), policy.bulkhead(),
                bulkhead(policy.bulkhead()));
    }

    /**
     * The guard for {@code policy}, keeping whichever of {@code previous}'s breaker and bulkhead have
     * unchanged settings (the breaker's state and the bulkhead's permits live on).
     */
    static PortGuard update(PortGuard previous, String port, PortPolicy policy) {
        Objects.requireNonNull(previous, "previous");
        boolean sameBreaker = previous.breakerSettings.equals(policy.breaker());
        boolean sameBulkhead = previous.bulkheadSettings.equals(policy.bulkhead());
        if (sameBreaker && sameBulkhead) {
            return previous;
        }
        return new PortGuard(port, policy.breaker(), sameBreaker ? previous.breaker : breaker(port, policy.breaker()),
                policy.bulkhead(), sameBulkhead ? previous.bulkhead : bulkhead(policy.bulkhead()));
    }

    private static Optional<CircuitBreaker<Object>> breaker(String port, PortPolicy.Breaker settings) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        return Optional.of(CircuitBreaker.<Object>builder()
                .handleIf(Failures::countsAgainstBreaker)
                .withFailureRateThreshold(settings.failureRateThreshold(), settings.minimumCalls(), settings.window())
                .withDelay(settings.openDelay())
                .withSuccessThreshold(settings.halfOpenCalls())
                .onOpen(e -> LOG.warn("port '{}': circuit OPEN for {} ms", port, settings.openDelay().toMillis()))
                .onHalfOpen(e -> LOG.info("port '{}': circuit HALF-OPEN, letting {} trial call(s) through", port,
                        settings.halfOpenCalls()))
                .onClose(e -> LOG.info("port '{}': circuit CLOSED", port))
                .build());
    }

    private static Bulkhead<Object> bulkhead(PortPolicy.Bulkhead settings) {
        return Bulkhead.<Object>builder(settings.maxConcurrent()).withMaxWaitTime(settings.maxWait()).build();
    }

    /**
     * Runs one attempt through the bulkhead and the breaker. Throws what the call threw (unwrapped from
     * Failsafe), or Failsafe's CircuitBreakerOpenException / BulkheadFullException without calling at all.
     */
    Object call(CheckedSupplier<Object> attempt) throws Exception {
        if (!acquire()) {
            throw new BulkheadFullException(bulkhead);
        }
        try {
            return executor.get(attempt);
        } catch (FailsafeException e) {
            if (e.getClass() == FailsafeException.class && e.getCause() instanceof NotCounted notCounted) {
                throw notCounted.failure;
            }
            if (e.getClass() == FailsafeException.class && e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } finally {
            bulkhead.releasePermit();
        }
    }

    /** A permit now, or within {@code maxWait}; never queues a waiter (see the class comment). */
    private boolean acquire() throws InterruptedException {
        if (bulkhead.tryAcquirePermit()) {
            return true;
        }
        long wait = bulkheadSettings.maxWait().toNanos();
        if (wait <= 0) {
            return false;
        }
        long until = System.nanoTime() + wait;
        while (System.nanoTime() - until < 0) {
            Thread.sleep(1);
            if (bulkhead.tryAcquirePermit()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Carries through the breaker a failure that says nothing about the downstream (the request gave up on the call,
     * or Hearth ran late; see {@link PortPolicies}), so that {@link Failures#countsAgainstBreaker} says no. Failsafe
     * records every outcome its breaker does not handle as a success, so this one is too: it dilutes the failure
     * rate a little, and in HALF_OPEN it counts as a successful trial.
     */
    static final class NotCounted extends Exception {
        private final Exception failure;

        NotCounted(Exception failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }

    String port() {
        return port;
    }

    /** The breaker's state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}), or {@code DISABLED}. */
    String breakerState() {
        return breaker.map(b -> b.getState().name()).orElse("DISABLED");
    }

    boolean sharesBreakerWith(PortGuard other) {
        return breaker.isPresent() && breaker.equals(other.breaker);
    }

    boolean sharesBulkheadWith(PortGuard other) {
        return bulkhead == other.bulkhead;
    }
}
