package dev.hearth.home.observability;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServlet;

/**
 * The Dropwizard registry in Prometheus text format. Hearth's own metrics are families with labels, by
 * {@link HearthCollector} ({@code hearth.port.banners.timeouts} &rarr; {@code hearth_port_timeouts_total{port="banners"}});
 * every other metric (JVM, Jetty, the database pool, ...) is exported by the generic {@code DropwizardExports} under its
 * Dropwizard name with dots and dashes as underscores, timers and histograms as summaries (quantiles and
 * {@code _count}). The generic exporter skips what {@link HearthCollector} claims, so no family appears twice.
 *
 * <p>Not the 1.4 exporter's label mapper: it gives every Dropwizard metric its own family, so two ports mapped onto one
 * name fail the scrape ("duplicate metric name").
 */
public final class PrometheusExport {
    /** Where the servlet is mapped on the admin port. */
    public static final String PATH = "/prometheus";

    private PrometheusExport() {
    }

    /**
     * A servlet answering {@code metrics} in Prometheus text format. Each call makes its own Prometheus registry, so two
     * applications in one JVM (tests) never share one.
     */
    public static HttpServlet servlet(MetricRegistry metrics) {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new HearthCollector(metrics));
        DropwizardExports.builder().dropwizardRegistry(metrics).metricFilter(HearthCollector.unclaimed())
                .register(registry);
        return new PrometheusMetricsServlet(registry);
    }
}
