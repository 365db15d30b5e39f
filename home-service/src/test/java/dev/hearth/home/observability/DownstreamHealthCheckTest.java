package dev.hearth.home.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Clock;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SlidingWindowReservoir;
import com.codahale.metrics.Timer;
import com.codahale.metrics.health.HealthCheck;
import dev.hearth.dsl.Reason;
import dev.hearth.dsl.spi.CallRecord;
import dev.hearth.home.resilience.PortPolicies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DownstreamHealthCheckTest {
    /** The meters' clock, moved by hand: their one-minute rates tick every 5 seconds. */
    final FakeClock clock = new FakeClock();
    final MetricRegistry registry = new MetricRegistry();
    final PortMetrics metrics = new PortMetrics(registry);
    /** No policies: every circuit DISABLED, as with {@code circuitBreaker.enabled: false}. */
    final DownstreamHealthCheck marketing = new DownstreamHealthCheck("marketing", List.of("banners"),
            () -> PortPolicies.create(Map.of(), Set.of()), metrics);

    DownstreamHealthCheckTest() {
        registry.register(MetricNames.portCalls("banners"), new Timer(new SlidingWindowReservoir(16), clock));
        registry.register(MetricNames.portFailures("banners"), new Meter(clock));
    }

    @Test
    void aPortWithoutABreakerFailingEveryCallMakesItsDownstreamUnhealthy() {
        calls(30, Outcome.FAILED);
        clock.tick();

        HealthCheck.Result result = marketing.execute();

        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).startsWith("marketing: 50 % or more of the last minute's calls failed for [banners]; "
                + "banners: circuit DISABLED, 6.00 failed calls/s of 6.00 over the last minute, 30 since start");
    }

    @Test
    void fewerThanHalfTheCallsFailingIsHealthy() {
        calls(16, Outcome.OK);
        calls(14, Outcome.FAILED);
        clock.tick();

        HealthCheck.Result result = marketing.execute();

        assertThat(result.isHealthy()).as(result.getMessage()).isTrue();
        assertThat(result.getMessage()).isEqualTo(
                "marketing: banners: circuit DISABLED, 2.80 failed calls/s of 6.00 over the last minute, 14 since start");
    }

    @Test
    void halfTheCallsFailingIsUnhealthy() {
        calls(15, Outcome.OK);
        calls(15, Outcome.FAILED);
        clock.tick();

        assertThat(marketing.execute().isHealthy()).isFalse();
    }

    @Test
    void notFoundAnswersAreNotFailures() {
        calls(30, Outcome.NOT_FOUND);
        clock.tick();

        HealthCheck.Result result = marketing.execute();

        assertThat(result.isHealthy()).as(result.getMessage()).isTrue();
        assertThat(result.getMessage()).contains("0.00 failed calls/s of 6.00");
    }

    @Test
    void fewerThanTwentyCallsSayTooLittle() {
        calls(19, Outcome.FAILED);
        clock.tick();

        assertThat(marketing.execute().isHealthy()).isTrue();
    }

    @Test
    void aDownstreamThatRecoveredIsHealthyAgainOnceItsFailuresAreNoLongerRecent() {
        calls(30, Outcome.FAILED);
        clock.tick();
        assertThat(marketing.execute().isHealthy()).isFalse();

        for (int tick = 0; tick < 12; tick++) { // a minute of good calls
            calls(30, Outcome.OK);
            clock.tick();
        }

        assertThat(marketing.execute().isHealthy()).isTrue();
    }

    @Test
    void aHandfulOfCallsAtStartUpIsNotAMinutesWorth() {
        assertThat(DownstreamHealthCheck.mostlyFailing(1, 1, 5)).as("5 calls since start").isFalse();
        assertThat(DownstreamHealthCheck.mostlyFailing(1, 1, 20)).isTrue();
        assertThat(DownstreamHealthCheck.mostlyFailing(0.3, 0.3, 1000)).as("18 calls a minute").isFalse();
    }

    enum Outcome { OK, FAILED, NOT_FOUND }

    void calls(int count, Outcome outcome) {
        Instant start = Instant.parse("2026-11-26T10:00:00Z");
        for (int i = 0; i < count; i++) {
            metrics.callFinished(new CallRecord("r" + i, "home", "banners", "banners", start, start.plusMillis(40),
                    start.plusMillis(300), outcome == Outcome.OK,
                    outcome == Outcome.OK ? Optional.empty() : Optional.of(Reason.ERROR), outcome == Outcome.NOT_FOUND));
        }
    }

    static final class FakeClock extends Clock {
        private long nanos;

        /** Just past the meters' 5-second tick, so their rates move. */
        void tick() {
            nanos += Duration.ofSeconds(5).plusMillis(1).toNanos();
        }

        @Override
        public long getTick() {
            return nanos;
        }

        @Override
        public long getTime() {
            return TimeUnit.NANOSECONDS.toMillis(nanos);
        }
    }
    @Test
    void circuitStatesAreNumbersPrometheusCanAlertOn() {
        assertThat(PortMetrics.circuitState("CLOSED")).isZero();
        assertThat(PortMetrics.circuitState("HALF_OPEN")).isEqualTo(1);
        assertThat(PortMetrics.circuitState("OPEN")).isEqualTo(2);
        assertThat(PortMetrics.circuitState("DISABLED")).isEqualTo(-1);
    }
}
