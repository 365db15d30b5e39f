package dev.hearth.home.observability;

import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import jakarta.servlet.http.HttpServlet;

/**
 * Hearth's Prometheus page: the families of {@link HearthMetrics} (labelled, made where the events happen; latencies as
 * histograms with {@code _bucket}, {@code _sum} and {@code _count}, so instances add up) and the standard JVM and
 * process metrics. The Dropwizard registry stays as it is on {@code GET /metrics} (JSON); it is not exported here.
 */
public final class PrometheusExport {
    /** Where the servlet is mapped on the admin port. */
    public static final String PATH = "/prometheus";

    private PrometheusExport() {
    }

    /** A servlet answering {@code metrics}' registry in Prometheus text format. */
    public static HttpServlet servlet(HearthMetrics metrics) {
        return new PrometheusMetricsServlet(metrics.registry());
    }
}
