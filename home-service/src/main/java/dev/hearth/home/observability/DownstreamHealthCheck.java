package dev.hearth.home.observability;

import com.codahale.metrics.health.HealthCheck;
import dev.hearth.home.resilience.PortPolicies;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The health of one downstream system as its ports' circuit breakers and recent failures see it: unhealthy while any
 * of its ports' circuits is OPEN, or while half or more of a port's calls over the last minute failed (once it made
 * at least {@value #MIN_CALLS} calls a minute, and as many since start). The second catches a downstream whose
 * breakers are disabled, or fail too slowly to trip them. "Not found" answers are not failures ({@link PortMetrics}).
 * Never calls the downstream itself: real traffic is the probe, and a health check that calls out would add load
 * exactly when a downstream struggles. Its message lists each port's circuit and calls (failed and all, per second
 * over the last minute, and failed since start).
 */
public final class DownstreamHealthCheck extends HealthCheck {
    /** Fewer calls a minute than this say too little to judge a port by: a few failures are not an outage. */
    static final int MIN_CALLS = 20;
    /** The share of a port's recent calls that failed from which its downstream is unhealthy. */
    static final double UNHEALTHY_FAILED_SHARE = 0.5;

    private final String downstream;
    private final List<String> ports;
    private final Supplier<PortPolicies> policies;
    private final PortMetrics metrics;

    public DownstreamHealthCheck(String downstream, List<String> ports, Supplier<PortPolicies> policies, PortMetrics metrics) {
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        this.ports = List.copyOf(ports);
        this.policies = Objects.requireNonNull(policies, "policies");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The name the check is registered under: {@code downstream.<name>}. */
    public static String name(String downstream) {
        return "downstream." + downstream;
    }

    @Override
    protected Result check() {
        PortPolicies current = policies.get();
        List<String> open = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (String port : ports) {
            String circuit = current.breakerState(port).orElse("DISABLED");
            double failed = metrics.recentFailureRate(port);
            double calls = metrics.recentCallRate(port);
            if (circuit.equals("OPEN")) {
                open.add(port);
            } else if (mostlyFailing(failed, calls, metrics.calls(port))) {
                failing.add(port);
            }
            lines.add(String.format(Locale.ROOT, "%s: circuit %s, %.2f failed calls/s of %.2f over the last minute, %d since start",
                    port, circuit, failed, calls, metrics.failures(port)));
        }
        String detail = String.join("; ", lines);
        List<String> problems = new ArrayList<>();
        if (!open.isEmpty()) {
            problems.add("circuit OPEN for " + open + " (calls fail at once until it half-opens)");
        }
        if (!failing.isEmpty()) {
            problems.add(String.format(Locale.ROOT, "%.0f %% or more of the last minute's calls failed for %s",
                    UNHEALTHY_FAILED_SHARE * 100, failing));
        }
        if (!problems.isEmpty()) {
            return Result.unhealthy("%s: %s; %s", downstream, String.join("; ", problems), detail);
        }
        return Result.healthy("%s: %s", downstream, detail);
    }

    /**
     * Whether failed calls are {@link #UNHEALTHY_FAILED_SHARE} or more of all calls over the last minute, both
     * per second and weighted alike. {@code callsSinceStart} keeps a few calls just after start-up from counting: the
     * one-minute rate's first 5-second tick extrapolates them to a steady rate.
     */
    static boolean mostlyFailing(double failedPerSecond, double callsPerSecond, long callsSinceStart) {
        return callsPerSecond * 60 >= MIN_CALLS && callsSinceStart >= MIN_CALLS
                && failedPerSecond >= callsPerSecond * UNHEALTHY_FAILED_SHARE;
    }
}
