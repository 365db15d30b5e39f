package dev.hearth.home.observability;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricSet;
import dev.hearth.home.resilience.SchedulerLag;
import dev.hearth.home.runtime.Downstreams;
import dev.hearth.home.runtime.ScreenRuntime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gauges ops (and the fault-matrix tests) read to see resilience at work: port calls still running,
 * connections each downstream's pool has leased (a leak when it stays above zero with nothing running),
 * each port's circuit state, and how late Hearth's own threads run.
 */
public final class ResilienceMetrics {
    /** Port calls whose threads are still running, across all requests. */
    public static final String IN_FLIGHT_CALLS = "hearth.engine.in-flight-calls";

    /**
     * The worst lateness of Hearth's own threads over the last 10 s, in seconds: near zero on a healthy instance;
     * tens of milliseconds or more means a saturated CPU or long GC pauses, and timeouts then are Hearth's.
     */
    public static final String SCHEDULER_LAG = "hearth.engine.scheduler-lag";

    private ResilienceMetrics() {
    }

    /** {@code hearth.port.<port>.circuit}: CLOSED, OPEN, HALF_OPEN, DISABLED, or NONE for a port without a policy. */
    public static String circuit(String port) {
        return "hearth.port." + port + ".circuit";
    }

    /** {@code hearth.downstream.<name>.leased-connections}: connections of that pool in use right now. */
    public static String leasedConnections(String downstream) {
        return "hearth.downstream." + downstream + ".leased-connections";
    }

    /** {@value #SCHEDULER_LAG}'s value, in seconds; the Prometheus page exports the same reading. */
    public static double schedulerLagSeconds(SchedulerLag lag) {
        return lag.worstInLast(Duration.ofSeconds(10)).toNanos() / 1e9;
    }

    /** The gauges above, for {@code MetricRegistry.registerAll}. */
    public static MetricSet of(ScreenRuntime runtime, Downstreams downstreams, SchedulerLag lag) {
        Map<String, Metric> gauges = new LinkedHashMap<>();
        gauges.put(SCHEDULER_LAG, (Gauge<Double>) () -> schedulerLagSeconds(lag));
        gauges.put(IN_FLIGHT_CALLS, (Gauge<Integer>) () -> runtime.current().engine().inFlightCalls());
        for (String downstream : Downstreams.NAMES) {
            gauges.put(leasedConnections(downstream), (Gauge<Integer>) () -> downstreams.pool(downstream).getLeased());
        }
        for (String port : runtime.current().engine().ports().names()) {
            gauges.put(circuit(port), (Gauge<String>) () -> runtime.policies().breakerState(port).orElse("NONE"));
        }
        return () -> gauges;
    }
}
