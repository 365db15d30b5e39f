package dev.hearth.home.observability;

import com.codahale.metrics.MetricRegistry;
import dev.hearth.dsl.ScreenResult;
import dev.hearth.dsl.SectionResult;
import dev.hearth.dsl.spi.CallRecord;
import dev.hearth.dsl.spi.ExecutionListener;
import dev.hearth.home.application.ScreenRequestListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-screen and per-section metrics: requests in flight, latency and outcome (complete, degraded, failed) of each
 * screen; each section's status and latency. A section's latency runs from the screen's start until the last port
 * call of that section (its own, its fan-out items', its fields') ended, so it needs the calls of the request: they are
 * followed from {@link #started} to {@link #finished}; beyond {@value #MAX_FOLLOWED} requests at once, a request gets
 * no section latency. Names in {@link MetricNames}; the same events as labelled Prometheus families in
 * {@link HearthMetrics} ({@code hearth_screen_*}, {@code hearth_section_*}). Thread-safe.
 */
public final class ScreenMetrics implements ScreenRequestListener, ExecutionListener {
    static final int MAX_FOLLOWED = 10_000;

    private record Followed(String screenId, Instant start, Map<String, Instant> lastCallEnd) {
    }

    private final MetricRegistry metrics;
    private final HearthMetrics prometheus;
    private final Clock clock;
    private final Map<String, Followed> followed = new ConcurrentHashMap<>();

    public ScreenMetrics(MetricRegistry metrics, HearthMetrics prometheus, Clock clock) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.prometheus = Objects.requireNonNull(prometheus, "prometheus");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void started(String requestId, String screenId) {
        metrics.counter(MetricNames.screenInFlight(screenId)).inc();
        prometheus.screenInFlight.labelValues(screenId).inc();
        // the map is emptied as requests end; the bound only guards against a caller that never ends one
        boolean followCalls = followed.size() < MAX_FOLLOWED;
        followed.put(requestId, new Followed(screenId, clock.instant(), followCalls ? new ConcurrentHashMap<>() : null));
    }

    @Override
    public void callFinished(CallRecord call) {
        Followed request = followed.get(call.requestId());
        if (request != null && request.lastCallEnd() != null) {
            request.lastCallEnd().merge(call.sectionId(), call.end(), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    @Override
    public void finished(String requestId, ScreenResult result) {
        Followed request = followed.remove(requestId);
        String screen = result.screenId();
        metrics.counter(MetricNames.screenInFlight(screen)).dec();
        prometheus.screenInFlight.labelValues(screen).dec();
        Instant end = clock.instant();
        String outcome = result.failure().isPresent() ? "failed" : result.complete() ? "complete" : "degraded";
        if (request != null) {
            time(MetricNames.screenLatency(screen), request.start(), end);
            prometheus.screenDuration.labelValues(screen, outcome).observe(seconds(request.start(), end));
        }
        metrics.counter(MetricNames.screenOutcome(screen, outcome)).inc();
        prometheus.screenVariants.labelValues(screen, result.variant()).inc();
        if (result.arm().isPresent()) {
            prometheus.screenArms.labelValues(screen, result.arm().get(), outcome).inc();
            if (request != null) {
                prometheus.screenArmDuration.labelValues(screen, result.arm().get())
                        .observe(seconds(request.start(), end));
            }
        }
        for (SectionResult section : result.sections()) {
            String status = section.status().name();
            metrics.counter(MetricNames.sectionStatus(screen, section.id(), status)).inc();
            prometheus.sectionResults.labelValues(screen, section.id(), status,
                    section.reason().map(Enum::name).orElse("none")).inc();
            if (request != null && request.lastCallEnd() != null && request.lastCallEnd().containsKey(section.id())) {
                Instant last = request.lastCallEnd().get(section.id());
                time(MetricNames.sectionLatency(screen, section.id()), request.start(), last);
                prometheus.sectionDuration.labelValues(screen, section.id(), status)
                        .observe(seconds(request.start(), last));
            }
        }
    }

    @Override
    public void abandoned(String requestId, RuntimeException failure) {
        Followed request = followed.remove(requestId);
        if (request != null) {
            metrics.counter(MetricNames.screenInFlight(request.screenId())).dec();
            metrics.counter(MetricNames.screenOutcome(request.screenId(), "failed")).inc();
            prometheus.screenInFlight.labelValues(request.screenId()).dec();
            prometheus.screenDuration.labelValues(request.screenId(), "failed")
                    .observe(seconds(request.start(), clock.instant()));
        }
    }

    private void time(String name, Instant from, Instant to) {
        metrics.timer(name).update(Math.max(0, Duration.between(from, to).toNanos()), TimeUnit.NANOSECONDS);
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toNanos()) / 1e9;
    }
}
