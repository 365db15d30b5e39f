package dev.hearth.home.observability;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Sampling;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hearth's own metrics ({@code hearth.*} in the Dropwizard registry, names in {@link MetricNames}) as Prometheus
 * families with labels: every {@code hearth.port.<port>.timeouts} becomes one sample of
 * {@code hearth_port_timeouts_total{port="<port>"}}, and so on, by the pattern table {@link #FAMILIES}. A Dropwizard
 * metric the table does not claim (its name does not match, or its kind does not fit, like the word gauge
 * {@code hearth.port.<port>.circuit}) is left to the generic {@code DropwizardExports}, which gets {@link #unclaimed()}
 * as its filter: no family is exported twice.
 *
 * <p>Timers are summaries in seconds (quantiles 0.5 ... 0.999 and {@code _count}, no {@code _sum}: a Dropwizard timer
 * keeps none), counters end in {@code _total}, meters are counters of their count. Thread-safe: each scrape reads the
 * registry afresh.
 */
public final class HearthCollector implements MultiCollector {
    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    enum Kind {
        /** From a Dropwizard counter or meter (its count). */
        COUNTER,
        /** From a numeric (or boolean) Dropwizard gauge, or a counter that goes up and down. */
        GAUGE,
        /** From a Dropwizard timer (seconds) or histogram. */
        SUMMARY
    }

    /** One Prometheus family: the Dropwizard names it gathers ({@code pattern}, a group per label) and its labels. */
    record Family(String name, Kind kind, Pattern pattern, List<String> labels, String help) {
        Family {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(pattern, "pattern");
            labels = List.copyOf(labels);
            Objects.requireNonNull(help, "help");
        }

        /** The labels of {@code dropwizardName} when it belongs to this family and {@code metric} fits its kind. */
        Optional<Labels> labelsOf(String dropwizardName, Metric metric) {
            Matcher m = pattern.matcher(dropwizardName);
            if (!m.matches() || !fits(metric)) {
                return Optional.empty();
            }
            String[] values = new String[labels.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = m.group(i + 1);
            }
            return Optional.of(Labels.of(labels.toArray(String[]::new), values));
        }

        private boolean fits(Metric metric) {
            return switch (kind) {
                case COUNTER -> metric instanceof Counter || metric instanceof Meter;
                case GAUGE -> metric instanceof Counter
                        || metric instanceof Gauge<?> g && numeric(g.getValue()) != null;
                case SUMMARY -> metric instanceof Timer || metric instanceof Histogram;
            };
        }
    }

    private static final String SEGMENT = "([^.]+)";

    /** Hearth's families. A Dropwizard name matches at most one pattern. */
    static final List<Family> FAMILIES = List.of(
            family("hearth_port_calls_seconds", Kind.SUMMARY, "hearth.port.*.calls",
                    "every call of the port and its latency", "port"),
            family("hearth_port_timeouts", Kind.COUNTER, "hearth.port.*.timeouts", "calls ended at their deadline",
                    "port"),
            family("hearth_port_errors", Kind.COUNTER, "hearth.port.*.errors.*", "failed calls by reason",
                    "port", "reason"),
            family("hearth_port_not_found", Kind.COUNTER, "hearth.port.*.not-found",
                    "calls the port answered with \"not found\" (not errors)", "port"),
            family("hearth_port_bulkhead_rejections", Kind.COUNTER, "hearth.port.*.bulkhead-rejections",
                    "calls refused by the port's bulkhead or the engine's call slots", "port"),
            family("hearth_port_retries", Kind.COUNTER, "hearth.port.*.retries",
                    "retries made (attempts after the first)", "port"),
            family("hearth_port_failures", Kind.COUNTER, "hearth.port.*.failures", "failed calls of any reason",
                    "port"),
            family("hearth_port_circuit_state", Kind.GAUGE, "hearth.port.*.circuit-state",
                    "the port's circuit: 0 CLOSED, 1 HALF_OPEN, 2 OPEN, -1 DISABLED", "port"),
            family("hearth_screen_latency_seconds", Kind.SUMMARY, "hearth.screen.*.latency",
                    "requests for the screen, start to result", "screen"),
            family("hearth_screen_in_flight", Kind.GAUGE, "hearth.screen.*.in-flight",
                    "requests for the screen running now", "screen"),
            family("hearth_screen_outcome", Kind.COUNTER, "hearth.screen.*.outcome.*",
                    "requests by outcome: complete, degraded, failed", "screen", "outcome"),
            family("hearth_section_status", Kind.COUNTER, "hearth.screen.*.section.*.status.*",
                    "how each section came out", "screen", "section", "status"),
            family("hearth_section_latency_seconds", Kind.SUMMARY, "hearth.screen.*.section.*.latency",
                    "from the screen's start until the section's last port call ended", "screen", "section"),
            family("hearth_downstream_leased_connections", Kind.GAUGE, "hearth.downstream.*.leased-connections",
                    "connections of the downstream's pool in use", "downstream"),
            family("hearth_engine_in_flight_calls", Kind.GAUGE, "hearth.engine.in-flight-calls",
                    "port calls running now across all requests"),
            family("hearth_engine_scheduler_lag_seconds", Kind.GAUGE, "hearth.engine.scheduler-lag",
                    "the worst lateness of Hearth's own threads over the last 10 s (a saturated CPU, GC pauses)"),
            family("hearth_sandbox_calls", Kind.GAUGE, "hearth.sandbox.calls.*",
                    "calls the sandbox served (sandbox only)", "port"),
            family("hearth_migration_served", Kind.COUNTER, "hearth.migration.served.*",
                    "home requests by who served them: hearth, legacy, legacy-fallback", "side"),
            family("hearth_migration_fallbacks", Kind.COUNTER, "hearth.migration.fallbacks.*",
                    "home requests Hearth could not build, answered by legacy, by reason", "reason"),
            family("hearth_migration_overloaded_legacy_full", Kind.COUNTER, "hearth.migration.overloaded.legacy-full",
                    "home requests Hearth built while overloaded because legacy had no free connection to take them"),
            family("hearth_shadow_dropped", Kind.COUNTER, "hearth.shadow.dropped.*",
                    "shadow samples dropped over budget: in-flight, rate, closing", "why"));

    /** {@code *} is one dot-free segment, captured as the next label; everything else is literal. */
    private static Family family(String name, Kind kind, String glob, String help, String... labels) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(SEGMENT);
            }
            regex.append(Pattern.quote(part));
        }
        Family family = new Family(name, kind, Pattern.compile(regex.toString()), List.of(labels), help);
        if (family.pattern().matcher("").groupCount() != labels.length) {
            throw new IllegalArgumentException(name + ": " + glob + " does not have one * per label");
        }
        return family;
    }

    private final MetricRegistry registry;

    public HearthCollector(MetricRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The family {@code name} (a Dropwizard metric) belongs to, if any. */
    static Optional<Family> familyOf(String name, Metric metric) {
        return FAMILIES.stream().filter(f -> f.labelsOf(name, metric).isPresent()).findFirst();
    }

    /** The Dropwizard metrics this collector does not export: the filter for the generic exporter. */
    public static MetricFilter unclaimed() {
        return (name, metric) -> familyOf(name, metric).isEmpty();
    }

    @Override
    public MetricSnapshots collect() {
        Map<Family, List<Object>> points = new LinkedHashMap<>();
        for (Map.Entry<String, Metric> entry : registry.getMetrics().entrySet()) {
            for (Family family : FAMILIES) {
                Optional<Labels> labels = family.labelsOf(entry.getKey(), entry.getValue());
                if (labels.isPresent()) {
                    Object point = point(family.kind(), labels.get(), entry.getValue());
                    if (point != null) {
                        points.computeIfAbsent(family, f -> new ArrayList<>()).add(point);
                    }
                    break;
                }
            }
        }
        MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        points.forEach((family, list) -> snapshots.metricSnapshot(snapshot(family, list)));
        return snapshots.build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return FAMILIES.stream().map(Family::name).toList();
    }

    /** One sample of {@code metric}, or null when a gauge has no number right now. */
    private static Object point(Kind kind, Labels labels, Metric metric) {
        return switch (kind) {
            case COUNTER -> CounterDataPointSnapshot.builder().labels(labels).value(count(metric)).build();
            case GAUGE -> {
                Double value = metric instanceof Counter c ? Double.valueOf(c.getCount())
                        : numeric(((Gauge<?>) metric).getValue());
                yield value == null ? null : GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
            }
            case SUMMARY -> {
                double scale = metric instanceof Timer ? 1 / NANOS_PER_SECOND : 1;
                Snapshot s = ((Sampling) metric).getSnapshot();
                Quantiles quantiles = Quantiles.builder()
                        .quantile(0.5, s.getMedian() * scale)
                        .quantile(0.75, s.get75thPercentile() * scale)
                        .quantile(0.95, s.get95thPercentile() * scale)
                        .quantile(0.98, s.get98thPercentile() * scale)
                        .quantile(0.99, s.get99thPercentile() * scale)
                        .quantile(0.999, s.get999thPercentile() * scale)
                        .build();
                yield SummaryDataPointSnapshot.builder().labels(labels).quantiles(quantiles)
                        .count(count(metric)).build();
            }
        };
    }

    private static long count(Metric metric) {
        return switch (metric) {
            case Counter c -> c.getCount();
            case Meter m -> m.getCount();
            case Timer t -> t.getCount();
            case Histogram h -> h.getCount();
            default -> throw new IllegalArgumentException("no count in " + metric.getClass().getName());
        };
    }

    private static Double numeric(Object value) {
        return switch (value) {
            case Number n -> n.doubleValue();
            case Boolean b -> b ? 1.0 : 0.0;
            case null, default -> null;
        };
    }

    @SuppressWarnings("unchecked")
    private static MetricSnapshot snapshot(Family family, List<Object> points) {
        return switch (family.kind()) {
            case COUNTER -> new CounterSnapshot(metadata(family), (List<CounterDataPointSnapshot>) (List<?>) points);
            case GAUGE -> new GaugeSnapshot(metadata(family), (List<GaugeDataPointSnapshot>) (List<?>) points);
            case SUMMARY -> new SummarySnapshot(metadata(family), (List<SummaryDataPointSnapshot>) (List<?>) points);
        };
    }

    private static MetricMetadata metadata(Family family) {
        return new MetricMetadata(family.name(), family.help());
    }
}
