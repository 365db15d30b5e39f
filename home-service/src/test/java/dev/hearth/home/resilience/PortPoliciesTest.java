package dev.hearth.home.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsafe.BulkheadFullException;
import dev.failsafe.CircuitBreakerOpenException;
import dev.hearth.dsl.CallContext;
import dev.hearth.dsl.PortDefinition;
import dev.hearth.dsl.PortFunction;
import dev.hearth.dsl.PortRegistry;
import dev.hearth.home.FakeClock;
import dev.hearth.ports.domain.port.out.DownstreamException.Kind;
import dev.hearth.ports.domain.port.out.DownstreamException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The decorated port functions, on a fake clock: retries, deadlines, Retry-After, breaker, bulkhead, interrupts. */
class PortPoliciesTest {
    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

    /** A clock that only moves when a retry pauses, and the pauses it took. */
    static final class FakeTime implements Retrier.Pause {
        final FakeClock clock = new FakeClock(START);
        final List<Duration> pauses = new ArrayList<>();

        @Override
        public void sleep(Duration d) {
            pauses.add(d);
            clock.advance(d);
        }

        Instant now() {
            return clock.instant();
        }

        /** A retrier that pauses on this clock, drawing jitter from {@code random}. */
        Retrier retrier(DoubleSupplier random) {
            return new Retrier(clock, this, random);
        }
    }

    private final FakeTime time = new FakeTime();
    private final Retrier retrier = time.retrier(() -> 0.0); // no jitter: exact pauses
    private final AtomicInteger calls = new AtomicInteger();

    private static PortPolicy policy(int attempts, Duration backoff, boolean honourRetryAfter) {
        return new PortPolicy(Duration.ofSeconds(1), new PortPolicy.Retry(attempts, backoff, Duration.ofMillis(400), 0.5,
                honourRetryAfter), PortPolicy.DEFAULT.breaker(), PortPolicy.DEFAULT.bulkhead());
    }

    private PortDefinition<String, ?, ?> port(String name, PortPolicy policy, Set<String> writes, PortFunction<String, String, String> fn) {
        return port(PortPolicies.create(Map.of(name, policy), writes, retrier, Lateness.NONE), name, fn);
    }

    private static PortDefinition<String, ?, ?> port(PortPolicies policies, String name, PortFunction<String, String, String> fn) {
        PortRegistry<String> registry = policies.decorate(PortRegistry.<String>builder()
                .register(PortDefinition.of(name, String.class, String.class, fn)).build());
        return registry.find(name).orElseThrow();
    }

    private static Object call(PortDefinition<String, ?, ?> port, Instant deadline) throws Exception {
        return port.call("in", new CallContext<>("req-1", "alice", Map.of(), port.name(), deadline));
    }

    private PortFunction<String, String, String> failing(Kind kind, Duration retryAfter) {
        return (in, ctx) -> {
            calls.incrementAndGet();
            throw retryAfter == null ? new DownstreamException("stub", kind, "down")
                    : new DownstreamException("stub", kind, "busy", null, retryAfter);
        };
    }

    @Test
    void theTimeoutOfThePolicyIsSetOnThePort() {
        PortDefinition<String, ?, ?> port = port("balance", policy(1, Duration.ZERO, true), Set.of(), (in, ctx) -> in);

        assertThat(port.timeout()).contains(Duration.ofSeconds(1));
    }

    @Test
    void anUnavailableReadIsRetriedWithDoublingBackoffUpToMaxAttempts() {
        PortDefinition<String, ?, ?> port = port("balance", policy(3, Duration.ofMillis(20), true), Set.of(), failing(Kind.UNAVAILABLE, null));

        assertThatThrownBy(() -> call(port, START.plusSeconds(5))).isInstanceOf(DownstreamException.class);

        assertThat(calls).hasValue(3);
        assertThat(time.pauses).containsExactly(Duration.ofMillis(20), Duration.ofMillis(40));
    }

    @Test
    void aSuccessAfterAFailureIsReturned() throws Exception {
        PortDefinition<String, ?, ?> port = port("balance", policy(2, Duration.ofMillis(10), true), Set.of(), (in, ctx) -> {
            if (calls.incrementAndGet() == 1) {
                throw new DownstreamException("stub", Kind.UNAVAILABLE, "blip");
            }
            return "ok";
        });

        assertThat(call(port, START.plusSeconds(1))).isEqualTo("ok");
        assertThat(calls).hasValue(2);
    }

