package dev.hearth.home.observability;

import com.codahale.metrics.health.HealthCheck;
import dev.hearth.home.resilience.PortPolicies;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The health of one downstream system as its ports' circuit breakers and recent failures see it: unhealthy while any
 * of its ports' circuits is OPEN. Never calls the downstream itself: real traffic is the probe, and a health check
 * that calls out would add load exactly when a downstream struggles. Its message lists each port's circuit and failed
 * calls (per second over the last minute, and since start).
 */
public final class DownstreamHealthCheck extends HealthCheck {
    /**
     * Which ports call which downstream, as wired in {@code HearthModule}. {@code alias} is the database's (Hearth's own
     * nicknames): Dropwizard's {@code database} check covers it. {@code legacy} serves no screen port.
     */
    public static final Map<String, List<String>> PORTS = orderedPorts();

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
        List<String> lines = new ArrayList<>();
        for (String port : ports) {
            String circuit = current.breakerState(port).orElse("DISABLED");
            if (circuit.equals("OPEN")) {
                open.add(port);
            }
            lines.add(String.format(Locale.ROOT, "%s: circuit %s, %.2f failed calls/s over the last minute, %d since start",
                    port, circuit, metrics.recentFailureRate(port), metrics.failures(port)));
        }
        String detail = String.join("; ", lines);
        if (!open.isEmpty()) {
            return Result.unhealthy("%s: circuit OPEN for %s (calls fail at once until it half-opens); %s", downstream,
                    open, detail);
        }
        return Result.healthy("%s: %s", downstream, detail);
    }

    private static Map<String, List<String>> orderedPorts() {
        Map<String, List<String>> ports = new LinkedHashMap<>();
        ports.put("coreBanking", List.of("profile", "accounts", "account", "balance", "activities"));
        ports.put("partners", List.of("partnership"));
        ports.put("cards", List.of("cardList", "cardDetails"));
        ports.put("openBanking", List.of("openBanking"));
        ports.put("marketing", List.of("banners"));
        return Collections.unmodifiableMap(ports);
    }
}
