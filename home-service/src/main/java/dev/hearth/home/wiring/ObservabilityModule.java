package dev.hearth.home.wiring;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.MetricSet;
import com.codahale.metrics.health.HealthCheck;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.hearth.dsl.spi.ResultStore;
import dev.hearth.home.adapter.in.admin.AdminMenuServlet;
import dev.hearth.home.adapter.in.admin.TracesServlet;
import dev.hearth.home.adapter.in.rest.BuildLimit;
import dev.hearth.home.observability.DownstreamHealthCheck;
import dev.hearth.home.observability.HearthMetrics;
import dev.hearth.home.observability.ExperimentExport;
import dev.hearth.home.observability.KillSwitchExport;
import dev.hearth.home.observability.MetricNames;
import dev.hearth.home.observability.MigrationExport;
import dev.hearth.home.observability.PortMetrics;
import dev.hearth.home.observability.PrometheusExport;
import dev.hearth.home.observability.ResilienceMetrics;
import dev.hearth.home.observability.ResultStoreMetrics;
import dev.hearth.home.observability.ScreenMetrics;
import dev.hearth.home.observability.ScreensHealthCheck;
import dev.hearth.home.resilience.SchedulerLag;
import dev.hearth.home.runtime.CallListeners;
import dev.hearth.home.runtime.ConfigVersions;
import dev.hearth.home.runtime.Downstreams;
import dev.hearth.home.runtime.RedisResultStore;
import dev.hearth.home.runtime.ScreenListeners;
import dev.hearth.home.runtime.ScreenRuntime;
import dev.hearth.home.trace.TraceRecorder;
import dev.hearth.home.trace.Tracing;
import jakarta.inject.Singleton;
import dev.hearth.home.application.LoadedScreens;
import dev.hearth.home.migration.FleetFigures;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

    /** The Prometheus families ({@code GET /prometheus}); gauges read the running engine at each scrape. */
    @Provides
    @Singleton
    HearthMetrics hearthMetrics(MetricRegistry metrics, ScreenRuntime runtime, Downstreams downstreams,
            SchedulerLag lag, ConfigVersions versions, ResultStoreMetrics store, ResultStore results,
            FleetFigures fleet, BuildLimit buildLimit) {
        HearthMetrics prometheus = new HearthMetrics()
                .gauge("hearth_engine_scheduler_lag_seconds", "the worst lateness of Hearth's own threads over the "
                        + "last 10 s (a saturated CPU, GC pauses)", () -> ResilienceMetrics.schedulerLagSeconds(lag))
                .gauge("hearth_engine_in_flight_calls", "port calls running now across all requests",
                        () -> runtime.current().engine().inFlightCalls())
                .gauge("hearth_downstream_leased_connections", "connections of the downstream's pool in use",
                        "downstream", () -> Downstreams.NAMES, name -> downstreams.pool(name).getLeased())
                .info("hearth_screens", "the hash of the screen files running now: "
                        + "instances that differ have drifted", "screens_version", runtime::screensVersion)
                // docs/adr/021-fleet-config.md: one series, its labels read at each scrape; screens is the same hash
                // as hearth_screens_info's screens_version.
                .info("hearth_config", "the content hashes of the screens, the port policies and the rollout this "
                        + "instance runs: instances that differ have drifted", List.of("screens", "ports", "rollout"),
                        () -> {
                            ConfigVersions.Versions now = versions.now();
                            return List.of(now.screens(), now.ports(), now.rollout());
                        })
                .gauge("hearth_config_reload_rejected", "1 while the screen or configuration files on disk hold a "
                        + "change that was rejected (the previous definition runs; GET /version says why)",
                        () -> versions.rejected().isPresent() ? 1 : 0)
                // docs/adr/031-answer-on-time.md: late homes legacy answered are hearth_legacy_fallbacks_total{reason="late"}
                // docs/adr/032-limit-on-screens-built-at-once.md: both 0 while there is no limit
                .gauge("hearth_overload_limit", "screen requests Hearth takes into its hands at once now (adaptive, "
                        + "overload.concurrency); more wait for room, then are answered at once", buildLimit::limit)
                .gauge("hearth_overload_in_flight", "screen requests in Hearth's hands now (holding room under "
                        + "hearth_overload_limit)", buildLimit::inFlight)
                .counter("hearth_late_unavailable_total", "requests that waited too long since they arrived to be "
                        + "built in time, answered at once with 503 overloaded and Retry-After (the home when legacy "
                        + "had no free connection, every other screen)",
                        () -> metrics.counter(MetricNames.LATE_UNAVAILABLE).getCount());
        MigrationExport.register(prometheus, metrics);
        MigrationExport.registerWindow(prometheus, fleet, () -> sectionIds(runtime.current()));
        KillSwitchExport.register(prometheus, metrics);
        ExperimentExport.register(prometheus, metrics);
        store.registerWith(prometheus.registry());
        if (results instanceof RedisResultStore redis) {
            prometheus.gauge("hearth_result_store_connected", "1 while the connection to the shared result store "
                    + "(Redis) is open, 0 while it is being made or remade", () -> redis.connected() ? 1 : 0);
        }
        return prometheus;
    }

    @Provides
    @Singleton
    PortMetrics portMetrics(MetricRegistry metrics, HearthMetrics prometheus, ScreenRuntime runtime,
            CallListeners calls, Clock clock) {
        PortMetrics ports = new PortMetrics(metrics, prometheus, clock)
                .registerPorts(runtime.current().engine().ports().names(), runtime::policies);
        calls.add(ports);
        return ports;
    }

    @Provides
    @Singleton
    ScreenMetrics screenMetrics(MetricRegistry metrics, HearthMetrics prometheus, Clock clock, CallListeners calls,
            ScreenListeners screens) {
        ScreenMetrics screenMetrics = new ScreenMetrics(metrics, prometheus, clock);
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
    AdminPage prometheus(HearthMetrics metrics) {
        return new AdminPage("prometheus", PrometheusExport.servlet(metrics), PrometheusExport.PATH);
    }

    @ProvidesIntoSet
    AdminPage tracesPage(TracesServlet servlet) {
        return new AdminPage("traces", servlet, TracesServlet.MAPPINGS);
    }

    @ProvidesIntoSet
    HealthChecks health(ScreenRuntime runtime, PortMetrics ports) {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        runtime.ports().byDownstream().forEach((downstream, names) -> checks.put(DownstreamHealthCheck.name(downstream),
                new DownstreamHealthCheck(downstream, names, runtime::policies, ports)));
        checks.put(ScreensHealthCheck.NAME, new ScreensHealthCheck(() -> runtime.current().catalog().ids()));
        return new HealthChecks(checks);
    }

    /** The section ids of the loaded screens: the bounded label set of the per-section mismatch rate. */
    static Set<String> sectionIds(LoadedScreens screens) {
        Set<String> ids = new TreeSet<>();
        for (String screen : screens.catalog().ids()) {
            screens.catalog().find(screen).ifPresent(compiled -> compiled.screen().sections()
                    .forEach(section -> ids.add(section.id())));
        }
        return ids;
    }
}