    @Test
    void retriesStopBeforeAPauseWouldPassTheDeadline() {
        PortDefinition<String, ?, ?> port = port("balance", policy(10, Duration.ofMillis(100), true), Set.of(), failing(Kind.UNAVAILABLE, null));

        assertThatThrownBy(() -> call(port, START.plusMillis(250))).isInstanceOf(DownstreamException.class);

        // 100 ms pause (ends at 100), 200 ms pause would end at 300 > 250: stop after the second attempt
        assertThat(calls).hasValue(2);
        assertThat(time.now()).isBefore(START.plusMillis(250));
    }

    @Test
    void retryAfterIsHonouredWhenItFitsTheDeadline() {
        PortDefinition<String, ?, ?> port = port("balance", policy(2, Duration.ofMillis(10), true), Set.of(),
                failing(Kind.UNAVAILABLE, Duration.ofMillis(300)));

        assertThatThrownBy(() -> call(port, START.plusSeconds(1))).isInstanceOf(DownstreamException.class);

        assertThat(calls).hasValue(2);
        assertThat(time.pauses).containsExactly(Duration.ofMillis(300));
    }

    @Test
    void retryAfterBeyondTheDeadlineMeansNoRetry() {
        PortDefinition<String, ?, ?> port = port("balance", policy(3, Duration.ofMillis(10), true), Set.of(),
                failing(Kind.UNAVAILABLE, Duration.ofSeconds(2)));

        assertThatThrownBy(() -> call(port, START.plusSeconds(1))).isInstanceOf(DownstreamException.class);

        assertThat(calls).hasValue(1);
        assertThat(time.pauses).isEmpty();
    }

    @Test
    void retryAfterIsIgnoredWhenNotHonoured() {
        PortDefinition<String, ?, ?> port = port("balance", policy(2, Duration.ofMillis(10), false), Set.of(),
                failing(Kind.UNAVAILABLE, Duration.ofSeconds(2)));

        assertThatThrownBy(() -> call(port, START.plusSeconds(1))).isInstanceOf(DownstreamException.class);

        assertThat(time.pauses).containsExactly(Duration.ofMillis(10));
    }

    @Test
    void badResponsesNotFoundAndRefusedCallsAreNeverRetried() {
        for (Kind kind : List.of(Kind.BAD_RESPONSE, Kind.NOT_FOUND, Kind.REFUSED)) {
            calls.set(0);
            PortDefinition<String, ?, ?> port = port("balance", policy(3, Duration.ofMillis(10), true), Set.of(), failing(kind, null));
            assertThatThrownBy(() -> call(port, START.plusSeconds(1))).isInstanceOf(DownstreamException.class);
            assertThat(calls).as(kind.name()).hasValue(1);
        }
    }

    @Test
    void aWriteIsNeverRetriedWhateverItsPolicySays() {
        PortDefinition<String, ?, ?> port = port("nickname", policy(3, Duration.ofMillis(10), true), Set.of("nickname"),
                failing(Kind.UNAVAILABLE, null));

        assertThatThrownBy(() -> call(port, START.plusSeconds(1))).isInstanceOf(DownstreamException.class);

        assertThat(calls).hasValue(1);
    }

    @Test
    void anInterruptStopsRetriesAtOnceAndStaysVisible() {
        PortDefinition<String, ?, ?> port = port("balance", policy(5, Duration.ofMillis(10), true), Set.of(), (in, ctx) -> {
            calls.incrementAndGet();
            Thread.currentThread().interrupt(); // what JsonHttp does when the engine interrupts it at the deadline
            throw new DownstreamException("stub", Kind.UNAVAILABLE, "was interrupted");
        });
        try {
            assertThatThrownBy(() -> call(port, START.plusSeconds(1))).isInstanceOf(DownstreamException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(calls).hasValue(1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anInterruptDuringTheBackoffPauseEndsTheCall() throws Exception {
        PortPolicies policies = PortPolicies.create(Map.of("balance", policy(5, Duration.ofSeconds(30), true)), Set.of(),
                new Retrier(Clock.systemUTC(), d -> Thread.sleep(d), () -> 0.0), Lateness.NONE);
        PortDefinition<String, ?, ?> port = port(policies, "balance", failing(Kind.UNAVAILABLE, null));
        List<Object> outcome = new ArrayList<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                call(port, Instant.now().plusSeconds(120));
            } catch (Exception e) {
                outcome.add(e);
                outcome.add(Thread.currentThread().isInterrupted());
            }
        });
        while (calls.get() == 0) {
            Thread.sleep(5);
        }
        caller.interrupt();

        assertThat(caller.join(Duration.ofSeconds(10))).as("ended promptly").isTrue();
        assertThat(outcome).hasSize(2);
        assertThat(outcome.get(0)).isInstanceOf(DownstreamException.class);
        assertThat(outcome.get(1)).as("interrupt flag kept").isEqualTo(true);
        assertThat(calls).hasValue(1);
    }

    @Test
    void theBreakerOpensOnDownstreamFailuresThenFailsFastWithoutCalling() {
        PortPolicy policy = new PortPolicy(Duration.ofSeconds(1), PortPolicy.Retry.NONE,
                new PortPolicy.Breaker(true, 50, 4, Duration.ofMinutes(1), Duration.ofMinutes(1), 1), PortPolicy.DEFAULT.bulkhead());
        PortPolicies policies = PortPolicies.create(Map.of("banners", policy), Set.of(), retrier, Lateness.NONE);
        PortDefinition<String, ?, ?> port = port(policies, "banners", failing(Kind.UNAVAILABLE, null));

        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> call(port, START.plusSeconds(1))).isInstanceOf(DownstreamException.class);
        }
        assertThatThrownBy(() -> call(port, START.plusSeconds(1))).isInstanceOf(CircuitBreakerOpenException.class);

