package dev.hearth.home.observability;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.hearth.dsl.Reason;
import dev.hearth.dsl.spi.CallRecord;
import dev.hearth.dsl.spi.ExecutionListener;
import dev.hearth.home.resilience.PortPolicies;
import dev.hearth.home.resilience.RetryListener;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Per-port metrics from every finished call the engine reports and every retry the ports' policies make: calls and
 * their latency, timeouts, errors by reason, "not found" answers (not errors), bulkhead rejections, retries, recent failures and the circuit's state.
 * Names in {@link MetricNames}; the same events as labelled Prometheus families in {@link HearthMetrics}
 * ({@code hearth_port_*}). Thread-safe; cheap enough for every call.
 */
public final class PortMetrics implements ExecutionListener, RetryListener {
    /**
     * The values of {@code hearth_port_calls_total}'s {@code outcome}, each port's series made at zero. Not
     * {@code DISABLED}: a switched-off section makes no call.
     */
    static final List<String> OUTCOMES = java.util.stream.Stream.concat(java.util.stream.Stream.of("ok", "not_found"),
            java.util.Arrays.stream(Reason.values()).filter(r -> r != Reason.DISABLED).map(PortMetrics::outcome))
            .toList();

    private final MetricRegistry metrics;
    private final HearthMetrics prometheus;
    private final Clock clock;
    /** Each port's calls over the last {@link RecentCalls#WINDOW}, for {@link DownstreamHealthCheck}. */
    private final Map<String, RecentCalls> recent = new ConcurrentHashMap<>();

    /** Dropwizard metrics only (tests of the health checks), recent calls timed by {@code clock}. */
    public PortMetrics(MetricRegistry metrics, Clock clock) {
        this(metrics, new HearthMetrics(), clock);
    }

    /** Dropwizard metrics only, on the system clock. */
    public PortMetrics(MetricRegistry metrics) {
        this(metrics, Clock.systemUTC());
    }

    @Inject
    public PortMetrics(MetricRegistry metrics, HearthMetrics prometheus, Clock clock) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.prometheus = Objects.requireNonNull(prometheus, "prometheus");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private RecentCalls recent(String port) {
        return recent.computeIfAbsent(port, name -> new RecentCalls(clock));
    }

    /** {@code outcome} label of a failed call: the reason in lower case ({@code circuit_open}). */
    static String outcome(Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Registers each port's metrics at zero (so dashboards and alerts see every port before its first call) and its
     * circuit-state gauge, read from {@code policies} at each scrape (reloads swap them).
     */
    public PortMetrics registerPorts(Collection<String> ports, Supplier<PortPolicies> policies) {
        for (String port : ports) {
            metrics.timer(MetricNames.portCalls(port));
            metrics.counter(MetricNames.portTimeouts(port));
            metrics.counter(MetricNames.portNotFound(port));
            metrics.counter(MetricNames.portBulkheadRejections(port));
            metrics.counter(MetricNames.portRetries(port));
            metrics.meter(MetricNames.portFailures(port));
            metrics.gauge(MetricNames.portCircuitState(port),
                    () -> (Gauge<Integer>) () -> circuitState(policies.get().breakerState(port).orElse("DISABLED")));
            OUTCOMES.forEach(outcome -> prometheus.portCalls.labelValues(port, outcome));
            prometheus.portCallDuration.labelValues(port, "ok");
            prometheus.portRetries.labelValues(port);
        }
        List<String> names = List.copyOf(ports);
        prometheus.gauge("hearth_port_circuit_open", "1 while the port's circuit is OPEN (calls fail fast), else 0",
                "port", () -> names, port -> "OPEN".equals(breaker(policies, port)) ? 1 : 0);
        prometheus.gauge("hearth_port_circuit_state",
                "the port's circuit: 0 CLOSED, 1 HALF_OPEN, 2 OPEN, -1 DISABLED", "port", () -> names,
                port -> circuitState(breaker(policies, port)));
        return this;
    }

    private static String breaker(Supplier<PortPolicies> policies, String port) {
        return policies.get().breakerState(port).orElse("DISABLED");
    }

    static int circuitState(String state) {
        return switch (state) {
            case "CLOSED" -> 0;
            case "HALF_OPEN" -> 1;
            case "OPEN" -> 2;
            default -> -1;
        };
    }

    @Override
    public void callFinished(CallRecord call) {
        String port = call.port();
        Duration took = Duration.between(call.start(), call.end());
        metrics.timer(MetricNames.portCalls(port)).update(Math.max(0, took.toNanos()), TimeUnit.NANOSECONDS);
        String outcome = call.notFound() ? "not_found"
                : call.success() || call.reason().isEmpty() ? "ok" : outcome(call.reason().get());
        prometheus.portCallDuration.labelValues(port, outcome).observe(Math.max(0, took.toNanos()) / 1e9);
        prometheus.portCalls.labelValues(port, outcome).inc();
        if (call.notFound()) {
            // "there is none" is an answer of a healthy downstream: not an error, and no weight on its health check
            metrics.counter(MetricNames.portNotFound(port)).inc();
            recent(port).record(false);
            return;
        }
        if (call.success() || call.reason().isEmpty()) {
            recent(port).record(false);
            return;
        }
        recent(port).record(true);
        Reason reason = call.reason().get();
        metrics.meter(MetricNames.portFailures(port)).mark();
        switch (reason) {
            case TIMEOUT -> metrics.counter(MetricNames.portTimeouts(port)).inc();
            case BULKHEAD_FULL -> metrics.counter(MetricNames.portBulkheadRejections(port)).inc();
            default -> metrics.counter(MetricNames.portErrors(port, reason.name())).inc();
        }
    }

    @Override
    public void retrying(String port, int attempt) {
        metrics.counter(MetricNames.portRetries(port)).inc();
        prometheus.portRetries.labelValues(port).inc();
    }

    /**
     * Calls of {@code port} in the last {@link RecentCalls#WINDOW}, whatever their outcome, and how many of them
     * failed ("not found" is no failure): a fault older than the window no longer counts.
     */
    RecentCalls.Counts recentCalls(String port) {
        return recent(port).counts();
    }

    /** Calls of {@code port} since start, whatever their outcome. */
    long calls(String port) {
        return metrics.timer(MetricNames.portCalls(port)).getCount();
    }

    /** Failed calls of {@code port} since start. */
    long failures(String port) {
        return metrics.meter(MetricNames.portFailures(port)).getCount();
    }
}
