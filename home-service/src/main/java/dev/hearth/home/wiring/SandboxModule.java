package dev.hearth.home.wiring;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricSet;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.ProvidesIntoSet;
import com.google.inject.name.Names;
import dev.hearth.home.config.SandboxFactory;
import dev.hearth.sandbox.SandboxFaultTask;
import dev.hearth.sandbox.SandboxResetTask;
import dev.hearth.sandbox.SandboxServer;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.servlets.tasks.Task;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox downstreams when {@code sandbox.enabled}: started before anything calls them, their calls counted
 * ({@code hearth.sandbox.calls.<port>}), their fault tasks on the admin port. Downstreams without a {@code baseUrl} are
 * served by it ({@value #BASE_URI}). The warm-up before ready is {@link HealthModule}'s, on a sandbox of its own.
 */
public final class SandboxModule extends AbstractModule {
    /** Names the sandbox's base URI, empty when it does not run. */
    public static final String BASE_URI = "sandbox";

    private final SandboxFactory sandbox;

    private SandboxModule(SandboxFactory sandbox) {
        this.sandbox = sandbox;
    }

    /** The sandbox as config.yml's {@code sandbox:} says: running, or only its absence bound. */
    public static Module of(SandboxFactory sandbox) {
        if (sandbox.isEnabled()) {
            return new SandboxModule(sandbox);
        }
        return binder -> binder.bind(new TypeLiteral<Optional<URI>>() { })
                .annotatedWith(Names.named(BASE_URI)).toInstance(Optional.empty());
    }

    @Provides
    @Singleton
    SandboxServer server() throws IOException {
        return SandboxServer.start(sandbox.settings(), sandbox.credential());
    }

    @Provides
    @Singleton
    @Named(BASE_URI)
    Optional<URI> baseUri(SandboxServer server) {
        return Optional.of(server.baseUri());
    }

    @ProvidesIntoSet
    Managed lifecycle(SandboxServer server) {
        return Bindings.closing(server::close);
    }

    @ProvidesIntoSet
    MetricSet calls(SandboxServer server) {
        Map<String, Metric> gauges = new LinkedHashMap<>();
        for (String port : server.faults().portNames()) {
            gauges.put("hearth.sandbox.calls." + port, (Gauge<Long>) () -> server.calls(port));
        }
        gauges.put("hearth.sandbox.tokens-issued", (Gauge<Long>) server::tokensIssued);
        return () -> gauges;
    }

    @ProvidesIntoSet
    Task fault(SandboxServer server) {
        return new SandboxFaultTask(server.faults());
    }

    @ProvidesIntoSet
    Task reset(SandboxServer server) {
        return new SandboxResetTask(server.faults());
    }
}
