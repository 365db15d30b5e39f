package dev.hearth.home.observability;

import static dev.hearth.home.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import dev.hearth.ports.domain.model.Side;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No token reaches a log: not the request log (two appenders, Dropwizard's default format and one that prints every
 * converter able to show a token; {@code %fullRequest} fails in logback-access 2.0 behind Dropwizard's async
 * appender, redacted all the same), not Apache HttpClient's header and wire logs at DEBUG while a home is routed to
 * legacy with the customer's bearer token.
 */
class LogRedactionIT {
    static final Path LOGS = tempDir();
    static final Path DEFAULT_FORMAT = LOGS.resolve("requests.log");
    static final Path EVERY_CONVERTER = LOGS.resolve("requests-custom.log");

    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig().edit(config -> config.replace("  adminConnectors:\n", """
              requestLog:
                appenders:
                  - type: file
                    currentLogFilename: %s
                    archive: false
                  - type: file
                    currentLogFilename: %s
                    archive: false
                    logFormat: "%%r|%%requestURL|%%q|%%queryString|%%reqParameter{access_token}|%%i{Authorization}|%%header{Cookie}|%%i{User-Agent}"
              adminConnectors:
            """.formatted(DEFAULT_FORMAT, EVERY_CONVERTER)));

    @AfterAll
    static void removeTheLogs() throws IOException {
        try (Stream<Path> files = Files.list(LOGS)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(LOGS);
    }

    @AfterEach
    void backToHearthAndQuiet() {
        APP.task("rollout", Map.of("percent", "100"));
        APP.task("log-level", Map.of("logger", "org.apache.hc.client5.http.headers"));
        APP.task("log-level", Map.of("logger", "org.apache.hc.client5.http.wire"));
    }

    @Test
    void aTokenInTheQueryStringIsRedactedInEveryRequestLogAppender() {
        String token = APP.token("alice");
        String signature = signature(token);
        HttpResponse<String> refused = APP.get("/v1/home?screen=x&ACCESS_TOKEN=" + token + "&id_token=" + token
                + "&code=" + signature + "&access_token=" + token, "alice", Map.of("Cookie", "session=" + signature));
        assertThat(refused.statusCode()).isEqualTo(400);

        awaitTrue("both request logs wrote the refused request", Duration.ofSeconds(10),
                () -> read(DEFAULT_FORMAT).contains("screen=x") && read(EVERY_CONVERTER).contains("screen=x"));
        for (Path log : List.of(DEFAULT_FORMAT, EVERY_CONVERTER)) {
            String text = read(log);
            assertThat(text).as(log.toString()).doesNotContain(signature)
                    .contains("?screen=x&ACCESS_TOKEN=REDACTED&id_token=REDACTED&code=REDACTED&access_token=REDACTED");
        }
        assertThat(read(EVERY_CONVERTER)).as("%%reqParameter, %%i and %%header; other headers as they were")
                .contains("|REDACTED|REDACTED|REDACTED|Java-http-client");
    }

    @Test
    void theCustomersBearerTokenForwardedToLegacyIsRedactedInHttpClientsDebugLogs() {
        String token = APP.token("bob");
        APP.task("rollout", Map.of("percent", "0"));
        // As ops would: raised at run time through the admin task, after the redaction was installed.
        APP.task("log-level", Map.of("logger", "org.apache.hc.client5.http.headers", "level", "DEBUG"));
        APP.task("log-level", Map.of("logger", "org.apache.hc.client5.http.wire", "level", "DEBUG"));

        List<CapturedLogs.Line> lines;
        try (CapturedLogs logs = CapturedLogs.start(Map.of())) {
            HttpResponse<String> home = APP.get("/v1/home", token);
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(Http.header(home, Side.HEADER)).isEqualTo("legacy");
            lines = logs.lines();
        }

        List<CapturedLogs.Line> headers = lines.stream()
                .filter(line -> line.logger().equals("org.apache.hc.client5.http.headers")).toList();
        assertThat(headers).as("HttpClient logged the request's headers at DEBUG").isNotEmpty()
                .anySatisfy(line -> assertThat(line.text()).containsIgnoringCase("Authorization: REDACTED"));
        assertThat(lines.stream().filter(line -> line.logger().equals("org.apache.hc.client5.http.wire")))
                .as("and its wire").anySatisfy(line -> assertThat(line.text()).containsIgnoringCase("Authorization: REDACTED"));
        assertThat(lines).allSatisfy(line -> assertThat(line.text()).doesNotContain(signature(token)));
        assertThat(read(DEFAULT_FORMAT) + read(EVERY_CONVERTER)).doesNotContain(signature(token));
    }

    @Test
    void theRedactionHoldsWhenTheClientLoggersAreRaisedInProcessToo() {
        String token = APP.token("carol");
        APP.task("rollout", Map.of("percent", "0"));
        List<CapturedLogs.Line> lines;
        try (CapturedLogs logs = CapturedLogs.start(Map.of("org.apache.hc", Level.TRACE))) {
            assertThat(APP.get("/v1/home", token).statusCode()).isEqualTo(200);
            lines = logs.lines();
        }
        assertThat(lines).anySatisfy(line -> assertThat(line.text()).containsIgnoringCase("Authorization: REDACTED"));
        assertThat(lines).allSatisfy(line -> assertThat(line.text()).doesNotContain(signature(token)));
    }

    /** The part of a JWT that no other log text shares. */
    static String signature(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("hearth-request-log-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
