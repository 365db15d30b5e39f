package dev.hearth.migrations;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings Hearth's database schema up to date with Flyway, from the SQL scripts packaged under
 * {@code classpath:db/migration} ({@code V1__account_nickname.sql}, ...). The same scripts run on
 * PostgreSQL and on H2 in PostgreSQL mode.
 *
 * <p>Called at start-up and by the {@code db migrate} command. Migrating an up-to-date database does
 * nothing. Already-applied scripts are validated (an edited script fails the migration). A database
 * migrated by a newer Hearth than this one is refused with {@link SchemaNewerThanCodeException}
 * rather than silently accepted, which is Flyway's default.
 */
public final class DatabaseMigrations {
    /** Where the migration scripts live; this module's jar carries them. */
    public static final String LOCATION = "classpath:db/migration";

    private DatabaseMigrations() {
    }

    /**
     * Applies every pending migration to {@code dataSource}.
     *
     * @return what Flyway did; {@code migrationsExecuted} is 0 when the schema was already current
     * @throws SchemaNewerThanCodeException when the database holds migrations this build does not know
     * @throws org.flywaydb.core.api.FlywayException when a migration fails or an applied one was changed
     */
    public static MigrateResult migrate(DataSource dataSource) {
        return migrate(dataSource, LOCATION);
    }

    /** {@link #migrate(DataSource)} from other locations; for tests that simulate another build. */
    static MigrateResult migrate(DataSource dataSource, String... locations) {
        Objects.requireNonNull(dataSource, "dataSource");
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(locations)
                .failOnMissingLocations(true)
                .validateOnMigrate(true)
                .load();
        refuseFutureMigrations(flyway, String.join(", ", locations));
        return flyway.migrate();
    }

    private static void refuseFutureMigrations(Flyway flyway, String location) {
        MigrationInfo[] future = Arrays.stream(flyway.info().applied())
                .filter(info -> info.getState() == MigrationState.FUTURE_SUCCESS
                        || info.getState() == MigrationState.FUTURE_FAILED)
                .toArray(MigrationInfo[]::new);
        if (future.length == 0) {
            return;
        }
        MigrationInfo latestKnown = Arrays.stream(flyway.info().all())
                .filter(info -> info.getState().isResolved() && info.getVersion() != null)
                .reduce((first, second) -> second)
                .orElse(null);
        String unknown = Arrays.stream(future)
                .map(info -> info.getVersion() + " (" + info.getDescription() + ")")
                .collect(Collectors.joining(", "));
        throw new SchemaNewerThanCodeException("The database schema is newer than this build of Hearth: it has "
                + "migration(s) " + unknown + " applied, but this build only knows up to version "
                + (latestKnown == null ? "none" : latestKnown.getVersion()) + " in " + location + ". "
                + "Deploy the Hearth version that migrated this database (or a newer one); do not run an older "
                + "build against it.");
    }

    /** The database was migrated by a newer Hearth than the one running; nothing was changed. */
    public static final class SchemaNewerThanCodeException extends IllegalStateException {
        SchemaNewerThanCodeException(String message) {
            super(message);
        }
    }
}
