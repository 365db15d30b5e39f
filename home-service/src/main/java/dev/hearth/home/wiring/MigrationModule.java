package dev.hearth.home.wiring;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.MetricSet;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.hearth.home.adapter.in.admin.MigrationServlet;
import dev.hearth.home.adapter.in.admin.RolloutPlanStateTask;
import dev.hearth.home.adapter.in.admin.RolloutPlanTask;
import dev.hearth.home.adapter.in.admin.RolloutTask;
import dev.hearth.home.adapter.in.admin.ShadowClearTask;
import dev.hearth.home.adapter.in.admin.ShadowSamplingTask;
import dev.hearth.home.adapter.in.rest.ScreenResponse;
import dev.hearth.home.application.port.in.ServeHomeUseCase;
import dev.hearth.home.application.port.in.ShowScreenUseCase;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.home.config.MigrationFactory;
import dev.hearth.home.migration.FleetFigures;
import dev.hearth.home.migration.HomeMigration;
import dev.hearth.home.migration.MigrationTallies;
import dev.hearth.home.migration.MigrationMetrics;
import dev.hearth.home.migration.MismatchRetention;
import dev.hearth.home.migration.ProtectedMismatches;
import dev.hearth.home.migration.Rollout;
import dev.hearth.home.migration.ShadowBudget;
import dev.hearth.home.migration.ShadowComparison;
import dev.hearth.home.migration.compare.ResponseComparator;
import dev.hearth.home.migration.plan.AutoRollbackPolicy;
import dev.hearth.home.migration.plan.Autopilot;
import dev.hearth.home.migration.plan.RolloutPlans;
import dev.hearth.home.migration.compare.SensitiveValues;
import dev.hearth.home.resilience.SchedulerLag;
import dev.hearth.home.runtime.ClientTimeoutFit;
import dev.hearth.home.runtime.Downstreams;
import dev.hearth.home.trace.TracedLegacyHome;
import dev.hearth.home.trace.Tracing;
import dev.hearth.ports.domain.model.RolloutSettings;
import dev.hearth.ports.domain.port.out.LoadLegacyHomePort;
import dev.hearth.ports.domain.port.out.MigrationFiguresPort;
import dev.hearth.ports.domain.port.out.MigrationLeasePort;
import dev.hearth.ports.domain.port.out.MismatchStorePort;
import dev.hearth.ports.domain.port.out.RolloutPlanStorePort;
import dev.hearth.ports.domain.port.out.RolloutStorePort;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.servlets.tasks.Task;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.core5.pool.PoolStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The move off the legacy home, from config.yml's {@code migration:} block: the rollout every instance follows, the
 * shadow comparison, the home's routing with its fallback to legacy, and their admin tasks and page.
 */
