package dev.hearth.home.wiring;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.MetricSet;
import com.codahale.metrics.health.HealthCheck;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.hearth.home.adapter.in.admin.AdminMenuServlet;
import dev.hearth.home.adapter.in.admin.TracesServlet;
import dev.hearth.home.observability.DownstreamHealthCheck;
import dev.hearth.home.observability.PortMetrics;
import dev.hearth.home.observability.PrometheusExport;
import dev.hearth.home.observability.ResilienceMetrics;
import dev.hearth.home.observability.ScreenMetrics;
import dev.hearth.home.observability.ScreensHealthCheck;
import dev.hearth.home.resilience.SchedulerLag;
import dev.hearth.home.runtime.CallListeners;
import dev.hearth.home.runtime.Downstreams;
import dev.hearth.home.runtime.ScreenListeners;
import dev.hearth.home.runtime.ScreenRuntime;
import dev.hearth.home.trace.TraceRecorder;
import dev.hearth.home.trace.Tracing;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics, traces and health: per-port metrics hear every call and retry, per-screen metrics and traces every request;
 * {@code GET /prometheus}, {@code /traces} and {@code /healthcheck} (one check per downstream, one for the screens) on
 * the admin port. Dropwizard's Jdbi registers the {@code database} check itself.
 */
public final class ObservabilityModule extends AbstractModule {
    /** Execution traces: hear every call and every request, keep the slowest and the degraded ones. */
    @Provides
    @Singleton
    TraceRecorder traces(Clock clock, CallListeners calls, ScreenListeners screens, Tracing tracing) {
        TraceRecorder traces = new TraceRecorder(clock, TraceRecorder.Limits.DEFAULT, tracing::traceId);
        calls.add(traces);
        screens.add(traces);
        return traces;
    }

    @Provides
    @Singleton
    PortMetrics portMetrics(MetricRegistry metrics, ScreenRuntime runtime, CallListeners calls) {
        PortMetrics ports = new PortMetrics(metrics)
                .registerPorts(runtime.current().engine().ports().names(), runtime::policies);
        calls.add(ports);
        return ports;
    }

    @Provides
    @Singleton
    ScreenMetrics screenMetrics(MetricRegistry metrics, Clock clock, CallListeners calls, ScreenListeners screens) {
        ScreenMetrics screenMetrics = new ScreenMetrics(metrics, clock);
        calls.add(screenMetrics);
        screens.add(screenMetrics);
        return screenMetrics;
    }

    @ProvidesIntoSet
    MetricSet resilience(ScreenRuntime runtime, Downstreams downstreams, SchedulerLag lag) {
        return ResilienceMetrics.of(runtime, downstreams, lag);
    }

    /** The admin port's front page: a link to every page, the tasks listed. */
    @ProvidesIntoSet
    AdminPage menu() {
        return new AdminPage("menu", new AdminMenuServlet(), AdminMenuServlet.MAPPING);
    }

    @ProvidesIntoSet
    AdminPage prometheus(MetricRegistry metrics) {
        return new AdminPage("prometheus", PrometheusExport.servlet(metrics), PrometheusExport.PATH);
    }

    @ProvidesIntoSet
    AdminPage tracesPage(TraceRecorder traces, ObjectMapper mapper) {
        return new AdminPage("traces", new TracesServlet(traces, mapper), TracesServlet.MAPPINGS);
    }

    @ProvidesIntoSet
    HealthChecks health(ScreenRuntime runtime, PortMetrics ports) {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        runtime.ports().byDownstream().forEach((downstream, names) -> checks.put(DownstreamHealthCheck.name(downstream),
                new DownstreamHealthCheck(downstream, names, runtime::policies, ports)));
        checks.put(ScreensHealthCheck.NAME, new ScreensHealthCheck(() -> runtime.current().catalog().ids()));
        return new HealthChecks(checks);
    }
}
