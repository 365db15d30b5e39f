package dev.hearth.home.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import dev.hearth.dsl.Reason;
import dev.hearth.dsl.spi.CallRecord;
import dev.hearth.home.FakeClock;
import dev.hearth.home.resilience.PortPolicies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DownstreamHealthCheckTest {
    /** The clock of the recent-calls window, moved by hand. */
    final FakeClock clock = new FakeClock(Instant.parse("2026-11-26T10:00:00.500Z"));
    final PortMetrics metrics = new PortMetrics(new MetricRegistry(), clock);
    /** No policies: every circuit DISABLED, as with {@code circuitBreaker.enabled: false}. */
    final DownstreamHealthCheck marketing = new DownstreamHealthCheck("marketing", List.of("banners"),
            () -> PortPolicies.create(Map.of(), Set.of()), metrics);

    @Test
    void aPortWithoutABreakerFailingEveryCallMakesItsDownstreamUnhealthy() {
        calls(30, Outcome.FAILED);

        HealthCheck.Result result = marketing.execute();

        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).startsWith("marketing: 50 % or more of the calls in the last 30 s failed for "
                + "[banners]; banners: circuit DISABLED, 30 failed of 30 calls in the last 30 s, 30 failed since start");
    }

    @Test
    void fewerThanHalfTheCallsFailingIsHealthy() {
        calls(16, Outcome.OK);
        calls(14, Outcome.FAILED);

        HealthCheck.Result result = marketing.execute();

        assertThat(result.isHealthy()).as(result.getMessage()).isTrue();
        assertThat(result.getMessage()).isEqualTo(
                "marketing: banners: circuit DISABLED, 14 failed of 30 calls in the last 30 s, 14 failed since start");
    }

    @Test
    void halfTheCallsFailingIsUnhealthy() {
        calls(15, Outcome.OK);
        calls(15, Outcome.FAILED);

        assertThat(marketing.execute().isHealthy()).isFalse();
    }

    @Test
    void notFoundAnswersAreNotFailures() {
        calls(30, Outcome.NOT_FOUND);

        HealthCheck.Result result = marketing.execute();

        assertThat(result.isHealthy()).as(result.getMessage()).isTrue();
        assertThat(result.getMessage()).contains("0 failed of 30 calls");
    }

    @Test
    void fewerThanTwentyCallsSayTooLittle() {
        calls(19, Outcome.FAILED);

        assertThat(marketing.execute().isHealthy()).isTrue();
    }

    @Test
    void failuresSpreadOverTheWindowAllCount() {
        for (int second = 0; second < 29; second++) {
            calls(1, Outcome.FAILED);
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(marketing.execute().isHealthy()).as("29 failed calls, one a second").isFalse();
    }

    @Test
    void aClearedFaultIsForgottenWithinTheWindow() {
        calls(30, Outcome.FAILED);
        clock.advance(Duration.ofSeconds(29));
        assertThat(marketing.execute().isHealthy()).as("29 s after the fault").isFalse();

        clock.advance(Duration.ofSeconds(1));

        HealthCheck.Result result = marketing.execute();
        assertThat(result.isHealthy()).as(result.getMessage()).isTrue();
        assertThat(result.getMessage()).contains("0 failed of 0 calls in the last 30 s, 30 failed since start");
    }

    @Test
    void aDownstreamThatRecoveredIsHealthyAgainOnceItsFailuresLeaveTheWindow() {
        calls(30, Outcome.FAILED);
        assertThat(marketing.execute().isHealthy()).isFalse();

        for (int second = 0; second < 30; second++) { // 30 s of good calls, as real traffic goes on
            clock.advance(Duration.ofSeconds(1));
            calls(6, Outcome.OK);
        }

        assertThat(marketing.execute().isHealthy()).isTrue();
    }

    @Test
    void theShareNeedsEnoughCallsInTheWindow() {
        assertThat(DownstreamHealthCheck.mostlyFailing(5, 5)).as("5 calls").isFalse();
        assertThat(DownstreamHealthCheck.mostlyFailing(20, 20)).isTrue();
        assertThat(DownstreamHealthCheck.mostlyFailing(10, 20)).isTrue();
        assertThat(DownstreamHealthCheck.mostlyFailing(9, 20)).isFalse();
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
}
