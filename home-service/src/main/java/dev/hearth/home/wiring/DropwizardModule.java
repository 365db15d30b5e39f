package dev.hearth.home.wiring;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import dev.hearth.home.config.AuthFactory;
import dev.hearth.home.config.EngineFactory;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.home.config.MigrationFactory;
import dev.hearth.home.config.PortsFactory;
import dev.hearth.home.runtime.ConfigSource;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.util.Objects;

/**
 * What Dropwizard hands the application: the configuration (and its blocks), the environment, its metrics and JSON
 * mapper; the clock everything reads; and the sets every other module adds to ({@link Registrations}).
 */
public final class DropwizardModule extends AbstractModule {
    private final HomeConfiguration configuration;
    private final Environment environment;
    private final ConfigSource source;

    public DropwizardModule(HomeConfiguration configuration, Environment environment, ConfigSource source) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    protected void configure() {
        bind(HomeConfiguration.class).toInstance(configuration);
        bind(PortsFactory.class).toInstance(configuration.getPorts());
        bind(EngineFactory.class).toInstance(configuration.getEngine());
        bind(MigrationFactory.class).toInstance(configuration.getMigration());
        bind(AuthFactory.class).toInstance(configuration.getAuth());
        bind(Environment.class).toInstance(environment);
        bind(MetricRegistry.class).toInstance(environment.metrics());
        bind(ObjectMapper.class).toInstance(environment.getObjectMapper());
        bind(ConfigSource.class).toInstance(source);
        bind(Clock.class).toInstance(Clock.systemUTC());
        Bindings.managed(binder());
        Bindings.jersey(binder());
        Bindings.tasks(binder());
        Bindings.pages(binder());
        Bindings.healthChecks(binder());
        Bindings.metrics(binder());
        Bindings.serverListeners(binder());
    }
}
