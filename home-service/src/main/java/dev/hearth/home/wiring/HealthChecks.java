package dev.hearth.home.wiring;

import com.codahale.metrics.health.HealthCheck;
import java.util.Map;

/** Health checks a module adds to {@code /healthcheck}, by name. */
public record HealthChecks(Map<String, HealthCheck> checks) {
}
