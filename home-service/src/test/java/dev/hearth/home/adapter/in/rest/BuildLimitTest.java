package dev.hearth.home.adapter.in.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.netflix.concurrency.limits.limit.AbstractLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The room for screen requests (docs/adr/032-limit-on-screens-built-at-once.md): in at once while there is room, else
 * a wait of at most the allowance, newest first. Real time, with margins far from any assertion's bound: a waiter
 * that must not get room is given 30 s, one that must time out 50 ms.
 */
class BuildLimitTest {
    static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void offLetsEveryRequestInAtOnceAndCountsNothing() {
        for (int i = 0; i < 3; i++) {
            assertThat(BuildLimit.OFF.acquire(Duration.ofMillis(1))).isPresent();
        }
        assertThat(BuildLimit.OFF.on()).isFalse();
        assertThat(BuildLimit.OFF.limit()).isZero();
        assertThat(BuildLimit.OFF.inFlight()).isZero();
    }

    @Test
    void whileThereIsRoomARequestIsInAtOnceAndItsRoomIsGivenBackWhenAnswered() {
        BuildLimit limit = BuildLimit.fixed(2);

        Optional<BuildLimit.Permit> first = limit.acquire(LONG);
        Optional<BuildLimit.Permit> second = limit.acquire(LONG);

        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(limit.inFlight()).isEqualTo(2);
        first.get().built();
        second.get().notBuilt();
        assertThat(limit.inFlight()).isZero();
        assertThat(limit.limit()).isEqualTo(2);
    }

    @Test
    void withoutRoomARequestWaitsStrictlyLongerThanItsAllowanceThenHasNone() {
        BuildLimit limit = BuildLimit.fixed(1);
        BuildLimit.Permit held = limit.acquire(LONG).orElseThrow();

        long start = System.nanoTime();
        Optional<BuildLimit.Permit> late = limit.acquire(Duration.ofMillis(50));
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertThat(late).isEmpty();
        // strictly longer: the decision to answer at once compares with ">" (ADR 031)
        assertThat(waited).isGreaterThan(Duration.ofMillis(50));
        assertThat(limit.inFlight()).isEqualTo(1);
        held.built();
        assertThat(limit.acquire(Duration.ofMillis(50))).as("room again once answered").isPresent();
    }

    @Test
    void aRequestWithNoAllowanceLeftGetsNoRoomEvenWhenThereIsSome() {
        BuildLimit limit = BuildLimit.fixed(5);

        assertThat(limit.acquire(Duration.ZERO)).isEmpty();
        assertThat(limit.acquire(Duration.ofMillis(-3))).isEmpty();
        assertThat(limit.inFlight()).as("it took none").isZero();
    }

    @Test
    void freedRoomGoesToTheNewestWaiterFirst() throws Exception {
        BuildLimit limit = BuildLimit.fixed(1);
        BuildLimit.Permit held = limit.acquire(LONG).orElseThrow();
        Waiter oldest = Waiter.parkedIn(limit);
        Waiter newest = Waiter.parkedIn(limit);

        held.built();

        Optional<BuildLimit.Permit> newestGot = newest.room.get(10, TimeUnit.SECONDS);
        assertThat(newestGot).as("the newest waiter has room").isPresent();
        assertThat(oldest.room).as("the oldest still waits").isNotDone();
        newestGot.get().built();
        assertThat(oldest.room.get(10, TimeUnit.SECONDS)).as("then the oldest").isPresent();
    }

