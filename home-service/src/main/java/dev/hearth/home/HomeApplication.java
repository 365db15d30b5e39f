package dev.hearth.home;

import com.codahale.metrics.Gauge;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.hearth.adapters.out.persistence.nickname.NicknameJdbiAdapter;
import dev.hearth.home.adapter.in.rest.OpenApiResource;
import dev.hearth.home.adapter.in.rest.ProblemExceptionMappers;
import dev.hearth.home.adapter.in.rest.ProblemUnauthorizedHandler;
import dev.hearth.home.adapter.in.rest.QueryTokenFilter;
import dev.hearth.home.adapter.in.rest.RequestIdFilter;
import dev.hearth.home.adapter.in.rest.ScreenResource;
import dev.hearth.home.adapter.in.rest.TraceContextFilter;
import dev.hearth.home.adapter.in.admin.ReloadTask;
import dev.hearth.home.adapter.in.admin.RolloutTask;
import dev.hearth.home.adapter.in.admin.ShadowClearTask;
import dev.hearth.home.adapter.in.admin.ShadowSamplingTask;
import dev.hearth.home.application.ScreenBindings;
import dev.hearth.home.application.ScreenQuery;
import dev.hearth.home.application.ScreenService;
import dev.hearth.home.auth.CustomerPrincipal;
import dev.hearth.home.auth.JwtAuthenticator;
import dev.hearth.home.auth.ScopeAuthorizer;
import dev.hearth.home.adapter.in.cli.CheckScreensCommand;
import dev.hearth.home.adapter.in.cli.DbCommand;
import dev.hearth.home.adapter.in.cli.ListedCommands;
import dev.hearth.home.adapter.in.cli.PlanCommand;
import dev.hearth.home.adapter.in.cli.SandboxCommand;
import dev.hearth.home.adapter.in.cli.TokenCommand;
import dev.hearth.home.json.HearthJson;
import dev.hearth.home.adapter.in.admin.AdminMenuServlet;
import dev.hearth.home.adapter.in.admin.MigrationServlet;
import dev.hearth.home.observability.Observability;
import dev.hearth.home.resilience.SchedulerLag;
import dev.hearth.home.sandbox.SandboxServer;
import dev.hearth.home.trace.TraceRecorder;
import dev.hearth.home.adapter.in.admin.TracesServlet;
import dev.hearth.home.runtime.CallListeners;
import dev.hearth.home.runtime.ConfigReloader;
import dev.hearth.home.runtime.ConfigSource;
import dev.hearth.home.runtime.Downstreams;
import dev.hearth.home.wiring.HearthModule;
import dev.hearth.home.wiring.MigrationWiring;
import dev.hearth.home.observability.ResilienceMetrics;
import dev.hearth.home.runtime.ScreenListeners;
import dev.hearth.home.runtime.ScreenRuntime;
import dev.hearth.migrations.DatabaseMigrations;
import dev.hearth.ports.domain.model.CustomerId;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.Managed;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.LoggerFactory;

/** The composition root: reads the configuration, builds the object graph, registers it. Nothing else. */
public final class HomeApplication extends Application<HomeConfiguration> {
    /** Where the configuration was read from, so {@code POST /tasks/reload} can read it again. */
    private final ConfigSource configSource = new ConfigSource();

    /**
     * The JDK's poller mode for virtual threads' socket I/O. On Linux, JDK 25's default (2) passes a ready socket from a
     * platform "master" poller to a poller running on a virtual thread, which polls again before it wakes the thread
     * that waits for the answer. Mode 1 (the JDK 21 default) wakes that thread straight from a platform poller. With
     * 16 calls a home on two cores, mode 1 answered an idle home about 0.5 ms sooner at the median, for no more CPU
     * (docs/PERFORMANCE.md, "Waking threads"). A {@code -Djdk.pollerMode} on the command line wins. The property is
     * the JDK's implementation detail, so it is set only on the JDK it was measured on: a later one keeps its own
     * default until someone measures again.
     */
    static final String POLLER_MODE = "jdk.pollerMode";
    static final int POLLER_MODE_MEASURED_ON = 25;

    public static void main(String[] args) throws Exception {
        // Before any blocking I/O on a virtual thread: the JDK reads the property once.
        defaultPollerMode(System.getProperties(), Runtime.version().feature());
        new HomeApplication().run(args);
    }

    static void defaultPollerMode(Properties system, int jdk) {
        if (jdk == POLLER_MODE_MEASURED_ON) {
            system.putIfAbsent(POLLER_MODE, "1");
        }
    }

    @Override
    public String getName() {
        return "hearth";
    }

    @Override
    protected void addDefaultCommands(Bootstrap<HomeConfiguration> bootstrap) {
        ListedCommands.addDropwizardCommands(this, bootstrap);
    }

    @Override
    public void initialize(Bootstrap<HomeConfiguration> bootstrap) {
        HearthJson.configure(bootstrap.getObjectMapper());
        bootstrap.setConfigurationFactoryFactory(configSource);
        bootstrap.addCommand(new TokenCommand());
        bootstrap.addCommand(new SandboxCommand());
        bootstrap.addCommand(new DbCommand());
        bootstrap.addCommand(new CheckScreensCommand());
        bootstrap.addCommand(new PlanCommand());
    }

