package dev.hearth.home.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.hearth.home.observability.PrometheusText.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.hearth.home.HomeApplication;
import dev.hearth.home.auth.TokenIssuer;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.home.observability.MetricNames;
import dev.hearth.home.observability.ResilienceMetrics;
import dev.hearth.ports.domain.model.CustomerId;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of downstream fault, against the whole application: marketing (the optional banners
 * section) and core banking (the required profile section) are real WireMock servers that pass
 * everything through to the sandbox except the one endpoint under test; every other downstream is the
 * sandbox. Each cell checks the section's status and reason, that the answer came within the home
 * screen's budget plus a generous margin, and that afterwards nothing of the request still runs: no
 * port call in flight and no connection leased from either pool.
 *
 * <p>Each app is started from a config file written from test-config.yml (no {@code dw.*} overrides:
 * they are JVM-wide system properties, and the reload test must re-read exactly the file).
 */
class FaultMatrixIT {
    static final ObjectMapper JSON = new ObjectMapper();
    /** screens/home.yml's budget; answers must come within it plus MARGIN (generous: a loaded 2-core CI box). */
    static final Duration BUDGET = Duration.ofMillis(800);
    static final Duration MARGIN = Duration.ofMillis(2000);
    static final String BANNERS = "/marketing/customers/alice/banners";
    static final String PROFILE = "/core/customers/alice/profile";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int sandboxPort;
    static Downstream marketing;
    static Downstream core;

    /** A WireMock server on a fixed port, so it can be stopped (connection refused) and started again. */
    static final class Downstream {
        final int port = freePort();
        WireMockServer server;

        void start() {
            server = new WireMockServer(options().bindAddress("127.0.0.1").port(port).containerThreads(64));
            server.start();
            server.stubFor(any(anyUrl()).atPriority(100)
                    .willReturn(aResponse().proxiedFrom("http://127.0.0.1:" + sandboxPort)));
        }

        /**
         * Starts the server again after a CONNECTION_REFUSED cell, and sends it one request through the sandbox proxy,
         * so that the next cell's timed call is not the first a cold WireMock answers: on a slow machine that first
         * request took longer than the banners' 250 ms timeout (a CONNECTION_RESET reported as TIMEOUT).
         */
        void restartIfStopped() {
            if (!server.isRunning()) {
                start();
                send(HttpRequest.newBuilder(URI.create(url() + "/warm-up")).build());
            }
        }

        void reset() {
            restartIfStopped();
            server.resetAll();
            server.stubFor(any(anyUrl()).atPriority(100)
                    .willReturn(aResponse().proxiedFrom("http://127.0.0.1:" + sandboxPort)));
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        int requests(String path) {
            return server.countRequestsMatching(getRequestedFor(urlPathEqualTo(path)).build()).getCount();
        }
    }

    @BeforeAll
    static void downstreams() {
        sandboxPort = freePort();
        marketing = new Downstream();
        core = new Downstream();
        marketing.start();
        core.start();
    }

    @AfterAll
    static void stopDownstreams() {
        Stream.of(marketing, core).forEach(d -> d.server.stop());
    }

    /** The cells: what the downstream does, and the reason the section must report ("OK" for none). */
    enum Cell {
        LATENCY_UNDER_DEADLINE("OK"),
        LATENCY_OVER_DEADLINE("TIMEOUT"),
        HANG("TIMEOUT"),
        STATUS_500("ERROR"),
        STATUS_503_RETRY_AFTER("ERROR"),
        CONNECTION_REFUSED("ERROR"),
        CONNECTION_RESET("ERROR"),
        MALFORMED_JSON("BAD_RESPONSE"),
        WRONG_SHAPE("BAD_RESPONSE"),
        HUGE_BODY("BAD_RESPONSE"),
        SLOW_DRIBBLE("TIMEOUT");

        final String reason;

        Cell(String reason) {
            this.reason = reason;
        }

        /** How the endpoint answers; empty for CONNECTION_REFUSED (the server is stopped instead). */
        ResponseDefinitionBuilder answer(String validBody) {
            return switch (this) {
                case LATENCY_UNDER_DEADLINE -> okJson(validBody).withFixedDelay(50);
                case LATENCY_OVER_DEADLINE -> okJson(validBody).withFixedDelay(1_500);
                case HANG -> okJson(validBody).withFixedDelay(15_000);
                case STATUS_500 -> aResponse().withStatus(500).withBody("{\"detail\":\"boom\"}");
                case STATUS_503_RETRY_AFTER -> aResponse().withStatus(503).withHeader("Retry-After", "1");
                case CONNECTION_REFUSED -> null;
                case CONNECTION_RESET -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
                case MALFORMED_JSON -> okJson(validBody.substring(0, validBody.length() / 2));
                case WRONG_SHAPE -> okJson("[{\"unexpected\": true}]");
                case HUGE_BODY -> okJson("{\"padding\": \"" + "x".repeat((1 << 20) + (1 << 18)) + "\"}"); // over the 1 MiB limit
                case SLOW_DRIBBLE -> okJson(validBody).withChunkedDribbleDelay(20, 4_000);
            };
        }
    }

