package dev.hearth.home.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.home.HomeApplication;
import dev.hearth.home.HomeConfiguration;
import dev.hearth.home.auth.CustomerPrincipal;
import dev.hearth.home.auth.JwtAuthenticator;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's commands, run through Dropwizard's real command line (without System.exit). */
class CommandsIT {
    static final String CONFIG = ResourceHelpers.resourceFilePath("test-config.yml");

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream originalOut = System.out;

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.clearProperty("dw.sandbox.enabled");
        System.clearProperty("dw.database.url");
    }

    @Test
    void tokenPrintsABearerTokenTheServiceAccepts() throws Exception {
        Optional<Throwable> failure = run("token", "carol", CONFIG);

        assertThat(failure).isEmpty();
        String token = stdout.toString(StandardCharsets.UTF_8).trim();
        HomeConfiguration config = new YamlConfigurationFactory<>(HomeConfiguration.class, null,
                Jackson.newObjectMapper(), "dw").build(new File(CONFIG));
        Optional<CustomerPrincipal> principal = new JwtAuthenticator(config.getAuth()).authenticate(token);
        assertThat(principal).map(p -> p.customerId().value()).contains("carol");
        assertThat(principal.orElseThrow().scopes()).contains("home:read");
    }

    @Test
    void tokenRefusesWhenTheSandboxIsOff() throws Exception {
        System.setProperty("dw.sandbox.enabled", "false");

        Optional<Throwable> failure = run("token", "alice", CONFIG);

        assertThat(failure).get().extracting(Throwable::getMessage).asString().contains("sandbox.enabled is false");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).doesNotContain("eyJ");
    }

    @Test
    void dbMigrateCreatesTheSchemaAndIsIdempotent(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:" + dir.resolve("hearth") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        System.setProperty("dw.database.url", url);

        assertThat(run("db", "migrate", CONFIG)).isEmpty();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("2 migration(s) applied, schema at version 2");
        assertThat(run("db", "migrate", CONFIG)).isEmpty();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("0 migration(s) applied");

        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                ResultSet tables = connection.getMetaData().getTables(null, null, "account_nickname", null)) {
            assertThat(tables.next()).isTrue();
        }
    }

    @Test
    void dbRejectsAnUnknownAction() throws Exception {
        Optional<Throwable> failure = run("db", "drop", CONFIG);

        assertThat(failure).isPresent();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("migrate");
    }

    private Optional<Throwable> run(String... args) throws Exception {
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        HomeApplication application = new HomeApplication();
        Bootstrap<HomeConfiguration> bootstrap = new Bootstrap<>(application);
        bootstrap.addCommand(new CheckCommand<>(application));
        application.initialize(bootstrap);
        Cli cli = new Cli(new JarLocation(HomeApplication.class), bootstrap, System.out,
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        return cli.run(args);
    }
}
