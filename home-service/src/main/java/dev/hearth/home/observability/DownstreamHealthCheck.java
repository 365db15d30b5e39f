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
 * of its ports' circuits is OPEN, or while half or more of a port's calls in the last 30 seconds failed (once it made
 * at least {@value #MIN_CALLS} calls in them). The second catches a downstream whose breakers are disabled, or fail
 * too slowly to trip them. The window really forgets ({@link RecentCalls}): healthy again at most 30 seconds after a
 * fault clears. "Not found" answers are not failures ({@link PortMetrics}): a customer asking for another customer's
 * account never makes a downstream unhealthy. Never calls the downstream itself: real traffic is the probe, and a
 * health check that calls out would add load exactly when a downstream struggles. Its message lists each port's
 * circuit and calls (failed and all in the window, and failed since start). Shown on {@code /healthcheck} only: it
 * never decides readiness (docs/adr/018-probes-warm-up-and-drain.md).
 */
public final class DownstreamHealthCheck extends HealthCheck {
    /** Fewer calls in the window than this say too little to judge a port by: a few failures are not an outage. */
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
            RecentCalls.Counts recent = metrics.recentCalls(port);
            if (circuit.equals("OPEN")) {
                open.add(port);
            } else if (mostlyFailing(recent.failed(), recent.calls())) {
                failing.add(port);
            }
            lines.add(String.format(Locale.ROOT, "%s: circuit %s, %d failed of %d calls in the last %d s, %d failed since start",
                    port, circuit, recent.failed(), recent.calls(), RecentCalls.WINDOW.toSeconds(), metrics.failures(port)));
        }
        String detail = String.join("; ", lines);
        List<String> problems = new ArrayList<>();
        if (!open.isEmpty()) {
            problems.add("circuit OPEN for " + open + " (calls fail at once until it half-opens)");
        }
        if (!failing.isEmpty()) {
            problems.add(String.format(Locale.ROOT, "%.0f %% or more of the calls in the last %d s failed for %s",
                    UNHEALTHY_FAILED_SHARE * 100, RecentCalls.WINDOW.toSeconds(), failing));
        }
        if (!problems.isEmpty()) {
            return Result.unhealthy("%s: %s; %s", downstream, String.join("; ", problems), detail);
        }
        return Result.healthy("%s: %s", downstream, detail);
    }

    /** Whether {@code failed} is {@link #UNHEALTHY_FAILED_SHARE} or more of {@code calls}, of at least {@link #MIN_CALLS}. */
    static boolean mostlyFailing(long failed, long calls) {
        return calls >= MIN_CALLS && failed >= calls * UNHEALTHY_FAILED_SHARE;
    }
}
