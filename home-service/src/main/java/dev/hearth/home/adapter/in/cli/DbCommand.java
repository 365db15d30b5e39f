package dev.hearth.home.adapter.in.cli;

import com.codahale.metrics.MetricRegistry;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.migrations.DatabaseMigrations;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/** {@code db migrate [config.yml]}: applies the schema migrations to the configured database and exits. */
public final class DbCommand extends ConfiguredCommand<HomeConfiguration> {
    public DbCommand() {
        super("db", "db migrate: applies pending schema migrations");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("action").choices("migrate").help("what to do: migrate");
        super.configure(subparser);
        ListedCommands.listed(subparser, this);
    }

    @Override
    protected void run(Bootstrap<HomeConfiguration> bootstrap, Namespace namespace, HomeConfiguration configuration)
            throws Exception {
        ManagedDataSource dataSource = configuration.getDatabase().build(new MetricRegistry(), "migrations");
        try {
            var result = DatabaseMigrations.migrate(dataSource);
            System.out.println("Database migrated: " + result.migrationsExecuted + " migration(s) applied, schema at version "
                    + result.targetSchemaVersion);
        } finally {
            dataSource.stop();
        }
    }
}
