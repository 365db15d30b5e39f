package dev.hearth.home.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.home.resilience.PortPoliciesTest.FakeTime;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.DownstreamException.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** Retry pauses with jitter on, on a fake clock and a random source the test chooses. */
class RetrierTest {
    private static final Duration BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(400);

    private final FakeTime time = new FakeTime();
    private final AtomicInteger calls = new AtomicInteger();

    private static PortPolicy.Retry retry(int attempts, double jitter) {
        return new PortPolicy.Retry(attempts, BACKOFF, MAX_BACKOFF, jitter, false);
    }

    /** Fails as unavailable every time, so only the attempts and the deadline end it. */
    private Object unavailable() throws DownstreamException {
        calls.incrementAndGet();
        throw new DownstreamException("stub", Kind.UNAVAILABLE, "down");
    }

    /** The values, one per pause, in order; fails the test if asked for more. */
    private static DoubleSupplier randoms(double... values) {
        Deque<Double> left = new ArrayDeque<>();
        for (double v : values) {
            left.add(v);
        }
        return () -> {
            assertThat(left).as("a random value for this pause").isNotEmpty();
            return left.removeFirst();
        };
    }

    @Test
    void jitterTakesItsRandomShareOffEachPauseAndStopsBeforeAPauseWouldPassTheDeadline() {
        Retrier retrier = time.retrier(randoms(0.0, 0.5, 0.99, 0.2, 0.8));
        Instant deadline = time.now().plusSeconds(1);

        assertThatThrownBy(() -> retrier.call("balance", retry(10, 0.5), deadline, this::unavailable))
                .isInstanceOf(DownstreamException.class);

        // base 100, 200, 400, 400 (capped), 400; each less jitter 0.5 x random:
        // 100 x 1.0, 200 x 0.75, 400 x 0.505, 400 x 0.9 end at 812 ms; the next, 400 x 0.6, would end at 1052 > 1000
        assertThat(time.pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(202),
                Duration.ofMillis(360));
        assertThat(calls).hasValue(5);
        assertThat(time.now()).isEqualTo(deadline.minusMillis(188));
    }

    @Test
    void jitteredPausesVaryWithinTheirBoundsAndNeverPassTheDeadline() {
        Random random = new Random(20261121L); // fixed seed: the same pauses on every run
        for (int run = 0; run < 200; run++) {
            FakeTime clock = new FakeTime();
            Instant deadline = clock.now().plusMillis(300 + random.nextInt(3_000));
            Retrier retrier = clock.retrier(random::nextDouble);

            assertThatThrownBy(() -> retrier.call("balance", retry(20, 0.5), deadline, this::unavailable))
                    .isInstanceOf(DownstreamException.class);

            assertThat(clock.now()).as("run %d: the last pause ended before the deadline", run).isBefore(deadline);
            List<Duration> pauses = clock.pauses;
            for (int i = 0; i < pauses.size(); i++) {
                Duration base = BACKOFF.multipliedBy(1L << Math.min(i, 2)); // 100, 200, then 400 (maxBackoff)
                assertThat(pauses.get(i)).as("run %d, pause %d", run, i + 1)
                        .isBetween(base.dividedBy(2), base);
            }
        }
    }

    @Test
    void theCappedPausesAreNotAllTheSame() {
        Retrier retrier = time.retrier(new Random(7L)::nextDouble);

        assertThatThrownBy(() -> retrier.call("balance", retry(12, 0.5), time.now().plusSeconds(60), this::unavailable))
                .isInstanceOf(DownstreamException.class);

        List<Duration> capped = time.pauses.subList(2, time.pauses.size());
        assertThat(capped).hasSize(9).allSatisfy(p -> assertThat(p).isBetween(Duration.ofMillis(200), MAX_BACKOFF));
        assertThat(capped.stream().distinct().count()).as("jitter spreads retries of many callers apart")
                .isGreaterThan(5);
    }

    @Test
    void fullJitterMayTakeTheWholePauseButNeverMakesItNegative() {
        Retrier retrier = time.retrier(randoms(0.999_999, 0.0));

        assertThatThrownBy(() -> retrier.call("balance", retry(3, 1.0), time.now().plusSeconds(1), this::unavailable))
                .isInstanceOf(DownstreamException.class);

        assertThat(time.pauses).containsExactly(Duration.ofNanos(100), Duration.ofMillis(200));
    }

    @Test
    void theListenerHearsEachRetryTakenWithTheAttemptAboutToStartAndNotOneTheDeadlineRefused() {
        List<String> heard = new java.util.ArrayList<>();
        Retrier retrier = time.retrier(() -> 0.0).withListener((port, attempt) -> heard.add(port + " " + attempt));

        // pauses of 100 and 200 end at 300 ms; the next, 400, would end at 700 > 500
        assertThatThrownBy(() -> retrier.call("balance", retry(5, 0.5), time.now().plusMillis(500), this::unavailable))
                .isInstanceOf(DownstreamException.class);

        assertThat(heard).containsExactly("balance 2", "balance 3");
        assertThat(calls).hasValue(3);
    }
}
