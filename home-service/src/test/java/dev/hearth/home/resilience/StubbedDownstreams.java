package dev.hearth.home.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.hearth.home.testing.Await.awaitTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.hearth.home.observability.ResilienceMetrics;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The downstreams of the resilience tests: marketing (the optional banners section) and core banking (the required
 * profile section) are real WireMock servers that pass everything through to the sandbox except the one endpoint a
 * test stubs; every other downstream is the sandbox. Registered as the test class's extension it starts the two
 * servers, then {@link #app} on them; it resets the servers before each test.
 */
final class StubbedDownstreams implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    /** screens/home.yml's budget; answers must come within it plus MARGIN (generous: a loaded 2-core CI box). */
    static final Duration BUDGET = Duration.ofMillis(800);
    static final Duration MARGIN = Duration.ofMillis(2000);
    static final String BANNERS = "/marketing/customers/alice/banners";
    static final String PROFILE = "/core/customers/alice/profile";
    /**
     * The ports of the policy tests ({@link CircuitBreakerIT}, {@link RetryIT}, {@link ConfigReloadIT}): profile
     * retried up to ten times honouring Retry-After, a breaker on banners, balance cut at 250 ms.
     */
    static final String POLICIES = """
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
    /** A screen with room for a Retry-After of a second: profile alone, a 3 s budget. */
    static final String PATIENT = """
            screen: patient
            budget: 3s
            sections:
              - id: profile
                port: profile
                required: true
            """;

    /** The sandbox's port, chosen before anything starts: the stubs pass through to it. */
    final int sandboxPort = freePort();
    final Downstream marketing = new Downstream();
    final Downstream core = new Downstream();
    /**
     * The application on test-config.yml with the sandbox on {@link #sandboxPort}, marketing and core banking at the
     * stubs, no legacy home, {@code ports} (a YAML block, e.g. {@code ports:} and {@code engine:}) in place of the
     * file's, and its own copy of the screens with patient.yml and {@code screenFiles} (file name to text) added.
     */
    final HearthApp app;

    StubbedDownstreams(String ports, Map<String, String> screenFiles) {
        Map<String, String> screens = new HashMap<>(Map.of("patient.yml", PATIENT));
        screens.putAll(screenFiles);
        app = HearthApp.onTestConfig().withScreenCopy(screens).edit(base -> config(base, ports));
    }

    StubbedDownstreams(String ports) {
        this(ports, Map.of());
    }

    private String config(String base, String ports) {
        int at = base.indexOf("\nports:");
        return (at < 0 ? base : base.substring(0, at + 1))
                .replace("sandbox:\n  enabled: true\n  port: 0", "sandbox:\n  enabled: true\n  port: " + sandboxPort)
                + "\ndownstreams:\n  marketing: { baseUrl: " + marketing.url() + " }\n  coreBanking: { baseUrl: "
                + core.url() + " }\n"
                // no legacy home to fall back to (port 1 refuses): a failed required section stays Hearth's 503
                + "  legacy: { baseUrl: http://127.0.0.1:1 }\n\n" + ports;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        marketing.start();
        core.start();
        app.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            app.afterAll(context);
        } finally {
            Stream.of(marketing, core).forEach(d -> d.server.stop());
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        marketing.reset();
        core.reset();
    }

    /** Nothing of the request still runs: no port call in flight, no connection leased (bounded wait). */
    static void assertNothingLeftRunning(HearthApp app) {
        awaitTrue("no port call in flight, no connection leased", Duration.ofSeconds(10),
                () -> app.gauge(ResilienceMetrics.IN_FLIGHT_CALLS).equals(0)
                        && app.gauge(ResilienceMetrics.leasedConnections("marketing")).equals(0)
                        && app.gauge(ResilienceMetrics.leasedConnections("coreBanking")).equals(0));
    }

    /** A WireMock server on a fixed port, so it can be stopped (connection refused) and started again. */
    final class Downstream {
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
                Http.send(Http.request(URI.create(url() + "/warm-up")).build());
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

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
