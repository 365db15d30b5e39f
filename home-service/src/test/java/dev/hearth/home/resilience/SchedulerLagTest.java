package dev.hearth.home.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SchedulerLagTest {
    private static final long MS = 1_000_000;

    private final AtomicLong now = new AtomicLong(5_000 * MS);
    private final SchedulerLag lag = new SchedulerLag(now::get);

    /** The probe sleeps its period and wakes {@code lateMillis} after it was due. */
    private void tick(long lateMillis) {
        now.addAndGet(SchedulerLag.PERIOD.toNanos() + lateMillis * MS);
        lag.woke(now.get());
    }

    private void idle(long millis) {
        for (long i = 0; i < millis / SchedulerLag.PERIOD.toMillis(); i++) {
            tick(0);
        }
    }

    @Test
    void aProbeWakingOnTimeMeansNoLateness() {
        long mark = lag.mark();
        idle(1_000);

        assertThat(lag.worstSince(mark)).isZero();
    }

    @Test
    void theWorstLatenessSinceAMarkIsReported() {
        long mark = lag.mark();
        tick(30);
        idle(200);
        tick(120);
        idle(200);
        tick(40);

        assertThat(lag.worstSince(mark)).isEqualTo(Duration.ofMillis(120));
    }

    @Test
    void latenessThatEndedBeforeTheMarksBucketIsNotReported() {
        tick(300);
        idle(500);
        long mark = lag.mark();
        idle(500);

        assertThat(lag.worstSince(mark)).isZero();
        assertThat(lag.worstInLast(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aStallStillGoingOnCountsBeforeTheProbeWakes() {
        long mark = lag.mark();
        now.addAndGet(SchedulerLag.PERIOD.toNanos() + 250 * MS); // due 250 ms ago, not woken yet

        assertThat(lag.worstSince(mark)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void latenessOlderThanTheHistoryIsForgotten() {
        tick(400);
        idle(13_000);

        assertThat(lag.worstInLast(Duration.ofSeconds(20))).isZero();
    }

    @Test
    void onePauseIsNotAStandingLatenessButEveryWakeUpLateIs() {
        idle(1_000);
        tick(300); // one GC pause
        idle(200);
        assertThat(lag.standingInLast(Duration.ofMillis(500))).as("the wake-ups after the pause were on time").isZero();
        assertThat(lag.worstInLast(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(300));

        for (int i = 0; i < 6; i++) {
            tick(120 + i * 10); // a queue that does not drain
        }
        assertThat(lag.standingInLast(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(150));

        tick(0);
        assertThat(lag.standingInLast(Duration.ofMillis(500))).as("caught up").isZero();
    }

    @Test
    void aProbeStuckForTheWholeWindowIsStandingLatenessOfHowOverdueItIs() {
        idle(1_000);
        now.addAndGet(SchedulerLag.PERIOD.toNanos() + 800 * MS); // due 800 ms ago, no wake-up since

        assertThat(lag.standingInLast(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(800));
    }

    /** The real probe, on a virtual thread: busy carriers make it late (a generous margin, never a timing bound). */
    @Test
    void theProbeSeesVirtualThreadsStarvedOfCarriers() throws Exception {
        try (SchedulerLag real = SchedulerLag.start()) {
            Thread.sleep(100); // the probe is sleeping its period
            long mark = real.mark();
            List<Thread> spinners = new ArrayList<>();
            for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
                spinners.add(Thread.ofVirtual().start(() -> {
                    long until = System.nanoTime() + 300 * MS;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait(); // never yields its carrier
                    }
                }));
            }
            for (Thread spinner : spinners) {
                spinner.join();
            }

            assertThat(real.worstSince(mark)).isGreaterThan(Duration.ofMillis(150));
        }
    }
}