    static Stream<Arguments> cells() {
        return Stream.of(Cell.values()).map(Arguments::of);
    }

    /** The matrix: breakers off, so every cell sees its own fault rather than an open circuit. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Matrix {
        App app;

        @BeforeAll
        void start(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
            app = App.start(dir, """
                    ports:
                      defaults:
                        circuitBreaker: { enabled: false }
                      banners: { timeout: 250ms }
                    """);
        }

        @AfterAll
        void stop() {
            app.stop();
        }

        @BeforeEach
        void reset() {
            marketing.reset();
            core.reset();
        }

        @ParameterizedTest(name = "optional banners: {0}")
        @MethodSource("dev.hearth.home.resilience.FaultMatrixIT#cells")
        void optionalBanners(Cell cell) {
            inject(marketing, BANNERS, cell, "{\"banners\": [{\"id\": \"b1\", \"title\": \"Hi\", \"imageUrl\": \"https://x/y.png\", \"link\": \"https://x\"}]}");

            Timed timed = app.timed("/v1/home");

            assertThat(timed.took()).as("answered within budget + margin").isLessThan(BUDGET.plus(MARGIN));
            assertThat(timed.response().statusCode()).isEqualTo(200);
            JsonNode banners = section(timed.json(), "banners");
            if (cell.reason.equals("OK")) {
                assertThat(banners.get("status").asText()).isEqualTo("OK");
                assertThat(banners.get("data")).hasSize(1);
            } else {
                assertThat(banners.get("status").asText()).isEqualTo("FALLBACK");
                assertThat(banners.get("reason").asText()).isEqualTo(cell.reason);
                assertThat(banners.get("data")).isEmpty();
            }
            assertThat(section(timed.json(), "accounts").get("status").asText()).isEqualTo("OK");
            app.assertNothingLeftRunning();
        }

        @ParameterizedTest(name = "required profile: {0}")
        @MethodSource("dev.hearth.home.resilience.FaultMatrixIT#cells")
        void requiredProfile(Cell cell) {
            inject(core, PROFILE, cell, "{\"customerId\": \"alice\", \"displayName\": \"Alice Example\", \"segment\": \"PREMIUM\"}");
            // With core banking refused, the required accounts section fails at the same moment as profile, and the
            // 503 may name either; the section refetch runs profile alone.
            String path = cell == Cell.CONNECTION_REFUSED ? "/v1/screens/home/sections/profile" : "/v1/home";

            Timed timed = app.timed(path);

            assertThat(timed.took()).as("answered within budget + margin").isLessThan(BUDGET.plus(MARGIN));
            if (cell.reason.equals("OK")) {
                assertThat(timed.response().statusCode()).isEqualTo(200);
                assertThat(section(timed.json(), "profile").get("status").asText()).isEqualTo("OK");
            } else {
                assertThat(timed.response().statusCode()).isEqualTo(503);
                assertThat(timed.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(timed.json().get("detail").asText()).contains("'profile'").contains("(" + cell.reason + ")");
            }
            app.assertNothingLeftRunning();
        }

        private static void inject(Downstream downstream, String path, Cell cell, String validBody) {
            if (cell == Cell.CONNECTION_REFUSED) {
                downstream.server.stop();
            } else {
                downstream.server.stubFor(get(urlPathEqualTo(path)).atPriority(1).willReturn(cell.answer(validBody)));
            }
        }
    }

    /** Breaker, retries, Retry-After and reload, on one app whose config file the tests rewrite. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Policies {
        static final String PORTS = """
                ports:
                  defaults:
                    circuitBreaker: { enabled: false }
                  profile:
                    timeout: 2500ms
                    retry: { maxAttempts: 10, backoff: 20ms, maxBackoff: 100ms, jitter: 0, honourRetryAfter: true }
                  balance: { timeout: 250ms }
                  banners:
                    timeout: 250ms
                    circuitBreaker: { enabled: true, failureRateThreshold: 50, minimumCalls: 4, window: 1m, openDelay: 2s, halfOpenCalls: 2 }
                """;
        /** {@link dev.hearth.home.observability.PortMetrics}' numbers for the circuit in Prometheus. */
        static final double CLOSED = 0, HALF_OPEN = 1, OPEN = 2;
        static final String BALANCE = "balance: { timeout: 250ms }";
        App app;
        Path dir;

        @BeforeAll
        void start(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
            this.dir = dir;
            app = App.start(dir, PORTS);
        }

        @AfterAll
        void stop() {
            app.stop();
        }

