package dev.hearth.home.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.hearth.adapters.out.persistence.lease.MigrationLeaseJdbiAdapter;
import dev.hearth.adapters.out.persistence.figures.MigrationFiguresJdbiAdapter;
import dev.hearth.adapters.out.persistence.mismatch.MismatchJdbiAdapter;
import dev.hearth.adapters.out.persistence.plan.RolloutPlanJdbiAdapter;
import dev.hearth.adapters.out.persistence.nickname.NicknameJdbiAdapter;
import dev.hearth.adapters.out.persistence.rollout.RolloutJdbiAdapter;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.home.config.MigrationFactory;
import dev.hearth.migrations.DatabaseMigrations;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.NicknamePort;
import dev.hearth.ports.domain.port.out.MigrationFiguresPort;
import dev.hearth.ports.domain.port.out.MigrationLeasePort;
import dev.hearth.ports.domain.port.out.MismatchStorePort;
import dev.hearth.ports.domain.port.out.RolloutPlanStorePort;
import dev.hearth.ports.domain.port.out.RolloutStorePort;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.Managed;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/** Hearth's own database: the schema migrated at start-up, and the stores behind the nickname, rollout, mismatch and migration figures ports. */
public final class PersistenceModule extends AbstractModule {
    /** Migrates the schema before anything can use it, then hands out the Jdbi over the same pool. */
    @Provides
    @Singleton
    Jdbi jdbi(HomeConfiguration configuration, Environment environment) {
        ManagedDataSource dataSource = configuration.getDatabase().build(environment.metrics(), "database");
        DatabaseMigrations.migrate(dataSource);
        return new JdbiFactory().build(environment, configuration.getDatabase(), dataSource, "database");
    }

    /** Its first query and thread start are paid here, not inside the first home's deadlines. */
    @Provides
    @Singleton
    NicknameJdbiAdapter nicknames(Jdbi jdbi) throws DownstreamException {
        NicknameJdbiAdapter nicknames = new NicknameJdbiAdapter(jdbi);
        nicknames.warmUp();
        return nicknames;
    }

    @Provides
    NicknamePort nicknamePort(NicknameJdbiAdapter nicknames) {
        return nicknames;
    }

    @ProvidesIntoSet
    Managed closeNicknames(NicknameJdbiAdapter nicknames) {
        return Bindings.closing(nicknames);
    }

    @Provides
    @Singleton
    RolloutStorePort rollouts(Jdbi jdbi, Clock clock) {
        return new RolloutJdbiAdapter(jdbi, clock);
    }

    @Provides
    @Singleton
    RolloutPlanStorePort rolloutPlans(Jdbi jdbi) {
        return new RolloutPlanJdbiAdapter(jdbi);
    }

    @Provides
    @Singleton
    MigrationLeasePort leases(Jdbi jdbi, Clock clock) {
        return new MigrationLeaseJdbiAdapter(jdbi, clock);
    }

    @Provides
    @Singleton
    MismatchStorePort mismatches(Jdbi jdbi, Clock clock, MigrationFactory migration) {
        return new MismatchJdbiAdapter(jdbi, clock, migration.getShadow().getKeepMismatches());
    }

    /** The fleet's migration figures (V6): every instance's tallies, summed over a window. */
    @Provides
    @Singleton
    MigrationFiguresPort migrationFigures(Jdbi jdbi) {
        return new MigrationFiguresJdbiAdapter(jdbi);
    }
}
