package dev.hearth.home.observability;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.hearth.home.application.KillSwitches;
import java.util.List;

/** The kill switches' counts as Prometheus families, read from the Dropwizard registry at each scrape. */
public final class KillSwitchExport {
    private KillSwitchExport() {
    }

    public static void register(HearthMetrics prometheus, MetricRegistry metrics) {
        prometheus
                .counter("hearth_kill_switch_changes_total", "sections this instance switched off or on again "
                        + "(POST /tasks/section-off, /tasks/section-on), by action", "action", List.of("off", "on"),
                        action -> metrics.counter(KillSwitches.CHANGES + action).getCount())
                .gauge("hearth_kill_switches", "kill switches stored, as this instance last read them (GET /switches)",
                        () -> number(metrics, KillSwitches.IN_FORCE))
                .gauge("hearth_kill_switch_refresh_failures", "reads of the kill switches that failed in a row "
                        + "(0 = following the database; otherwise the last known switches stay)",
                        () -> number(metrics, KillSwitches.REFRESH_FAILURES));
    }

    private static double number(MetricRegistry metrics, String name) {
        Gauge<?> gauge = metrics.getGauges().get(name);
        return gauge != null && gauge.getValue() instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