        @BeforeEach
        void reset() {
            marketing.reset();
            core.reset();
        }

        @Test
        void theBreakerOpensFailsFastWithoutCallingHalfOpensAndCloses() {
            marketing.server.stubFor(get(urlPathEqualTo(BANNERS)).atPriority(1).willReturn(aResponse().withStatus(500)));

            openTheBreaker();
            assertThat(app.gauge(ResilienceMetrics.circuit("banners"))).isEqualTo("OPEN");

            int calls = marketing.requests(BANNERS);
            Timed open = app.timed("/v1/home");
            assertThat(section(open.json(), "banners").get("reason").asText()).isEqualTo("CIRCUIT_OPEN");
            assertThat(marketing.requests(BANNERS)).as("no downstream call while open").isEqualTo(calls);
            assertThat(section(open.json(), "profile").get("status").asText()).isEqualTo("OK");
            String whileOpen = app.prometheus();
            assertThat(sample(whileOpen, "hearth_port_circuit_state", "port", "banners")).contains(OPEN);
            assertThat(sample(whileOpen, "hearth_port_errors_total", "port", "banners", "reason", "CIRCUIT_OPEN"))
                    .as("calls refused by the open circuit").hasValueSatisfying(n -> assertThat(n).isGreaterThanOrEqualTo(2));

            marketing.reset(); // banners answer again
            awaitTrue("the breaker half-opens after openDelay and lets a good trial call through", Duration.ofSeconds(20),
                    () -> section(app.json("/v1/home"), "banners").get("status").asText().equals("OK"));
            assertThat(app.gauge(ResilienceMetrics.circuit("banners"))).as("one good trial call of two")
                    .isEqualTo("HALF_OPEN");
            assertThat(sample(app.prometheus(), "hearth_port_circuit_state", "port", "banners")).contains(HALF_OPEN);

            assertThat(section(app.json("/v1/home"), "banners").get("status").asText()).isEqualTo("OK");
            assertThat(app.gauge(ResilienceMetrics.circuit("banners"))).as("both trial calls good").isEqualTo("CLOSED");
            assertThat(sample(app.prometheus(), "hearth_port_circuit_state", "port", "banners")).contains(CLOSED);
            assertThat(marketing.requests(BANNERS)).isEqualTo(2);
            app.assertNothingLeftRunning();
        }

        @Test
        void aFailedTrialCallReopensTheBreaker() {
            marketing.server.stubFor(get(urlPathEqualTo(BANNERS)).atPriority(1).willReturn(aResponse().withStatus(500)));
            openTheBreaker();

            // Requests fail fast until openDelay has passed; the first one after it is a trial call, and it fails.
            int calls = marketing.requests(BANNERS);
            String[] trial = new String[1];
            awaitTrue("a trial call after openDelay", Duration.ofSeconds(20), () -> {
                trial[0] = section(app.json("/v1/home"), "banners").get("reason").asText();
                return marketing.requests(BANNERS) > calls;
            });
            assertThat(trial[0]).as("the trial call's own failure").isEqualTo("ERROR");
            assertThat(marketing.requests(BANNERS)).as("one trial call").isEqualTo(calls + 1);
            // The circuit stays OPEN until a call after openDelay, so these hold however slow the machine is.
            assertThat(app.gauge(ResilienceMetrics.circuit("banners"))).as("re-opened").isEqualTo("OPEN");
            assertThat(sample(app.prometheus(), "hearth_port_circuit_state", "port", "banners")).contains(OPEN);

            Timed again = app.timed("/v1/home");
            assertThat(section(again.json(), "banners").get("reason").asText()).as("fails fast again")
                    .isEqualTo("CIRCUIT_OPEN");
            assertThat(marketing.requests(BANNERS)).isEqualTo(calls + 1);

            marketing.reset();
            awaitTrue("closed again by two good trial calls", Duration.ofSeconds(20), () -> {
                app.json("/v1/home");
                return app.gauge(ResilienceMetrics.circuit("banners")).equals("CLOSED");
            });
            app.assertNothingLeftRunning();
        }

        /** Fails banners until the breaker opens (at least minimumCalls, whatever earlier tests left in the window). */
        private void openTheBreaker() {
            String reason = "ERROR";
            for (int i = 0; i < 60 && !reason.equals("CIRCUIT_OPEN"); i++) {
                reason = section(app.json("/v1/home"), "banners").get("reason").asText();
            }
            assertThat(reason).isEqualTo("CIRCUIT_OPEN");
        }

