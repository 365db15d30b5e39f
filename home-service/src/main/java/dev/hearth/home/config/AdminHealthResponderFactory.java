package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.health.HealthEnvironment;
import io.dropwizard.health.response.HealthResponderFactory;
import io.dropwizard.health.response.HealthResponseProvider;
import io.dropwizard.health.response.ServletHealthResponder;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.dropwizard.jetty.setup.ServletEnvironment;
import jakarta.servlet.Servlet;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * {@code health.responder: {type: admin}}: Dropwizard's health servlet ({@code /health-check?type=alive|ready}), served
 * on the ADMIN port instead of the application port Dropwizard's own {@code servlet} responder uses: the probes are for
 * Kubernetes and the load balancer, not for the app's users (docs/adr/018-probes-warm-up-and-drain.md). Dropwizard
 * builds it before the application runs; Hearth's wiring then adds {@link #servlet()} to the admin port.
 */
@JsonTypeName("admin")
public final class AdminHealthResponderFactory implements HealthResponderFactory {
    @JsonProperty
    private boolean cacheControlEnabled = true;

    @JsonProperty
    private String cacheControlValue = "no-store";

    private Servlet servlet;
    private List<String> paths = List.of();

    @Override
    public void configure(String name, Collection<String> healthCheckUrlPaths, HealthResponseProvider provider,
            HealthEnvironment health, JerseyEnvironment jersey, ServletEnvironment servlets, ObjectMapper mapper) {
        this.servlet = new ServletHealthResponder(provider, cacheControlEnabled, cacheControlValue);
        this.paths = List.copyOf(healthCheckUrlPaths);
    }

    /** The health servlet, once Dropwizard configured the health block. */
    public Optional<Servlet> servlet() {
        return Optional.ofNullable(servlet);
    }

    /** Where it answers: {@code health.healthCheckUrlPaths}, {@code /health-check} by default. */
    public List<String> paths() {
        return paths;
    }
}
