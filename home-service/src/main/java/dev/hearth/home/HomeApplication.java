package dev.hearth.home;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.hearth.home.adapter.in.cli.AdminHashCommand;
import dev.hearth.home.adapter.in.cli.CheckScreensCommand;
import dev.hearth.home.adapter.in.cli.DbCommand;
import dev.hearth.home.adapter.in.cli.ListedCommands;
import dev.hearth.home.adapter.in.cli.PlanCommand;
import dev.hearth.home.adapter.in.cli.SandboxCommand;
import dev.hearth.home.adapter.in.cli.TokenCommand;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.home.json.HearthJson;
import dev.hearth.home.observability.LogRedaction;
import dev.hearth.home.runtime.ConfigSource;
import dev.hearth.home.wiring.AdminModule;
import dev.hearth.home.wiring.DownstreamsModule;
import dev.hearth.home.wiring.DropwizardModule;
import dev.hearth.home.wiring.HealthModule;
import dev.hearth.home.wiring.ExperimentModule;
import dev.hearth.home.wiring.KillSwitchModule;
import dev.hearth.home.wiring.MigrationModule;
import dev.hearth.home.wiring.ObservabilityModule;
import dev.hearth.home.wiring.PersistenceModule;
import dev.hearth.home.wiring.Registrations;
import dev.hearth.home.wiring.ResilienceModule;
import dev.hearth.home.wiring.RestModule;
import dev.hearth.home.wiring.SandboxModule;
import dev.hearth.home.wiring.TracingModule;
import dev.hearth.home.wiring.ScreensModule;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The composition root: installs one Guice module per concern and registers what they built with Dropwizard. Nothing
 * else (docs/ARCHITECTURE.md).
 */
public class HomeApplication extends Application<HomeConfiguration> {
    /** Where the configuration was read from, so {@code POST /tasks/reload} can read it again. */
    private final ConfigSource configSource = new ConfigSource();
    private final List<Module> extraModules;

    public HomeApplication() {
        this(List.of());
    }

    /** With {@code extraModules} installed beside Hearth's own: how a test adds a port's registration and adapter. */
    protected HomeApplication(List<Module> extraModules) {
        this.extraModules = List.copyOf(extraModules);
    }

    /**
     * The JDK's poller mode for virtual threads' socket I/O: mode 1 (the JDK 21 default) wakes the waiting thread
     * straight from a platform poller, where JDK 25's default (2) polls twice (docs/adr/001-jdk-poller-mode.md).
     * A {@code -Djdk.pollerMode} on the command line wins. The property is the JDK's implementation detail, so it is
     * set only on the JDK it was measured on: a later one keeps its own default until someone measures again.
     */
    static final String POLLER_MODE = "jdk.pollerMode";
    static final int POLLER_MODE_MEASURED_ON = 25;

    static final String GUICE_BYTECODE = "guice_bytecode_gen_option";

    public static void main(String[] args) throws Exception {
        // Before any blocking I/O on a virtual thread: the JDK reads the property once.
        defaultPollerMode(System.getProperties(), Runtime.version().feature());
        // Before Guice's first class loads. Guice 7.0.0 defines generated classes through sun.misc.Unsafe, which
        // JDK 24+ warns about; Hearth intercepts no method, so Guice's reflection path does the same work without it.
        System.getProperties().putIfAbsent(GUICE_BYTECODE, "DISABLED");
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
        // ${VAR} and ${VAR:-default} in config.yml read the environment (secrets stay out of the file: the admin
        // password hash, downstream credentials); an unset ${VAR} without a default stops start-up.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(bootstrap.getConfigurationSourceProvider(),
                new EnvironmentVariableSubstitutor(true)));
        bootstrap.addCommand(new TokenCommand());
        bootstrap.addCommand(new SandboxCommand());
        bootstrap.addCommand(new DbCommand());
        bootstrap.addCommand(new CheckScreensCommand());
        bootstrap.addCommand(new PlanCommand());
        bootstrap.addCommand(new AdminHashCommand());
    }

    @Override
    public void run(HomeConfiguration configuration, Environment environment) {
        LogRedaction.install(); // after Dropwizard configured logging, before the server builds its request log
        LogRedaction.refuseUnredactedRequestLog(configuration.getServerFactory());
        if (configuration.getServerFactory() instanceof AbstractServerFactory server) {
            server.setRegisterDefaultExceptionMappers(false);
        }
        List<Module> modules = new ArrayList<>(List.of(new DropwizardModule(configuration, environment, configSource),
                new AdminModule(configuration.getAdminAccess(), configuration.getServerFactory()),
                SandboxModule.of(configuration.getSandbox()), new PersistenceModule(), new DownstreamsModule(),
                new ResilienceModule(), new ScreensModule(), new MigrationModule(), new ObservabilityModule(),
                new TracingModule(), new RestModule(), new HealthModule(configuration), new KillSwitchModule(),
                new ExperimentModule()));
        modules.addAll(extraModules);
        Injector injector;
        try {
            injector = Guice.createInjector(Stage.PRODUCTION, modules);
        } catch (CreationException e) {
            throw startUpFailure(e);
        }
        injector.getInstance(Registrations.class).registerWith(environment);
    }

    /**
     * What stopped start-up, as its own exception: a bad screen file or config value reads as
     * {@code file:line: problem}, not as Guice's report of every object that needed the one that failed.
     */
    static RuntimeException startUpFailure(CreationException e) {
        Map<String, Throwable> causes = new LinkedHashMap<>(); // one failure reaches Guice once per object needing it
        e.getErrorMessages().forEach(message -> causes.putIfAbsent(String.valueOf(message.getCause()), message.getCause()));
        if (causes.size() == 1 && causes.values().iterator().next() instanceof RuntimeException cause) {
            return cause;
        }
        return e;
    }
}
