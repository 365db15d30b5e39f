package dev.hearth.home.observability;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.hearth.home.application.Experiments;
import java.util.List;

/** The experiments' counts as Prometheus families, read from the Dropwizard registry at each scrape. */
public final class ExperimentExport {
    private ExperimentExport() {
    }

    public static void register(HearthMetrics prometheus, MetricRegistry metrics) {
        prometheus
                .counter("hearth_experiment_changes_total", "experiments this instance started, changed or stopped "
                        + "(POST /tasks/experiment-start, -change, -stop), by action", "action",
                        List.of("start", "change", "stop"),
                        action -> metrics.counter(Experiments.CHANGES + action).getCount())
                .gauge("hearth_experiments_running", "experiments running, as this instance last read them "
                        + "(GET /experiments)", () -> number(metrics, Experiments.RUNNING))
                .gauge("hearth_experiment_refresh_failures", "reads of the experiments that failed in a row "
                        + "(0 = following the database; otherwise the last known experiments stay)",
                        () -> number(metrics, Experiments.REFRESH_FAILURES));
    }

    private static double number(MetricRegistry metrics, String name) {
        Gauge<?> gauge = metrics.getGauges().get(name);
        return gauge != null && gauge.getValue() instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
