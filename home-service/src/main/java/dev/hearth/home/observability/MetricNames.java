package dev.hearth.home.observability;

/**
 * The names Hearth's own metrics have in the Dropwizard registry ({@code GET /metrics} on the admin port, and the
 * health checks). The Prometheus page ({@code GET /prometheus}) has its own labelled families, {@link HearthMetrics},
 * recorded from the same events. Port, screen and section names come from config.yml and the screen files: bounded.
 */
public final class MetricNames {
    private MetricNames() {
    }

    /**
     * Counter: requests that waited too long since they arrived to be built in time, answered at once with a 503 and
     * {@code Retry-After} (the home when legacy had no room, every other screen): docs/adr/031-answer-on-time.md. Late
     * homes legacy answered are {@code hearth.migration.fallbacks.late}.
     */
    public static final String LATE_UNAVAILABLE = "hearth.late.unavailable";

    /** Timer: every call of the port, whatever its outcome, and how long it took. */
    public static String portCalls(String port) {
        return "hearth.port." + port + ".calls";
    }

    /** Counter: calls that ended at their deadline (reason TIMEOUT). */
    public static String portTimeouts(String port) {
        return "hearth.port." + port + ".timeouts";
    }

    /** Counter: calls that failed for {@code reason} (ERROR, BAD_RESPONSE, CIRCUIT_OPEN, DEPENDENCY_FAILED). */
    public static String portErrors(String port, String reason) {
        return "hearth.port." + port + ".errors." + reason;
    }

    /**
     * Counter: calls whose port answered "not found" ({@code NotFoundException}, e.g. a 404 for an account without a
     * partner programme): an answer, not a fault, so neither an error nor a failure.
     */
    public static String portNotFound(String port) {
        return "hearth.port." + port + ".not-found";
    }

    /** Counter: calls refused because the port's bulkhead or the engine's call slots were full (BULKHEAD_FULL). */
    public static String portBulkheadRejections(String port) {
        return "hearth.port." + port + ".bulkhead-rejections";
    }

    /** Counter: retries the port's policy made (attempts after the first). */
    public static String portRetries(String port) {
        return "hearth.port." + port + ".retries";
    }

    /** Meter: failed calls of any reason; its recent rate feeds the downstream health checks. */
    public static String portFailures(String port) {
        return "hearth.port." + port + ".failures";
    }

    /** Gauge: the port's circuit as a number, 0 CLOSED, 1 HALF_OPEN, 2 OPEN, -1 DISABLED. */
    public static String portCircuitState(String port) {
        return "hearth.port." + port + ".circuit-state";
    }

    /** Timer: requests for the screen (or one of its sections), from start to result. */
    public static String screenLatency(String screen) {
        return "hearth.screen." + screen + ".latency";
    }

    /** Counter: requests for the screen running right now. */
    public static String screenInFlight(String screen) {
        return "hearth.screen." + screen + ".in-flight";
    }

    /** Counter: requests by outcome: {@code complete} (every section OK), {@code degraded}, {@code failed} (503). */
    public static String screenOutcome(String screen, String outcome) {
        return "hearth.screen." + screen + ".outcome." + outcome;
    }

    /** Counter: how often the section came out with {@code status} (OK, PARTIAL, STALE, FALLBACK, OMITTED, FAILED). */
    public static String sectionStatus(String screen, String section, String status) {
        return "hearth.screen." + screen + ".section." + section + ".status." + status;
    }

    /** Timer: from the screen's start until the last port call of the section ended (sections that made calls). */
    public static String sectionLatency(String screen, String section) {
        return "hearth.screen." + screen + ".section." + section + ".latency";
    }
}
