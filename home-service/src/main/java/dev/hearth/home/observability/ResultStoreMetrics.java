package dev.hearth.home.observability;

import dev.hearth.home.runtime.RedisResultStore;
import dev.hearth.home.runtime.RedisResultStore.Operation;
import dev.hearth.home.runtime.RedisResultStore.Outcome;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.Map;

/**
 * The shared result store's own families (docs/RUNBOOK.md, "Metrics"): every get and put on Redis by outcome, and how
 * long each took. Built before the store (which reports to it) and registered with {@link HearthMetrics}' registry.
 * Every label value comes from {@link Operation} and {@link Outcome}; all of them are exported from the start (at 0),
 * so an alert can divide by them on an instance that keeps values in memory.
 */
public final class ResultStoreMetrics implements RedisResultStore.Events {
    /** Redis answers in well under a millisecond on a LAN; the deadline is a few ms; 250 ms is a sick Redis. */
    static final double[] BUCKETS = {0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25};
    static final Map<Operation, List<Outcome>> OUTCOMES = Map.of(
            Operation.GET, List.of(Outcome.HIT, Outcome.MISS, Outcome.TIMEOUT, Outcome.ERROR, Outcome.UNAVAILABLE),
            Operation.PUT, List.of(Outcome.STORED, Outcome.KEPT_LATER, Outcome.TIMEOUT, Outcome.ERROR,
                    Outcome.UNAVAILABLE));

    final Counter operations;
    final Histogram duration;

    public ResultStoreMetrics() {
        operations = Counter.builder().name("hearth_result_store_operations_total")
                .help("gets and puts on the shared result store (Redis) by outcome: hit, miss, stored, kept_later (a "
                        + "later value was there), timeout, error, unavailable (not connected); a failed get is a miss "
                        + "for the screen, so the call goes to the port")
                .labelNames("operation", "outcome").build();
        duration = Histogram.builder().name("hearth_result_store_operation_duration_seconds")
                .help("how long each get (bounded by resultStore.operationTimeout) and put (sent without waiting, until "
                        + "Redis answered) on the shared result store took")
                .unit(Unit.SECONDS).classicOnly().classicUpperBounds(BUCKETS).labelNames("operation").build();
        OUTCOMES.forEach((operation, outcomes) -> {
            outcomes.forEach(outcome -> operations.initLabelValues(operation.label(), outcome.label()));
            duration.initLabelValues(operation.label());
        });
    }

    /** Adds the families to {@code registry} (HearthMetrics' own). */
    public ResultStoreMetrics registerWith(PrometheusRegistry registry) {
        registry.register(operations);
        registry.register(duration);
        return this;
    }

    @Override
    public void operation(Operation operation, Outcome outcome, long nanos) {
        operations.labelValues(operation.label(), outcome.label()).inc();
        if (outcome != Outcome.UNAVAILABLE) { // not sent: no time spent on Redis
            duration.labelValues(operation.label()).observe(nanos / 1e9);
        }
    }
}