    @Override
    public void run(HomeConfiguration configuration, Environment environment) throws Exception {
        if (configuration.getServerFactory() instanceof AbstractServerFactory server) {
            server.setRegisterDefaultExceptionMappers(false);
        }
        Optional<SandboxServer> sandbox = startSandbox(configuration, environment);
        Jdbi jdbi = database(configuration, environment);
        Downstreams downstreams = new Downstreams(configuration.getDownstreams(), sandbox.map(SandboxServer::baseUri),
                environment.metrics());
        environment.lifecycle().manage(closing(downstreams));

        Injector injector = Guice.createInjector(new HearthModule(downstreams, jdbi, environment.getObjectMapper(),
                configuration.getPorts(), configuration.getEngine(), Path.of(configuration.getScreens()),
                configuration.getMigration().getFallbackWhenLateBy()));

        registerAuth(configuration, environment);
        environment.jersey().register(new RequestIdFilter());
        environment.jersey().register(new TraceContextFilter());
        environment.jersey().register(new QueryTokenFilter());
        ProblemExceptionMappers.all().forEach(environment.jersey()::register);
        SchedulerLag lag = injector.getInstance(SchedulerLag.class);
        environment.lifecycle().manage(closing(lag));
        MigrationWiring migration = MigrationWiring.build(configuration.getMigration(), jdbi, downstreams,
                injector.getInstance(ScreenService.class), environment.getObjectMapper(), environment.metrics(), lag);
        environment.lifecycle().manage(closing(migration));
        environment.jersey().register(new ScreenResource(injector.getInstance(ScreenService.class), migration.home()));
        environment.jersey().register(new OpenApiResource());
        if (injector.getInstance(ScreenBindings.DomainPorts.class).nickname() instanceof NicknameJdbiAdapter nicknames) {
            nicknames.warmUp();
            environment.lifecycle().manage(closing(nicknames));
        }
        ScreenRuntime runtime = injector.getInstance(ScreenRuntime.class);
        environment.admin().addTask(new ReloadTask(new ConfigReloader(configSource, runtime)));
        ResilienceMetrics.register(environment.metrics(), runtime, downstreams, lag);
        Observability.install(environment, runtime, injector.getInstance(CallListeners.class),
                injector.getInstance(ScreenListeners.class));
        environment.admin().addServlet("traces", new TracesServlet(injector.getInstance(TraceRecorder.class),
                environment.getObjectMapper())).addMapping(TracesServlet.MAPPINGS);

        environment.admin().addTask(new RolloutTask(migration.rollout()));
        environment.admin().addTask(new ShadowSamplingTask(migration.rollout()));
        environment.admin().addTask(new ShadowClearTask(migration.mismatches()));
        environment.admin().addServlet("migration", new MigrationServlet(migration.rollout(), migration.mismatches(),
                environment.metrics(), environment.getObjectMapper())).addMapping(MigrationServlet.MAPPINGS);
        environment.admin().addServlet("menu", new AdminMenuServlet()).addMapping(AdminMenuServlet.MAPPING);

        sandbox.ifPresent(server -> warmUp(injector.getInstance(ScreenService.class)));
        sandbox.ifPresent(server -> server.tasks().forEach(environment.admin()::addTask));
    }

    private static Optional<SandboxServer> startSandbox(HomeConfiguration configuration, Environment environment)
            throws Exception {
        if (!configuration.getSandbox().isEnabled()) {
            return Optional.empty();
        }
        SandboxServer sandbox = SandboxServer.start(configuration.getSandbox().settings());
        environment.lifecycle().manage(closing(sandbox));
        for (String port : sandbox.faults().portNames()) {
            environment.metrics().register("hearth.sandbox.calls." + port, (Gauge<Long>) () -> sandbox.calls(port));
        }
        return Optional.of(sandbox);
    }

    /** Migrates the schema before anything can use it, then hands out the Jdbi over the same pool. */
    private static Jdbi database(HomeConfiguration configuration, Environment environment) {
        ManagedDataSource dataSource = configuration.getDatabase().build(environment.metrics(), "database");
        DatabaseMigrations.migrate(dataSource);
        return new JdbiFactory().build(environment, configuration.getDatabase(), dataSource, "database");
    }

    private static void registerAuth(HomeConfiguration configuration, Environment environment) {
        environment.jersey().register(new AuthDynamicFeature(new OAuthCredentialAuthFilter.Builder<CustomerPrincipal>()
                .setAuthenticator(new JwtAuthenticator(configuration.getAuth()))
                .setAuthorizer(new ScopeAuthorizer())
                .setPrefix("Bearer")
                .setRealm("hearth")
                .setUnauthorizedHandler(new ProblemUnauthorizedHandler())
                .buildAuthFilter()));
        environment.jersey().register(RolesAllowedDynamicFeature.class);
        environment.jersey().register(new AuthValueFactoryProvider.Binder<>(CustomerPrincipal.class));
    }

    /**
     * Builds a demo customer's home once before the server takes traffic, so class loading and the first
     * connections are not paid inside the first real request's deadlines (cold, it missed them). Sandbox
     * only: in production a warm-up needs a synthetic customer the downstreams know.
     */
    private static void warmUp(ScreenService screens) {
        try {
            for (int i = 0; i < 2; i++) {
                screens.show(new ScreenQuery("home", new CustomerId("alice"), "warm-up-" + i, "warm-up", Map.of(),
                        Optional.empty()));
            }
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(HomeApplication.class).warn("Sandbox warm-up skipped: {}", e.getMessage());
        }
    }

    private static Managed closing(AutoCloseable resource) {
        return new Managed() {
            @Override
            public void stop() throws Exception {
                resource.close();
            }
        };
    }
}