public final class MigrationModule extends AbstractModule {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationModule.class);
    /**
     * How long Hearth must have run late on every wake-up of the lag probe before new homes go to legacy: a standing
     * queue, not one GC pause (with 200 homes in flight on 1 s downstreams, a single pause reached 100 ms).
     */
    static final Duration OVERLOAD_WINDOW = Duration.ofMillis(500);

    @Override
    protected void configure() {
        bind(ServeHomeUseCase.class).to(HomeMigration.class);
        Bindings.tasks(binder()).addBinding().to(RolloutTask.class);
        Bindings.tasks(binder()).addBinding().to(ShadowSamplingTask.class);
        Bindings.tasks(binder()).addBinding().to(ShadowClearTask.class);
        Bindings.tasks(binder()).addBinding().to(RolloutPlanTask.class);
    }

    @Provides
    @Singleton
    Rollout rollout(RolloutStorePort store, MigrationFactory config, Clock clock, MetricRegistry metrics) {
        return new Rollout(store, RolloutSettings.initial(config.getInitialPercent()), config.getPollInterval(), clock,
                metrics);
    }

    @ProvidesIntoSet
    MetricSet rolloutMetrics(Rollout rollout) {
        Map<String, Metric> gauges = Map.of(
                MigrationMetrics.ROLLOUT_PERCENT, (Gauge<Double>) () -> rollout.current().percent().doubleValue(),
                MigrationMetrics.ROLLOUT_REFRESH_FAILURES, (Gauge<Long>) rollout::refreshFailures);
        return () -> gauges;
    }

    /** What stands for personal data in stored mismatches; refuses to start without a key unless the sandbox is on. */
    @Provides
    @Singleton
    SensitiveValues sensitiveValues(MigrationFactory config, HomeConfiguration configuration) {
        MigrationFactory.Shadow shadow = config.getShadow();
        SensitiveValues values = shadow.sensitiveValues(configuration.getSandbox().isEnabled());
        if (shadow.isMismatchKeyRandom()) {
            LOG.info("migration.shadow.mismatchKey is not set: the sandbox is on, so stored mismatches are hashed under "
                    + "a random key of this start (hashes from another start or instance do not compare). Set "
                    + "HEARTH_MISMATCH_KEY outside the sandbox.");
        }
        return values;
    }

    @Provides
    @Singleton
    MismatchRetention mismatchRetention(MismatchStorePort mismatches, Clock clock, MigrationFactory config) {
        return new MismatchRetention(mismatches, clock, config.getShadow().getKeepMismatchesFor());
    }

    /** Deletes expired mismatches every minute while the application runs. */
    @ProvidesIntoSet
    Managed mismatchRetentionLifecycle(MismatchRetention retention) {
        return new Managed() {
            @Override
            public void start() {
                retention.start();
            }

            @Override
            public void stop() {
                retention.close();
            }
        };
    }

    @Provides
    @Singleton
    ShadowComparison shadow(Rollout rollout, MigrationFactory config, Clock clock, MismatchStorePort store,
            SensitiveValues sensitive, MetricRegistry metrics, MigrationTallies tallies) {
        MismatchStorePort mismatches = new ProtectedMismatches(store, sensitive);
        MigrationFactory.Shadow shadow = config.getShadow();
        ShadowBudget.FleetShare share = ShadowBudget.FleetShare.of(shadow.getMaxInFlight(), shadow.getMaxPerSecond(),
                shadow.getFleetSize());
        if (shadow.getFleetSize() > 1) {
            LOG.info("Shadow budget: this instance's share of the fleet's ({} instances, {} at once, {}/s) is {} at once, "
                    + "{}/s", shadow.getFleetSize(), shadow.getMaxInFlight(), shadow.getMaxPerSecond(),
                    share.maxInFlight(), String.format(Locale.ROOT, "%.3f", share.perSecond()));
        }
        return new ShadowComparison(() -> rollout.current().shadowRate(), new ShadowBudget(share, clock),
                new ResponseComparator(config.getShadow().rules()), mismatches, metrics, tallies);
    }

    /** Stops the shadow comparisons, then the rollout's polling. */
    @ProvidesIntoSet
    Managed stopMigration(ShadowComparison shadow, Rollout rollout) {
        return new Managed() {
            @Override
            public void stop() {
                shadow.close();
                rollout.close();
            }
        };
    }

    @Provides
    @Singleton
    HomeMigration home(Rollout rollout, ShowScreenUseCase screens, LoadLegacyHomePort untraced, Tracing tracing,
            MigrationFactory config, ShadowComparison shadow, ObjectMapper mapper, MetricRegistry metrics,
            SchedulerLag lag, Downstreams downstreams, MigrationTallies tallies) {
        LoadLegacyHomePort legacy = new TracedLegacyHome(untraced, tracing);
        ClientTimeoutFit.legacy(config.getLegacyTimeout(), downstreams.deadline("legacy").limit())
                .ifPresent(warning -> LOG.warn("{}", warning));
        return new HomeMigration(rollout::sideFor, screens, legacy, config.getLegacyTimeout(), shadow,
                result -> mapper.valueToTree(ScreenResponse.of(result)), mapper, metrics,
                () -> lag.standingInLast(OVERLOAD_WINDOW), config.getFallbackWhenLateBy(),
                () -> legacyHasRoom(downstreams.pool("legacy")), tallies);
    }

    @ProvidesIntoSet
    AdminPage page(MigrationServlet servlet) {
        return new AdminPage("migration", servlet, MigrationServlet.MAPPINGS);
    }

    /** A free connection to legacy now: fewer leased (and waited for) than the pool holds. */
    static boolean legacyHasRoom(PoolStats pool) {
        return pool.getLeased() + pool.getPending() < pool.getMax();
    }

    /** This instance's counts for the fleet's figures, added to the database every {@code migration.tallyInterval}. */
    @Provides
    @Singleton
    MigrationTallies migrationTallies(MigrationFiguresPort store, Clock clock, MigrationFactory config) {
        MigrationTallies tallies = new MigrationTallies(store, clock, instanceName(), config.getTallyInterval(),
                config.getKeepTalliesFor());
        LOG.info("Migration figures: this instance adds its counts as '{}' every {} (kept for {})", tallies.instance(),
                config.getTallyInterval(), config.getKeepTalliesFor());
        return tallies;
    }

    /** Flushes the tallies every interval while the application runs, and once more at stop. */
    @ProvidesIntoSet
    Managed migrationTalliesLifecycle(MigrationTallies tallies) {
        return new Managed() {
            @Override
            public void start() {
                tallies.start();
            }

            @Override
            public void stop() {
                tallies.close();
            }
        };
    }

    @Provides
    @Singleton
    FleetFigures fleetFigures(MigrationFiguresPort store, Clock clock, MigrationFactory config) {
        return new FleetFigures(store, clock, config.getAutoRollback().getWindow());
    }

    @ProvidesIntoSet
    MetricSet talliesMetrics(MigrationTallies tallies) {
        Map<String, Metric> gauges = Map.of(
                MigrationMetrics.TALLY_FLUSH_FAILURES, (Gauge<Long>) tallies::flushFailures,
                MigrationMetrics.TALLIES_PENDING, (Gauge<Integer>) tallies::pending);
        return () -> gauges;
    }

    /** The host name and a short random id of this start: unique in the fleet, also across restarts on one host. */
    static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        byte[] start = new byte[3];
        new SecureRandom().nextBytes(start);
        String name = host + " " + HexFormat.of().formatHex(start);
        return name.length() <= 200 ? name : name.substring(name.length() - 200);
    }

    @Provides
    @Singleton
    RolloutPlans rolloutPlans(RolloutPlanStorePort store, Clock clock) {
        return new RolloutPlans(store, clock);
    }

    /**
     * Every instance runs one, named as its tallies are; the holder of the lease drives the plan and the automatic
     * rollback on the fleet's figures (ADR 026).
     */
    @Provides
    @Singleton
    Autopilot autopilot(MigrationLeasePort lease, RolloutPlanStorePort plans, Rollout rollout, FleetFigures fleet,
            MigrationTallies tallies, MigrationFactory config, Clock clock) {
        MigrationFactory.AutoRollback auto = config.getAutoRollback();
        return new Autopilot(tallies.instance(), lease, config.getPlan().getLeaseTtl(), plans, rollout, fleet::since,
                new AutoRollbackPolicy(auto.isEnabled(), auto.getWindow(), auto.gates()), clock);
    }

    /** Tries the lease every second from start; gives it up at stop (before the rollout and the database close). */
    @ProvidesIntoSet
    Managed autopilotLifecycle(Autopilot autopilot) {
        return new Managed() {
            @Override
            public void start() {
                autopilot.start(Duration.ofSeconds(1));
            }

            @Override
            public void stop() {
                autopilot.close();
            }
        };
    }

    @ProvidesIntoSet
    Task pausePlan(RolloutPlans plans) {
        return new RolloutPlanStateTask(plans, RolloutPlanStateTask.Action.PAUSE);
    }

    @ProvidesIntoSet
    Task resumePlan(RolloutPlans plans) {
        return new RolloutPlanStateTask(plans, RolloutPlanStateTask.Action.RESUME);
    }

    @ProvidesIntoSet
    Task abortPlan(RolloutPlans plans) {
        return new RolloutPlanStateTask(plans, RolloutPlanStateTask.Action.ABORT);
    }
}