        @Test
        void retriesAgainstASlow503StopAtTheDeadline() throws InterruptedException {
            core.server.stubFor(get(urlPathEqualTo(PROFILE)).atPriority(1)
                    .willReturn(aResponse().withStatus(503).withFixedDelay(150)));

            Timed timed = app.timed("/v1/home");

            assertThat(timed.took()).isLessThan(BUDGET.plus(MARGIN));
            assertThat(timed.response().statusCode()).isEqualTo(503);
            assertThat(timed.json().get("detail").asText()).contains("'profile'");
            app.assertNothingLeftRunning();
            int attempts = core.requests(PROFILE);
            // 800 ms of budget, 150 ms per attempt plus 20-100 ms pauses: more than one try, never all ten
            assertThat(attempts).isBetween(2, 7);
            Thread.sleep(500);
            assertThat(core.requests(PROFILE)).as("no attempt after the answer").isEqualTo(attempts);
        }

        @Test
        void retryAfterIsHonouredWhenItFitsTheDeadline() {
            core.server.stubFor(get(urlPathEqualTo(PROFILE)).atPriority(1).inScenario("busy")
                    .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ready")
                    .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));
            core.server.stubFor(get(urlPathEqualTo(PROFILE)).atPriority(1).inScenario("busy")
                    .whenScenarioStateIs("ready")
                    .willReturn(aResponse().proxiedFrom("http://127.0.0.1:" + sandboxPort)));

            Timed timed = app.timed("/v1/screens/patient");

            assertThat(timed.response().statusCode()).isEqualTo(200);
            assertThat(section(timed.json(), "profile").get("status").asText()).isEqualTo("OK");
            assertThat(core.requests(PROFILE)).isEqualTo(2);
            assertThat(timed.took()).as("waited what Retry-After asked").isGreaterThanOrEqualTo(Duration.ofMillis(950));
        }

