package dev.hearth.home.adapter.in.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.home.HomeApplication;
import dev.hearth.home.auth.CustomerPrincipal;
import dev.hearth.home.auth.JwtAuthenticator;
import dev.hearth.home.auth.VerificationKeys;
import dev.hearth.home.config.HomeConfiguration;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        Optional<CustomerPrincipal> principal = new JwtAuthenticator(config.getAuth(), VerificationKeys.of(config.getAuth())).authenticate(token);
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

    /** argparse4j lists a command's help, which Dropwizard leaves empty: the list named the commands and nothing else. */
    @ParameterizedTest
    @ValueSource(strings = {"", "-h", "--help"})
    void helpListsEveryCommandWithItsOneLineDescription(String flag) throws Exception {
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        new HomeApplication().run(flag.isEmpty() ? new String[0] : new String[] {flag}); // the jar's own start-up

        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        for (String command : List.of("server", "check", "token", "sandbox", "db", "check-screens", "plan")) {
            int at = IntStream.range(0, lines.size()).filter(i -> lines.get(i).matches(" +" + command + " {2,}\\S.*"))
                    .findFirst().orElseThrow(() -> new AssertionError(command + " is not listed with a description in:\n"
                            + String.join("\n", lines)));
            assertThat(lines.get(at + 1)).as("the line after %s's description (no wrapped second line)", command)
                    .matches(" {4}\\S.*|");
        }
    }

    /** It crashed reading the built-in defaults (migration.pollInterval: Duration from Number 1), with a stack trace. */
    @Test
    void tokenWithoutAConfigFileSaysInOneLineWhichFileItNeeds() throws Exception {
        Optional<Throwable> failure = run("token", "alice");

        assertThat(failure).isPresent();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEqualTo("token signs with sandbox.signingKey, which only "
                + "a config file has: run ./hearth token alice config.yml\n");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void dbMigrateCreatesTheSchemaAndIsIdempotent(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:" + dir.resolve("hearth") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        System.setProperty("dw.database.url", url);

        assertThat(run("db", "migrate", CONFIG)).isEmpty();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("9 migration(s) applied, schema at version 9");
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

    @Test
    void theSandboxCommandServesTheDownstreamsAndTakesFaultsOnItsOwnPort() throws Exception {
        Thread command = Thread.ofVirtual().start(() -> {
            try {
                run("sandbox", CONFIG);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        URI sandbox = URI.create(awaitStdout(Pattern.compile("serving at (\\S+) ")).group(1));
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI profile = sandbox.resolve("/core/customers/alice/profile");
            assertThat(send(http, profile, "GET").statusCode()).isEqualTo(200);

            HttpResponse<String> injected = send(http, sandbox.resolve("/tasks/sandbox-fault?port=profile&errorRate=1"), "POST");
            assertThat(injected.statusCode()).as(injected.body()).isEqualTo(200);
            assertThat(send(http, profile, "GET").statusCode()).isEqualTo(503);
            assertThat(send(http, sandbox.resolve("/core/customers/alice/accounts"), "GET").statusCode()).isEqualTo(200);

            assertThat(send(http, sandbox.resolve("/tasks/sandbox-reset"), "POST").statusCode()).isEqualTo(200);
            assertThat(send(http, profile, "GET").statusCode()).isEqualTo(200);

            command.interrupt();
            assertThat(command.join(Duration.ofSeconds(5))).as("the command stopped").isTrue();
        } finally {
            command.interrupt();
        }
        try (HttpClient fresh = HttpClient.newHttpClient()) {
            assertThatThrownBy(() -> send(fresh, sandbox.resolve("/core/customers/alice/profile"), "GET"))
                    .as("the stopped command closed its port").isInstanceOf(ConnectException.class);
        }
    }

    private Matcher awaitStdout(Pattern pattern) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            Matcher matcher = pattern.matcher(stdout.toString(StandardCharsets.UTF_8));
            if (matcher.find()) {
                return matcher;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + pattern + " on stdout within 10 s: " + stdout.toString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(HttpClient http, URI uri, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
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
