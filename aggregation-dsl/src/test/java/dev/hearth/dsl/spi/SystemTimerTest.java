package dev.hearth.dsl.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The real timer, on the real clock: margins are generous, and no test depends on how fast the machine is. */
class SystemTimerTest {
    private static final Duration LONG_POLL = Duration.ofSeconds(30);

    @Test
    void runsATaskAtItsTimeAndNotBefore() throws Exception {
        SystemTimer timer = new SystemTimer(SystemTimer.POLL);
        Instant at = timer.now().plusMillis(150);
        AtomicReference<Instant> ranAt = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);

        timer.schedule(at, () -> {
            ranAt.set(timer.now());
            ran.countDown();
        });

        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        // The wall clock and System.nanoTime() may disagree by a clock tick.
        assertThat(ranAt.get()).isAfterOrEqualTo(at.minusMillis(2));
    }

    @Test
    void aTaskDueBeforeTheThreadWouldWakeWakesIt() throws Exception {
        SystemTimer timer = new SystemTimer(LONG_POLL);
        letTheThreadFallAsleep();
        CountDownLatch ran = new CountDownLatch(1);

        timer.schedule(timer.now().plusMillis(20), ran::countDown);

        assertThat(ran.await(10, TimeUnit.SECONDS)).as("ran long before the thread's own 30 s wake-up").isTrue();
    }

    @Test
    void tasksDueAfterTheThreadWouldWakeAnywayWakeNothing() throws Exception {
        SystemTimer timer = new SystemTimer(LONG_POLL);
        letTheThreadFallAsleep();
        long before = timer.wakeUps();

        // What a burst of calls does: each schedules its deadline and cancels it when it answers.
        for (int i = 0; i < 1_000; i++) {
            timer.schedule(timer.now().plusSeconds(60 + i % 7), () -> { }).cancel();
        }
        Thread.sleep(200);

        // A woken thread would have counted a wake-up; allow one spurious return from park.
        assertThat(timer.wakeUps()).isLessThanOrEqualTo(before + 1);
    }

    @Test
    void aCancelledTaskNeverRuns() throws Exception {
        SystemTimer timer = new SystemTimer(SystemTimer.POLL);
        AtomicBoolean cancelledRan = new AtomicBoolean();
        CountDownLatch later = new CountDownLatch(1);

        timer.schedule(timer.now().plusMillis(30), () -> cancelledRan.set(true)).cancel();
        timer.schedule(timer.now().plusMillis(60), later::countDown);

        assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelledRan).isFalse();
    }

    @Test
    void runsTasksInTheOrderOfTheirTimesAndOnesAlreadyDueAtOnce() throws Exception {
        SystemTimer timer = new SystemTimer(LONG_POLL);
        letTheThreadFallAsleep();
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(4);
        Instant now = timer.now();

        for (String name : List.of("+90ms", "+60ms", "+30ms")) {
            timer.schedule(now.plusMillis(Long.parseLong(name.substring(1, 3))), () -> {
                order.add(name);
                all.countDown();
            });
        }
        timer.schedule(now.minusSeconds(1), () -> {
            order.add("past");
            all.countDown();
        });

        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("past", "+30ms", "+60ms", "+90ms");
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheTimer() throws Exception {
        SystemTimer timer = new SystemTimer(SystemTimer.POLL);
        CountDownLatch next = new CountDownLatch(1);

        timer.schedule(timer.now(), () -> {
            throw new IllegalStateException("a broken task (expected in this test)");
        });
        timer.schedule(timer.now().plusMillis(20), next::countDown);

        assertThat(next.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void farFutureAndFarPastInstantsAreAcceptedWithoutOverflow() throws Exception {
        SystemTimer timer = new SystemTimer(SystemTimer.POLL);
        AtomicBoolean farRan = new AtomicBoolean();
        CountDownLatch past = new CountDownLatch(1);

        Cancellable far = timer.schedule(Instant.MAX, () -> farRan.set(true));
        timer.schedule(Instant.MIN, past::countDown);

        assertThat(past.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(150);
        assertThat(farRan).isFalse();
        far.cancel();
    }

    /** Gives a new timer's thread time to make its first pass and park (the tests pass either way; this way they test the parked thread). */
    private static void letTheThreadFallAsleep() throws InterruptedException {
        Thread.sleep(100);
    }
}
