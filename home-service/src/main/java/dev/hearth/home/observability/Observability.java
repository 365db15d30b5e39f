package dev.hearth.home.observability;

import dev.hearth.home.runtime.CallListeners;
import dev.hearth.home.runtime.Downstreams;
import dev.hearth.home.runtime.ScreenListeners;
import dev.hearth.home.runtime.ScreenRuntime;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Metrics, the Prometheus endpoint and health checks, added to a running composition: per-port metrics hear every
 * call and retry, per-screen metrics every request, {@code GET /prometheus} and {@code GET /healthcheck} on the admin
 * port. Dropwizard's Jdbi registers the {@code database} check itself.
 */
public final class Observability {
    private Observability() {
    }

    public static void install(Environment environment, ScreenRuntime runtime, CallListeners calls,
            ScreenListeners screens) {
        PortMetrics ports = new PortMetrics(environment.metrics())
                .registerPorts(runtime.current().engine().ports().names(), runtime::policies);
        calls.add(ports);
        ScreenMetrics screenMetrics = new ScreenMetrics(environment.metrics(), Clock.systemUTC());
        calls.add(screenMetrics);
        screens.add(screenMetrics);

        environment.admin().addServlet("prometheus", PrometheusExport.servlet(environment.metrics()))
                .addMapping(PrometheusExport.PATH);
        for (Map.Entry<String, List<String>> downstream : Downstreams.PORTS.entrySet()) {
            environment.healthChecks().register(DownstreamHealthCheck.name(downstream.getKey()),
                    new DownstreamHealthCheck(downstream.getKey(), downstream.getValue(), runtime::policies, ports));
        }
        environment.healthChecks().register(ScreensHealthCheck.NAME,
                new ScreensHealthCheck(() -> runtime.current().catalog().ids()));
    }
}