    /** A request waiting for room on a thread of its own. */
    record Waiter(Thread thread, CompletableFuture<Optional<BuildLimit.Permit>> room) {
        /** Returns once the thread is parked in the limit's wait: the order of arrival is the test's subject. */
        static Waiter parkedIn(BuildLimit limit) throws InterruptedException {
            CompletableFuture<Optional<BuildLimit.Permit>> room = new CompletableFuture<>();
            Thread thread = Thread.ofVirtual().start(() -> room.complete(limit.acquire(LONG)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (thread.getState() != Thread.State.TIMED_WAITING) {
                assertThat(room).as("no room yet").isNotDone();
                assertThat(System.nanoTime()).as("parked within 10 s").isLessThan(deadline);
                Thread.sleep(2);
            }
            return new Waiter(thread, room);
        }
    }

    @Test
    void anAdaptiveLimitStartsWhereItIsToldAndRefusesLimitsOutOfOrder() {
        assertThat(BuildLimit.adaptive(100, 20, 1000).limit()).isEqualTo(100);
        assertThatThrownBy(() -> BuildLimit.adaptive(10, 20, 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 <= minLimit <= initialLimit <= maxLimit")
                .hasMessageContaining("minLimit 20, initialLimit 10, maxLimit 1000");
        assertThatThrownBy(() -> BuildLimit.adaptive(0, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The test's clock, in nanoseconds: time passes only when the test says so. */
    final AtomicLong nanos = new AtomicLong();

    /**
     * {@code inHand} requests let in at once (as many as there is room for), each answered after {@code rttMillis} of
     * the test's clock, built by Hearth.
     */
    void round(BuildLimit limit, int inHand, long rttMillis) {
        List<BuildLimit.Permit> permits = new ArrayList<>();
        for (int i = 0; i < inHand && limit.inFlight() < limit.limit(); i++) {
            permits.add(limit.acquire(Duration.ofMillis(1)).orElseThrow());
        }
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(rttMillis));
        permits.forEach(BuildLimit.Permit::built);
    }

    @Test
    void normalTrafficBelowHalfTheLimitNeverMovesItHoweverLongItsRequestsTake() {
        BuildLimit limit = BuildLimit.adaptive(100, 20, 1000, nanos::get);

        for (int i = 0; i < 50; i++) {
            round(limit, 30, 65);
        }
        for (int i = 0; i < 50; i++) {
            round(limit, 30, 650); // a downstream turned slow, at normal load: 30 in hand of 100
        }

        assertThat(limit.limit()).isEqualTo(100);
    }

    @Test
    void overHalfInUseASuddenSlowdownShrinksTheLimitToItsMinimumThenItFollowsWhatStaysTheNewNormal() {
        BuildLimit limit = BuildLimit.adaptive(100, 20, 1000, nanos::get);
        for (int i = 0; i < 20; i++) {
            round(limit, 100, 65); // the long-term average: 65 ms
        }
        int steady = limit.limit();
        assertThat(steady).as("while in use and no slower, it grows").isGreaterThan(100);

        round(limit, steady, 650); // ten times slower: the CPUs saturated by a burst, or a downstream turned slow
        assertThat(limit.limit()).as("shrinks at once, never below minLimit").isEqualTo(20);

        for (int i = 0; i < 100; i++) {
            round(limit, limit.limit(), 650);
        }
        // the long-term average follows a slowness that lasts (about 600 samples): what is slow but steady is let in
        assertThat(limit.limit()).as("grows back to the new normal").isGreaterThan(100);
    }

    @Test
    void theLimitIsGivenOnlyTheTimesOfAnswersHearthBuilt() {
        List<Long> samples = new ArrayList<>();
        BuildLimit limit = BuildLimit.over(recording(10, samples), nanos::get);

        BuildLimit.Permit built = limit.acquire(LONG).orElseThrow();
        BuildLimit.Permit legacy = limit.acquire(LONG).orElseThrow();
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(65));
        built.built();
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(380));
        legacy.notBuilt();

        assertThat(samples).containsExactly(TimeUnit.MILLISECONDS.toNanos(65));
        assertThat(limit.inFlight()).isZero();
    }

    /** A fixed limit that keeps the time of every sample it is given, in nanoseconds. */
    static AbstractLimit recording(int limit, List<Long> samples) {
        return new AbstractLimit(limit) {
            @Override
            protected int _update(long startTime, long rtt, int inflight, boolean didDrop) {
                samples.add(rtt);
                return limit;
            }
        };
    }

    @Test
    void anInterruptedWaitGetsNoRoomAndGivesBackAnyItWasGiven() {
        BuildLimit limit = BuildLimit.fixed(2);
        Thread.currentThread().interrupt();
        try {
            assertThat(limit.acquire(LONG)).isEmpty();
            assertThat(Thread.currentThread().isInterrupted()).as("the flag stays set").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void theWaitIsRoundedUpToAWholeMillisecondBeyondTheAllowance() {
        assertThat(BuildLimit.waitMillis(Duration.ofMillis(100))).isEqualTo(101);
        assertThat(BuildLimit.waitMillis(Duration.ofNanos(99_600_000))).isEqualTo(100);
        assertThat(BuildLimit.waitMillis(Duration.ofNanos(1))).isEqualTo(1);
    }
}