        @Test
        void retryAfterBeyondTheDeadlineIsNotWaitedFor() {
            core.server.stubFor(get(urlPathEqualTo(PROFILE)).atPriority(1)
                    .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "30")));

            Timed timed = app.timed("/v1/screens/patient");

            assertThat(timed.response().statusCode()).isEqualTo(503);
            assertThat(timed.json().get("detail").asText()).contains("'profile'").contains("(ERROR)");
            assertThat(core.requests(PROFILE)).as("gave up instead of waiting 30 s").isEqualTo(1);
            assertThat(timed.took()).isLessThan(Duration.ofMillis(2500));
        }

        List<String> balanceReasons() {
            return balanceReasonsOf(app.json("/v1/home"));
        }

        @Test
        void reloadAppliesAGoodChangeAndRejectsABadOneWhileRequestsKeepSucceeding() throws Exception {
            List<Integer> statuses = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread load = Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    statuses.add(app.timed("/v1/home").response().statusCode());
                }
            });
            try {
                awaitTrue("requests flow before the reloads", Duration.ofSeconds(20), () -> statuses.size() >= 3);
                // A good change: balance's timeout 250ms -> 20ms, and a key that needs a restart.
                app.writeConfig(PORTS.replace(BALANCE, "balance: { timeout: 20ms }"), "latencyScale: 0.2", "latencyScale: 0.3");
                HttpResponse<String> good = app.reload();
                assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
                assertThat(good.body()).contains("ports.balance: timeout 250ms -> 20ms")
                        .contains("note: sandbox changed in the file but cannot be reloaded");
                core.server.stubFor(get(urlPathMatching("/core/accounts/.*/balance")).atPriority(1)
                        .willReturn(aResponse().proxiedFrom("http://127.0.0.1:" + sandboxPort).withFixedDelay(60)));
                assertThat(balanceReasons()).as("the new 20 ms timeout is in force (the stub takes 60 ms)").containsOnly("TIMEOUT");

                // A typo: rejected with the reason, the running definition stays.
                app.writeConfig(PORTS.replace(BALANCE, "balance: { timout: 1s }"), "", "");
                HttpResponse<String> typo = app.reload();
                assertThat(typo.statusCode()).isNotEqualTo(200);
                assertThat(typo.body()).contains("reload rejected").contains("timout");

                // An impossible value: rejected naming the key.
                app.writeConfig(PORTS.replace("maxAttempts: 10", "maxAttempts: 0"), "", "");
                HttpResponse<String> bad = app.reload();
                assertThat(bad.statusCode()).isNotEqualTo(200);
                assertThat(bad.body()).contains("ports.profile.retry.maxAttempts");

                // A broken screen file: rejected with file and line.
                app.writeConfig(PORTS, "", "");
                Files.writeString(app.screens.resolve("broken.yml"),
                        "screen: broken\nbudget: 1s\nsections:\n  - id: x\n    port: nope\n    required: true\n");
                HttpResponse<String> broken = app.reload();
                Files.delete(app.screens.resolve("broken.yml"));
                assertThat(broken.statusCode()).isNotEqualTo(200);
                assertThat(broken.body()).contains("broken.yml");
                assertThat(balanceReasons()).as("still the 20 ms timeout").containsOnly("TIMEOUT");

                // The running definition was the good one all along: the next change is reported against it.
                app.writeConfig(PORTS, "", "");
                HttpResponse<String> back = app.reload();
                assertThat(back.body()).contains("ports.balance: timeout 20ms -> 250ms");
                assertThat(balanceReasons()).as("60 ms fits 250 ms again, with a wide margin for a loaded machine").isEmpty();
                int during = statuses.size();
                awaitTrue("requests flow after the reloads", Duration.ofSeconds(20), () -> statuses.size() >= during + 3);
            } finally {
                running.set(false);
                load.join(Duration.ofSeconds(10));
            }
            assertThat(statuses).as("requests during the reloads").hasSizeGreaterThanOrEqualTo(6).containsOnly(200);
        }
    }

    /**
     * Overload: the engine's call slots (config.yml {@code engine:}) shed optional calls before required ones. Ten
     * slots, optional calls stop at five; five hanging banners calls take those, then home is asked for.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Shedding {
        App app;

        @BeforeAll
        void start(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
            app = App.start(dir, """
                    ports:
                      defaults:
                        circuitBreaker: { enabled: false }
                      banners: { timeout: 10s }   # a held call is not cut at 250 ms
                    engine: { maxInFlightCalls: 10, optionalShare: 0.5 }
                    """);
        }

        @AfterAll
        void stop() {
            app.stop();
        }

        @BeforeEach
        void reset() {
            marketing.reset();
            core.reset();
        }

        @Test
        void underOverloadOptionalSectionsAreShedWhileRequiredOnesAreServed() throws Exception {
            // Added by a reload, which must keep the engine's limits: one optional banners call, held long.
            Files.writeString(app.screens.resolve("hold.yml"), """
                    screen: hold
                    budget: 10s
                    sections:
                      - id: banners
                        port: banners
                        optional: true
                        fallback: { value: [] }
                    """);
            assertThat(app.reload().body()).contains("hold");
            // Held until the marketing client's 5 s socket timeout (ERROR): home takes well under a second.
            marketing.server.stubFor(get(urlPathEqualTo(BANNERS)).atPriority(1).willReturn(okJson("{}").withFixedDelay(30_000)));
            List<CompletableFuture<Timed>> held = Stream.generate(() -> CompletableFuture.supplyAsync(
                    () -> app.timed("/v1/screens/hold"), r -> Thread.ofVirtual().start(r))).limit(5).toList();
            awaitTrue("five banners calls hang, taking every optional slot", Duration.ofSeconds(20),
                    () -> app.gauge(ResilienceMetrics.IN_FLIGHT_CALLS).equals(5));
            long rejected = app.counter(MetricNames.portBulkheadRejections("banners"));

            Timed home = app.timed("/v1/home");

            assertThat(held).as("the five calls were held throughout").noneMatch(CompletableFuture::isDone);
            assertThat(home.response().statusCode()).as(home.response().body()).isEqualTo(200);
            assertThat(section(home.json(), "profile").get("status").asText()).isEqualTo("OK");
            JsonNode accounts = section(home.json(), "accounts");
            assertThat(accounts.get("status").asText()).as("required: served, its optional fields shed").isEqualTo("PARTIAL");
            assertThat(accounts.get("data")).hasSize(3);
            assertThat(accounts.get("degraded")).isNotEmpty()
                    .allSatisfy(d -> assertThat(d.get("reason").asText()).isEqualTo("BULKHEAD_FULL"));
            for (String optional : List.of("cardList", "banners")) {
                JsonNode shed = section(home.json(), optional);
                assertThat(shed.get("status").asText()).as(optional).isEqualTo("FALLBACK");
                assertThat(shed.get("reason").asText()).as(optional).isEqualTo("BULKHEAD_FULL");
            }
            assertThat(app.counter(MetricNames.portBulkheadRejections("banners"))).isEqualTo(rejected + 1);

            CompletableFuture.allOf(held.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            app.assertNothingLeftRunning();
        }
    }
    /**
     * A full bulkhead, seen from outside: banners may make one call at a time and never wait for a place. A request for
     * the one-section offers screen holds that place on a slow banners call while others ask for home at once.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class FullBulkhead {
        /** Banners alone, with room for a slow call: the one holding the bulkhead's place. */
        static final String OFFERS = """
                screen: offers
                budget: 8s
                sections:
                  - id: banners
                    port: banners
                    from: customer
                    optional: true
                    fallback: { value: [] }
                """;
        static final String BANNER = "{\"banners\": [{\"id\": \"b1\", \"title\": \"Hi\", \"imageUrl\": \"https://x/y.png\", \"link\": \"https://x\"}]}";
        App app;

        @BeforeAll
        void start(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
            app = App.start(dir, """
                    ports:
                      defaults:
                        circuitBreaker: { enabled: false }
                      banners:
                        timeout: 8s
                        bulkhead: { maxConcurrent: 1, maxWait: 0ms }
                    """, Map.of("offers.yml", OFFERS));
        }

        @AfterAll
        void stop() {
            app.stop();
        }

        @BeforeEach
        void reset() {
            marketing.reset();
            core.reset();
        }

        @Test
        void callsBeyondAFullBulkheadFallBackAsBulkheadFullAreCountedAndThePlaceIsGivenBack() throws Exception {
            marketing.server.stubFor(get(urlPathEqualTo(BANNERS)).atPriority(1)
                    .willReturn(okJson(BANNER).withFixedDelay(4_000)));
            double rejectedBefore = sample(app.prometheus(), "hearth_port_bulkhead_rejections_total", "port", "banners")
                    .orElseThrow();

            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<Timed> holder = clients.submit(() -> app.timed("/v1/screens/offers"));
                awaitTrue("the slow banners call holds the bulkhead's only place", Duration.ofSeconds(10),
                        () -> app.gauge(ResilienceMetrics.leasedConnections("marketing")).equals(1));

                List<Future<Timed>> crowd = new java.util.ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    crowd.add(clients.submit(() -> app.timed("/v1/home")));
                }
                for (Future<Timed> request : crowd) {
                    Timed timed = request.get(30, TimeUnit.SECONDS);
                    assertThat(timed.response().statusCode()).as(timed.response().body()).isEqualTo(200);
                    assertThat(timed.took()).as("refused at once, not queued").isLessThan(BUDGET.plus(MARGIN));
                    JsonNode banners = section(timed.json(), "banners");
                    assertThat(banners.get("status").asText()).isEqualTo("FALLBACK");
                    assertThat(banners.get("reason").asText()).isEqualTo("BULKHEAD_FULL");
                    assertThat(banners.get("data")).isEmpty();
                    assertThat(section(timed.json(), "accounts").get("status").asText()).isEqualTo("OK");
                }

                Timed held = holder.get(30, TimeUnit.SECONDS);
                assertThat(section(held.json(), "banners").get("status").asText()).as("the holder's own call")
                        .isEqualTo("OK");
            }
            assertThat(marketing.requests(BANNERS)).as("a refused call never reaches the downstream").isEqualTo(1);

            marketing.reset();
            assertThat(section(app.json("/v1/home"), "banners").get("status").asText()).as("the place was given back")
                    .isEqualTo("OK");
            String text = app.prometheus();
            assertThat(sample(text, "hearth_port_bulkhead_rejections_total", "port", "banners"))
                    .as("each refusal counted once").contains(rejectedBefore + 3);
            assertThat(sample(text, "hearth_section_status_total", "screen", "home", "section", "banners",
                    "status", "FALLBACK")).hasValueSatisfying(count -> assertThat(count).isGreaterThanOrEqualTo(3));
            assertThat(sample(text, "hearth_port_errors_total", "port", "banners", "reason", "BULKHEAD_FULL"))
                    .as("a refusal is not an error").isEmpty();
            app.assertNothingLeftRunning();
        }
    }

    /**
     * The screen files at work: open banking's freshness window and stale fallback, and screen edits applied by the
     * reload task. The app's home.yml is a copy whose open banking is fresh for 1 s instead of 30 s, so a test can see
     * the window pass (there is no fake clock in the running app).
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ScreenFiles {
        static final Duration FRESHNESS = Duration.ofSeconds(1);
        static final List<String> HOME = List.of("profile", "accounts", "cardList", "cards", "openBanking", "banners");
        App app;

        @BeforeAll
        void start(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
            String home = Files.readString(Path.of("../screens/home.yml"));
            assertThat(home).contains("freshness: 30s");
            app = App.start(dir, """
                    ports:
                      defaults:
                        circuitBreaker: { enabled: false }
                    """, Map.of("home.yml", home.replace("freshness: 30s", "freshness: " + FRESHNESS.toSeconds() + "s")));
        }

        @AfterAll
        void stop() {
            app.stop();
        }

        @BeforeEach
        void reset() {
            marketing.reset();
            core.reset();
            app.task("sandbox-reset", "");
        }

        @Test
        void aFailingOpenBankingShowsItsLastGoodValueAsStaleWithTheReasonOnceTheFreshnessWindowHasPassed() {
            Instant before = Instant.now();
            JsonNode good = section(app.json("/v1/home"), "openBanking");
            assertThat(good.get("status").asText()).isEqualTo("OK");
            assertThat(good.get("data")).isNotEmpty();
            Instant fetched = Instant.now();

            app.task("sandbox-fault", "port=openBanking&errorRate=1");
            JsonNode[] failing = new JsonNode[1];
            awaitTrue("the freshness window passes and open banking is called again", Duration.ofSeconds(20), () -> {
                failing[0] = section(app.json("/v1/home"), "openBanking");
                return !failing[0].get("status").asText().equals("OK");
            });

            for (JsonNode stale : List.of(failing[0], section(app.json("/v1/screens/home"), "openBanking"))) {
                assertThat(stale.get("status").asText()).isEqualTo("STALE");
                assertThat(stale.get("reason").asText()).isEqualTo("ERROR");
                assertThat(stale.get("data")).as("the last good value").isEqualTo(good.get("data"));
                // fetched by the good request, or by one at most a freshness window before it
                assertThat(Instant.parse(stale.get("asOf").asText())).as("asOf")
                        .isBetween(before.minus(FRESHNESS).truncatedTo(ChronoUnit.MILLIS), fetched);
            }

            app.task("sandbox-reset", "");
            assertThat(section(app.json("/v1/home"), "openBanking").get("status").asText()).as("live again")
                    .isEqualTo("OK");
            app.assertNothingLeftRunning();
        }

        @Test
        void aGoodEditOfAScreenFileIsAppliedAndABreakingOneRejectedWhileRequestsKeepSucceeding() throws Exception {
            Path file = app.screens.resolve("home.yml");
            String original = Files.readString(file);
            int cardList = original.indexOf("  - id: cardList");
            int openBanking = original.indexOf("  - id: openBanking");
            int banners = original.indexOf("  - id: banners");
            assertThat(List.of(cardList, openBanking, banners)).doesNotContain(-1).isSorted();
            // open banking moved up before the cards, banners removed
            String edited = original.substring(0, cardList) + original.substring(openBanking, banners)
                    + original.substring(cardList, openBanking);
            String broken = edited.replace("port: cardDetails", "port: cardDetail");
            long brokenLine = broken.substring(0, broken.indexOf("port: cardDetail")).chars().filter(c -> c == '\n').count() + 1;

            List<Integer> statuses = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread load = Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    statuses.add(app.timed("/v1/home").response().statusCode());
                }
            });
            try {
                awaitTrue("requests flow before the reloads", Duration.ofSeconds(20), () -> statuses.size() >= 3);
                assertThat(sectionIds(app.json("/v1/home"))).containsExactlyElementsOf(HOME);

                Files.writeString(file, edited);
                HttpResponse<String> good = app.reload();
                assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
                assertThat(good.body()).contains("screens: 3 loaded");
                assertThat(sectionIds(app.json("/v1/home"))).as("applied without a restart")
                        .containsExactly("profile", "accounts", "openBanking", "cardList", "cards");

                Files.writeString(file, broken);
                HttpResponse<String> rejected = app.reload();
                assertThat(rejected.statusCode()).isNotEqualTo(200);
                assertThat(rejected.body()).contains("reload rejected").contains("home.yml:" + brokenLine)
                        .contains("unknown port 'cardDetail'");
                assertThat(sectionIds(app.json("/v1/home"))).as("the edited definition keeps serving")
                        .containsExactly("profile", "accounts", "openBanking", "cardList", "cards");
                assertThat(section(app.json("/v1/home"), "cards").get("status").asText()).isEqualTo("OK");

                Files.writeString(file, original);
                HttpResponse<String> back = app.reload();
                assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
                assertThat(sectionIds(app.json("/v1/home"))).containsExactlyElementsOf(HOME);
                int during = statuses.size();
                awaitTrue("requests flow after the reloads", Duration.ofSeconds(20), () -> statuses.size() >= during + 3);
            } finally {
                running.set(false);
                load.join(Duration.ofSeconds(10));
                if (!Files.readString(file).equals(original)) {
                    Files.writeString(file, original);
                    app.reload();
                }
            }
            assertThat(statuses).as("requests during the reloads").hasSizeGreaterThanOrEqualTo(6).containsOnly(200);
        }

        private static List<String> sectionIds(JsonNode screen) {
            List<String> ids = new java.util.ArrayList<>();
            screen.get("sections").forEach(section -> ids.add(section.get("id").asText()));
            return ids;
        }
    }

    /** The reasons of the degraded balances of alice's accounts on the home screen. */
    private static List<String> balanceReasonsOf(JsonNode home) {
        JsonNode degraded = section(home, "accounts").path("degraded");
        List<String> reasons = new java.util.ArrayList<>();
        for (JsonNode d : degraded) {
            if (d.get("path").asText().endsWith(".balance")) {
                reasons.add(d.get("reason").asText());
            }
        }
        return reasons;
    }

    /** One running Hearth, started from a config file written into a temp dir (with a copy of the screens). */
    static final class App {
        final Path config;
        final Path screens;
        final String base;
        DropwizardTestSupport<HomeConfiguration> support;
        String written;

        private App(Path dir) throws IOException {
            this.config = dir.resolve("config.yml");
            this.screens = dir.resolve("screens");
            this.base = Files.readString(Path.of(ResourceHelpers.resourceFilePath("test-config.yml")));
            Files.createDirectories(screens);
            try (Stream<Path> files = Files.list(Path.of("../screens"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, screens.resolve(file.getFileName()));
                }
            }
            // A screen with room for a Retry-After of a second: profile alone, a 3 s budget.
            Files.writeString(screens.resolve("patient.yml"), """
                    screen: patient
                    budget: 3s
                    sections:
                      - id: profile
                        port: profile
                        required: true
                    """);
        }

        static App start(Path dir, String ports) throws Exception {
            return start(dir, ports, Map.of());
        }

        /** As {@link #start(Path, String)}, with {@code screenFiles} (file name to text) added to or replacing the copies. */
        static App start(Path dir, String ports, Map<String, String> screenFiles) throws Exception {
            App app = new App(dir);
            for (Map.Entry<String, String> file : screenFiles.entrySet()) {
                Files.writeString(app.screens.resolve(file.getKey()), file.getValue());
            }
            app.writeConfig(ports, "", "");
            app.support = new DropwizardTestSupport<>(HomeApplication.class, app.config.toString());
            app.support.before();
            return app;
        }

        /** test-config.yml with the sandbox on a known port, the two stubbed downstreams, these screens and ports. */
        void writeConfig(String ports, String replace, String with) throws IOException {
            int at = base.indexOf("\nports:");
            String text = (at < 0 ? base : base.substring(0, at + 1))
                    .replace("sandbox:\n  enabled: true\n  port: 0", "sandbox:\n  enabled: true\n  port: " + sandboxPort)
                    .replace("screens: ../screens", "screens: " + screens)
                    + "\ndownstreams:\n  marketing: { baseUrl: " + marketing.url() + " }\n  coreBanking: { baseUrl: "
                    + core.url() + " }\n"
                    // no legacy home to fall back to (port 1 refuses): a failed required section stays Hearth's 503
                    + "  legacy: { baseUrl: http://127.0.0.1:1 }\n\n" + ports;
            if (!replace.isEmpty()) {
                assertThat(text).contains(replace);
                text = text.replace(replace, with);
            }
            Files.writeString(config, text);
            written = text;
        }

        void stop() {
            support.after();
        }

        String token() {
            HomeConfiguration c = support.getConfiguration();
            return new TokenIssuer(c.getSandbox().getSigningKey(), c.getAuth().getIssuer(), c.getAuth().getAudience())
                    .issue(new CustomerId("alice"), "home:read", Instant.now(), Duration.ofMinutes(5));
        }

        Timed timed(String path) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + support.getLocalPort() + path))
                    .header("Authorization", "Bearer " + token())
                    .timeout(Duration.ofSeconds(30))
                    .GET().build();
            long started = System.nanoTime();
            HttpResponse<String> response = send(request);
            return new Timed(response, Duration.ofNanos(System.nanoTime() - started));
        }

        JsonNode json(String path) {
            Timed timed = timed(path);
            assertThat(timed.response().statusCode()).as(timed.response().body()).isEqualTo(200);
            return timed.json();
        }

        HttpResponse<String> reload() {
            return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + support.getAdminPort() + "/tasks/reload"))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build());
        }

        /** {@code POST /tasks/<name>?<query>} on the admin port; fails unless it answers 200. */
        String task(String name, String query) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + support.getAdminPort() + "/tasks/" + name + "?" + query))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return response.body();
        }

        /** The Prometheus text on the admin port, as a scraper reads it. */
        String prometheus() {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + support.getAdminPort() + "/prometheus")).timeout(Duration.ofSeconds(30)).GET().build());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }

        long counter(String name) {
            return support.getEnvironment().metrics().counter(name).getCount();
        }

        Object gauge(String name) {
            var gauge = support.getEnvironment().metrics().getGauges().get(name);
            assertThat(gauge).as("gauge " + name).isNotNull();
            return gauge.getValue();
        }

        /** Nothing of the request still runs: no port call in flight, no connection leased (bounded wait). */
        void assertNothingLeftRunning() {
            awaitTrue("no port call in flight, no connection leased", Duration.ofSeconds(10),
                    () -> gauge(ResilienceMetrics.IN_FLIGHT_CALLS).equals(0)
                            && gauge(ResilienceMetrics.leasedConnections("marketing")).equals(0)
                            && gauge(ResilienceMetrics.leasedConnections("coreBanking")).equals(0));
        }
    }

    record Timed(HttpResponse<String> response, Duration took) {
        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static JsonNode section(JsonNode screen, String id) {
        for (JsonNode section : screen.get("sections")) {
            if (section.get("id").asText().equals(id)) {
                return section;
            }
        }
        throw new AssertionError("no section '" + id + "' in " + screen);
    }

    static void awaitTrue(String what, Duration atMost, BooleanSupplier condition) {
        Instant until = Instant.now().plus(atMost);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("not within " + atMost.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
