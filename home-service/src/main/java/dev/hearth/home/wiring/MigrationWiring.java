package dev.hearth.home.wiring;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.adapters.out.http.legacy.LegacyHomeHttpAdapter;
import dev.hearth.adapters.out.persistence.mismatch.MismatchJdbiAdapter;
import dev.hearth.adapters.out.persistence.rollout.RolloutJdbiAdapter;
import dev.hearth.home.adapter.in.rest.ScreenResponse;
import dev.hearth.home.application.ScreenService;
import dev.hearth.home.config.MigrationFactory;
import dev.hearth.home.migration.HomeMigration;
import dev.hearth.home.migration.MigrationMetrics;
import dev.hearth.home.migration.Rollout;
import dev.hearth.home.migration.ShadowBudget;
import dev.hearth.home.migration.ShadowComparison;
import dev.hearth.home.migration.compare.ResponseComparator;
import dev.hearth.home.resilience.SchedulerLag;
import dev.hearth.home.runtime.ClientTimeoutFit;
import dev.hearth.home.runtime.Downstreams;
import dev.hearth.ports.domain.model.RolloutSettings;
import dev.hearth.ports.domain.port.out.MismatchStorePort;
import dev.hearth.ports.domain.port.out.RolloutStorePort;
import java.time.Clock;
import java.time.Duration;
import org.apache.hc.core5.pool.PoolStats;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The migration off the legacy home, built from config.yml's {@code migration:} block. Close it to stop its threads. */
public record MigrationWiring(Rollout rollout, MismatchStorePort mismatches, ShadowComparison shadow, HomeMigration home)
        implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationWiring.class);
    /**
     * How long Hearth must have run late on every wake-up of the lag probe before new homes go to legacy: a standing
     * queue, not one GC pause (with 200 homes in flight on 1 s downstreams, a single pause reached 100 ms).
     */
    static final Duration OVERLOAD_WINDOW = Duration.ofMillis(500);

    public static MigrationWiring build(MigrationFactory config, Jdbi jdbi, Downstreams downstreams,
            ScreenService screens, ObjectMapper mapper, MetricRegistry metrics, SchedulerLag lag) {
        Clock clock = Clock.systemUTC();
        Rollout rollout = new Rollout(new RolloutJdbiAdapter(jdbi, clock), RolloutSettings.initial(config.getInitialPercent()),
                config.getPollInterval());
        metrics.register(MigrationMetrics.ROLLOUT_PERCENT,
                (Gauge<Double>) () -> rollout.current().percent().doubleValue());
        metrics.register(MigrationMetrics.ROLLOUT_REFRESH_FAILURES, (Gauge<Long>) rollout::refreshFailures);
        MismatchStorePort mismatches = new MismatchJdbiAdapter(jdbi, clock, config.getShadow().getKeepMismatches());
        ShadowComparison shadow = new ShadowComparison(() -> rollout.current().shadowRate(),
                new ShadowBudget(config.getShadow().getMaxInFlight(), config.getShadow().getMaxPerSecond(), clock),
                new ResponseComparator(config.getShadow().rules()), mismatches, metrics);
        var legacy = downstreams.adapter("legacy", LegacyHomeHttpAdapter::new, mapper);
        ClientTimeoutFit.legacy(config.getLegacyTimeout(), downstreams.deadline("legacy").limit())
                .ifPresent(warning -> LOG.warn("{}", warning));
        HomeMigration home = new HomeMigration(rollout::sideFor, screens, legacy, config.getLegacyTimeout(), shadow,
                result -> mapper.valueToTree(ScreenResponse.of(result)), mapper, metrics,
                () -> lag.standingInLast(OVERLOAD_WINDOW), config.getFallbackWhenLateBy(),
                () -> legacyHasRoom(downstreams.pool("legacy")));
        return new MigrationWiring(rollout, mismatches, shadow, home);
    }

    /** A free connection to legacy now: fewer leased (and waited for) than the pool holds. */
    static boolean legacyHasRoom(PoolStats pool) {
        return pool.getLeased() + pool.getPending() < pool.getMax();
    }

    @Override
    public void close() {
        shadow.close();
        rollout.close();
    }
}
