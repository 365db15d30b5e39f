package dev.hearth.home.observability;

import static dev.hearth.home.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hearth.home.HomeApplication;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.home.testing.HearthApp;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code layout: {type: json}} on a logging appender: {@code check} accepts it, and every line written is JSON with the MDC. */
class JsonLogLayoutIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REQUEST_ID = "json-log-it-7";

    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig().edit(config -> config.replace("logging:\n  level: WARN\n", """
            logging:
              level: WARN
              appenders:
                - type: file
                  currentLogFilename: %s
                  archive: false
                  layout:
                    type: json
            """.formatted(logFile()))); // the edit runs at start, when the app's temp dir exists

    @AfterEach
    void reset() {
        APP.sandboxReset();
    }

    @Test
    void theConfigWithTheJsonLayoutPassesCheck() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        Optional<Throwable> failure;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            HomeApplication application = new HomeApplication();
            Bootstrap<HomeConfiguration> bootstrap = new Bootstrap<>(application);
            bootstrap.addCommand(new CheckCommand<>(application));
            application.initialize(bootstrap);
            failure = new Cli(new JarLocation(HomeApplication.class), bootstrap, System.out,
                    new PrintStream(err, true, StandardCharsets.UTF_8)).run("check", APP.configFile().toString());
        } finally {
            System.setOut(stdout);
        }
        assertThat(failure).as("check: %s %s", out, err).isEmpty(); // without json logging: "no such type"
    }

    @Test
    void everyLineIsJsonAndALineLoggedForARequestCarriesItsRequestTraceAndSpanIds() {
        APP.sandboxFault("balance", "errorRate", "1");
        assertThat(APP.get("/v1/home", "alice", Map.of("X-Request-Id", REQUEST_ID)).statusCode()).isEqualTo(200);

        awaitTrue("a line of the request in " + logFile(), Duration.ofSeconds(10),
                () -> read().contains(REQUEST_ID));
        List<JsonNode> lines = read().lines().map(JsonLogLayoutIT::parse).toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line.has("level") && line.has("message")).isTrue());
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.path("mdc").path("requestId").asText()).isEqualTo(REQUEST_ID);
            assertThat(line.path("mdc").path("traceId").asText()).matches("[0-9a-f]{32}");
            assertThat(line.path("mdc").path("spanId").asText()).matches("[0-9a-f]{16}");
        });
    }

    @Test
    void theShippedTextFormatPrintsTheTraceAndSpanIds() throws IOException {
        JsonNode appender = new ObjectMapper(new YAMLFactory()).readTree(Path.of("../config.yml").toFile())
                .path("logging").path("appenders").get(0);
        assertThat(appender.path("layout").isMissingNode()).as("the shipped config keeps the text format").isTrue();
        assertThat(appender.path("logFormat").asText()).contains("%X{requestId}", "%X{traceId}", "%X{spanId}");
    }

    static Path logFile() {
        return APP.dir().resolve("hearth.json.log");
    }

    static String read() {
        try {
            return Files.exists(logFile()) ? Files.readString(logFile()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
