package dev.hearth.home.observability;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Hearth's Prometheus families ({@code GET /prometheus} on the admin port), recorded where the events happen
 * ({@link PortMetrics}, {@link ScreenMetrics}), plus the standard JVM and process metrics. Every label is bounded:
 * screen, section and port names come from the screen files and config.yml, statuses, outcomes and reasons from
 * enums; never a customer or request id. The families are listed in docs/RUNBOOK.md ("Metrics").
 *
 * <p>One instance per application (its own registry), so two applications in one JVM (tests) never share one.
 */
public final class HearthMetrics {
    /**
     * Classic buckets for latencies, in seconds: port timeouts are 100 ms to 2 s, section deadlines and the screen
     * budget up to a few seconds; 5 ms resolves a cached answer, 5 s is beyond any budget.
     */
    static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final PrometheusRegistry registry;
    final Histogram screenDuration;
    final Gauge screenInFlight;
    final Counter screenVariants;
    final Counter screenArms;
    final Histogram screenArmDuration;
    final Histogram sectionDuration;
    final Counter sectionResults;
    final Histogram portCallDuration;
    final Counter portCalls;
    final Counter portRetries;

    public HearthMetrics() {
        this.registry = new PrometheusRegistry();
        screenDuration = histogram("hearth_screen_duration_seconds",
                "requests for the screen, start to result, by outcome (complete, degraded, failed)", "screen", "outcome");
        screenInFlight = Gauge.builder().name("hearth_screen_in_flight")
                .help("requests for the screen running now").labelNames("screen").register(registry);
        screenVariants = Counter.builder().name("hearth_screen_variant_requests_total")
                .help("requests for the screen answered, by the screen's variant that answered (`default` or a "
                        + "variant's name from the screen file)")
                .labelNames("screen", "variant").register(registry);
        // arm: a variant's name from the screen file or `default`, so bounded by the files; the experiment's name
        // (free text from the admin port, a new one per experiment) is no label (docs/adr/029-experiments.md)
        screenArms = Counter.builder().name("hearth_screen_arm_requests_total")
                .help("requests for the screen answered in an experiment's arm, by arm (`default`, the control, or "
                        + "a variant's name) and outcome (complete, degraded, failed)")
                .labelNames("screen", "arm", "outcome").register(registry);
        screenArmDuration = histogram("hearth_screen_arm_duration_seconds",
                "requests for the screen answered in an experiment's arm, start to result, by arm", "screen", "arm");
        sectionDuration = histogram("hearth_section_duration_seconds",
                "from the screen's start until the section's last port call ended (sections that made calls)",
                "screen", "section", "status");
        sectionResults = Counter.builder().name("hearth_section_results_total")
                .help("how each section came out: status (OK, PARTIAL, STALE, FALLBACK, OMITTED, FAILED) and reason "
                        + "(TIMEOUT, ERROR, ..., none)")
                .labelNames("screen", "section", "status", "reason").register(registry);
        portCallDuration = histogram("hearth_port_call_duration_seconds",
                "every call of the port, retries included, and its outcome (ok, not_found, timeout, error, ...)",
                "port", "outcome");
        portCalls = Counter.builder().name("hearth_port_calls_total")
                .help("calls of the port by outcome: ok, not_found (an answer, not a fault), or the failure reason "
                        + "lowercased (timeout, error, bad_response, circuit_open, bulkhead_full, dependency_failed)")
                .labelNames("port", "outcome").register(registry);
        portRetries = Counter.builder().name("hearth_port_retries_total")
                .help("retries the port's policy made (attempts after the first)").labelNames("port")
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    private Histogram histogram(String name, String help, String... labels) {
        return Histogram.builder().name(name).help(help).unit(Unit.SECONDS).classicOnly()
                .classicUpperBounds(LATENCY_BUCKETS).labelNames(labels).register(registry);
    }

    /** What the admin port's {@code /prometheus} serves. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** A gauge without labels, read at each scrape. */
    public HearthMetrics gauge(String name, String help, Supplier<? extends Number> value) {
        Objects.requireNonNull(value, "value");
        GaugeWithCallback.builder().name(name).help(help)
                .callback(cb -> cb.call(value.get().doubleValue())).register(registry);
        return this;
    }

    /** A gauge with one label whose values are {@code values} (bounded), each read at each scrape. */
    public HearthMetrics gauge(String name, String help, String label, Supplier<? extends Collection<String>> values,
            Function<String, ? extends Number> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(label).callback(cb -> {
            for (String v : values.get()) {
                cb.call(value.apply(v).doubleValue(), v);
            }
        }).register(registry);
        return this;
    }

    /**
     * An info metric {@code <name>_info} with one label whose value is read at each scrape (sample value 1): a
     * version, for joins and drift alerts.
     */
    public HearthMetrics info(String name, String help, String label, Supplier<String> value) {
        Objects.requireNonNull(value, "value");
        registry.register(new Collector() {
            @Override
            public MetricSnapshot collect() {
                return new InfoSnapshot(new MetricMetadata(name, help), List.of(
                        new InfoSnapshot.InfoDataPointSnapshot(Labels.of(label, value.get()))));
            }

            @Override
            public String getPrometheusName() {
                return name;
            }
        });
        return this;
    }

    /**
     * An info metric {@code <name>_info} with several labels whose values are read together at each scrape: one series,
     * so a changed value replaces the old one instead of adding a second series.
     */
    public HearthMetrics info(String name, String help, List<String> labels, Supplier<List<String>> values) {
        Objects.requireNonNull(values, "values");
        List<String> names = List.copyOf(labels);
        registry.register(new Collector() {
            @Override
            public MetricSnapshot collect() {
                List<String> now = values.get();
                return new InfoSnapshot(new MetricMetadata(name, help), List.of(
                        new InfoSnapshot.InfoDataPointSnapshot(Labels.of(names, now))));
            }

            @Override
            public String getPrometheusName() {
                return name;
            }
        });
        return this;
    }

    /** A counter without labels, read at each scrape from a count kept elsewhere. */
    public HearthMetrics counter(String name, String help, Supplier<? extends Number> count) {
        Objects.requireNonNull(count, "count");
        CounterWithCallback.builder().name(name).help(help)
                .callback(cb -> cb.call(count.get().doubleValue())).register(registry);
        return this;
    }

    /**
     * A counter with one label whose values are {@code values} (bounded), read at each scrape from a count kept
     * elsewhere (the Dropwizard registry of the migration's use cases).
     */
    public HearthMetrics counter(String name, String help, String label, List<String> values,
            Function<String, ? extends Number> count) {
        CounterWithCallback.builder().name(name).help(help).labelNames(label).callback(cb -> {
            for (String v : values) {
                cb.call(count.apply(v).doubleValue(), v);
            }
        }).register(registry);
        return this;
    }
}