        assertThat(calls).hasValue(4);
        assertThat(policies.breakerState("banners")).contains("OPEN");
    }

    /** Hearth ran {@code lateMillis} late: the worst lateness since any mark. */
    private static Lateness late(long lateMillis) {
        return new Lateness() {
            @Override
            public long mark() {
                return 0;
            }

            @Override
            public Duration worstSince(long mark) {
                return Duration.ofMillis(lateMillis);
            }
        };
    }

    /** Ten calls of 200 ms each, every one interrupted at its deadline; the breaker opens after 4 counted failures. */
    private PortPolicies tenTimeouts(Lateness lateness) {
        PortPolicy policy = new PortPolicy(Duration.ofMillis(200), PortPolicy.Retry.NONE,
                new PortPolicy.Breaker(true, 50, 4, Duration.ofMinutes(1), Duration.ofMinutes(1), 1), PortPolicy.DEFAULT.bulkhead());
        PortPolicies policies = PortPolicies.create(Map.of("profile", policy), Set.of(), retrier, lateness);
        PortDefinition<String, ?, ?> port = port(policies, "profile", (in, ctx) -> {
            calls.incrementAndGet();
            time.clock.advance(Duration.ofMillis(200)); // the whole budget goes by...
            Thread.currentThread().interrupt(); // ...and the engine interrupts the call at its deadline
            throw new DownstreamException("stub", Kind.UNAVAILABLE, "was interrupted");
        });
        for (int i = 0; i < 10; i++) {
            try {
                call(port, time.now().plusMillis(200));
            } catch (Exception e) {
                // a timeout, or the open circuit
            } finally {
                Thread.interrupted();
            }
        }
        return policies;
    }

    @Test
    void aTimeoutWhileHearthRanLateByAQuarterOfTheBudgetIsNotTheDownstreamsFault() {
        PortPolicies policies = tenTimeouts(late(50));

        assertThat(calls).as("every call made: none failed fast").hasValue(10);
        assertThat(policies.breakerState("profile")).contains("CLOSED");
    }

    @Test
    void aTimeoutWhileHearthKeptUpCountsAgainstTheCircuit() {
        PortPolicies policies = tenTimeouts(late(49));

        assertThat(calls).as("4 timeouts open the circuit; the other 6 calls fail fast").hasValue(4);
        assertThat(policies.breakerState("profile")).contains("OPEN");
    }

    @Test
    void notFoundAndACallHearthsOwnLimitRefusedNeverOpenTheBreaker() {
        for (Kind kind : List.of(Kind.NOT_FOUND, Kind.REFUSED)) {
            calls.set(0);
            PortPolicy policy = new PortPolicy(Duration.ofSeconds(1), PortPolicy.Retry.NONE,
                    new PortPolicy.Breaker(true, 50, 2, Duration.ofMinutes(1), Duration.ofMinutes(1), 1),
                    PortPolicy.DEFAULT.bulkhead());
            PortPolicies policies = PortPolicies.create(Map.of("partnership", policy), Set.of(), retrier, Lateness.NONE);
            PortDefinition<String, ?, ?> port = port(policies, "partnership", failing(kind, null));

            for (int i = 0; i < 10; i++) {
                assertThatThrownBy(() -> call(port, START.plusSeconds(1))).isInstanceOf(DownstreamException.class);
            }

            assertThat(calls).as(kind.name()).hasValue(10);
            assertThat(policies.breakerState("partnership")).as(kind.name()).contains("CLOSED");
        }
    }

    @Test
    void aFullBulkheadRefusesAtOnce() throws Exception {
        Held held = holdFirstCall(new PortPolicy.Bulkhead(1, Duration.ZERO));
        try {
            assertThatThrownBy(() -> call(held.port(), START.plusSeconds(1))).isInstanceOf(BulkheadFullException.class);
        } finally {
            held.releaseAndJoin();
        }
    }

    @Test
    void aBulkheadGivesBackThePermitsOfCallsItRefused() throws Exception {
        // Failsafe's own waiting left a dead waiter per refusal, which took the next permit released: after one
        // burst above maxConcurrent the port refused every call until restart.
        Held held = holdFirstCall(new PortPolicy.Bulkhead(1, Duration.ZERO));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> call(held.port(), START.plusSeconds(1))).isInstanceOf(BulkheadFullException.class);
        }
        held.releaseAndJoin();

        for (int i = 0; i < 3; i++) {
            assertThat(call(held.port(), START.plusSeconds(1))).isEqualTo("accounts");
        }
    }

    @Test
    void aBulkheadWithAWaitTakesAPermitFreedWithinIt() throws Exception {
        Held held = holdFirstCall(new PortPolicy.Bulkhead(1, Duration.ofSeconds(5)));
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            held.release().countDown();
        });
        assertThat(call(held.port(), START.plusSeconds(1))).isEqualTo("accounts");
        held.first().join(Duration.ofSeconds(10));
    }

    /** An accounts port behind {@code bulkhead} whose first call is inside and held until {@link #release}. */
    private record Held(PortDefinition<String, ?, ?> port, CountDownLatch release, Thread first) {
        void releaseAndJoin() throws InterruptedException {
            release.countDown();
            first.join(Duration.ofSeconds(10));
        }
    }

    private Held holdFirstCall(PortPolicy.Bulkhead bulkhead) throws Exception {
        PortPolicy policy = new PortPolicy(Duration.ofSeconds(1), PortPolicy.Retry.NONE, PortPolicy.DEFAULT.breaker(),
                bulkhead);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        PortDefinition<String, ?, ?> port = port(PortPolicies.create(Map.of("accounts", policy), Set.of(), retrier,
                Lateness.NONE), "accounts",
                (in, ctx) -> {
                    if (entered.incrementAndGet() == 1) {
                        inside.countDown();
                        release.await(10, TimeUnit.SECONDS);
                    }
                    return "accounts";
                });
        Thread first = Thread.ofVirtual().start(() -> {
            try {
                call(port, START.plusSeconds(1));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        return new Held(port, release, first);
    }

    @Test
    void anUpdateKeepsAnUnchangedBreakerWithItsStateAndReplacesAChangedOne() {
        PortPolicy policy = new PortPolicy(Duration.ofSeconds(1), PortPolicy.Retry.NONE,
                new PortPolicy.Breaker(true, 50, 1, Duration.ofMinutes(1), Duration.ofMinutes(1), 1), PortPolicy.DEFAULT.bulkhead());
        PortPolicies before = PortPolicies.create(Map.of("banners", policy), Set.of(), retrier, Lateness.NONE);
        assertThatThrownBy(() -> call(port(before, "banners", failing(Kind.UNAVAILABLE, null)), START.plusSeconds(1)))
                .isInstanceOf(DownstreamException.class);
        assertThat(before.breakerState("banners")).contains("OPEN");

        PortPolicy longerTimeout = new PortPolicy(Duration.ofSeconds(2), policy.retry(), policy.breaker(), policy.bulkhead());
        PortPolicies kept = before.update(Map.of("banners", longerTimeout));
        assertThat(kept.breakerState("banners")).contains("OPEN");
        assertThat(kept.changesFrom(before)).singleElement().asString().contains("timeout 1000ms -> 2000ms")
                .contains("circuit breaker kept (OPEN)");

        PortPolicy newBreaker = new PortPolicy(Duration.ofSeconds(2), policy.retry(),
                new PortPolicy.Breaker(true, 60, 1, Duration.ofMinutes(1), Duration.ofMinutes(1), 1), policy.bulkhead());
        assertThat(kept.update(Map.of("banners", newBreaker)).breakerState("banners")).contains("CLOSED");
    }
}
