package dev.hearth.home.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.codahale.metrics.MetricRegistry;
import com.sun.net.httpserver.HttpServer;
import dev.hearth.adapters.out.http.HttpClientDefaults;
import dev.hearth.adapters.out.http.legacy.LegacyHomeHttpAdapter;
import dev.hearth.home.application.bindings.BoundPorts;
import dev.hearth.home.config.DownstreamFactory;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.util.Duration;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Test;

class DownstreamsTest {
    private static final Optional<URI> SANDBOX = Optional.of(URI.create("http://127.0.0.1:9090"));

    @Test
    void everyScreenPortBelongsToExactlyOneDownstreamOrIsTheDatabases() {
        BoundPorts ports = PoolFitTest.unconnectedPorts();
        var mapped = new TreeSet<String>();
        ports.byDownstream().forEach((downstream, names) -> {
            assertThat(Downstreams.NAMES).as("downstream of %s", names).contains(downstream);
            names.forEach(port -> assertThat(mapped.add(port)).as("%s in one downstream only", port).isTrue());
        });
        mapped.add("nickname"); // Hearth's own database: Dropwizard's 'database' check

        assertThat(mapped).isEqualTo(new TreeSet<>(ports.registry().names()));
    }

    @Test
    void withHearthsDefaultsEveryConnectionOfTheDownstreamsPoolIsUsableByItsCalls() throws Exception {
        // More calls at once than the old per-route limit (256), fewer than the pool (1,024): each must get a
        // connection of its own at once, none may wait for one (and fail after connectionRequestTimeout, 1 s).
        int calls = 300;
        AtomicInteger inFlight = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        HttpServer cards = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), calls);
        cards.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        cards.createContext("/", exchange -> {
            inFlight.incrementAndGet();
            try {
                release.await(1, TimeUnit.MINUTES);
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        cards.start();
        DownstreamFactory factory = new DownstreamFactory();
        factory.setBaseUrl(URI.create("http://127.0.0.1:" + cards.getAddress().getPort()));
        factory.getClient().setTimeout(Duration.minutes(1)); // held calls must not time out
        try (Downstreams downstreams = new Downstreams(Map.of("cards", factory), SANDBOX, new MetricRegistry());
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    HttpGet get = new HttpGet(downstreams.baseUrl("cards").resolve("/cards/" + i));
                    answers.add(callers.submit(() -> downstreams.client("cards").execute(get, response -> {
                        EntityUtils.consume(response.getEntity());
                        return response.getCode();
                    })));
                }
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (inFlight.get() < calls && System.nanoTime() < giveUp) {
                    Thread.sleep(10);
                }
                assertThat(inFlight.get()).as("calls the downstream held at once").isEqualTo(calls);
                assertThat(downstreams.pool("cards").getLeased()).isEqualTo(calls);
                release.countDown();
                for (Future<Integer> answer : answers) {
                    assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(200);
                }
                assertThat(downstreams.pool("cards").getMax()).isEqualTo(1024);
            } finally {
                release.countDown(); // before the callers are closed: closing waits for them
            }
        } finally {
            cards.stop(0);
        }
    }

    @Test
    void answersAndHeadersLongerThanAConnectionsBuffersArriveWhole() throws Exception {
        // Each pooled connection has small I/O buffers (HttpClientDefaults.BUFFER_SIZE): a legacy home is ~25 KiB.
        String body = "0123456789abcdef".repeat(4096); // 64 KiB
        String header = "x".repeat(3 * HttpClientDefaults.BUFFER_SIZE);
        HttpServer legacy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        legacy.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Long", header);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        legacy.start();
        DownstreamFactory factory = new DownstreamFactory();
        factory.setBaseUrl(URI.create("http://127.0.0.1:" + legacy.getAddress().getPort()));
        try (Downstreams downstreams = new Downstreams(Map.of("legacy", factory), SANDBOX, new MetricRegistry())) {
            for (int call = 0; call < 2; call++) { // the second on the pooled connection the first gave back
                HttpGet get = new HttpGet(downstreams.baseUrl("legacy").resolve("/home"));
                List<String> answer = downstreams.client("legacy").execute(get, response -> List.of(
                        response.getFirstHeader("X-Long").getValue(), EntityUtils.toString(response.getEntity())));

                assertThat(answer.get(0)).isEqualTo(header);
                assertThat(answer.get(1)).isEqualTo(body);
            }
        } finally {
            legacy.stop(0);
        }
    }

    @Test
    void aDownstreamsPoolHoldsAtMostItsPerRouteLimitWhenThatIsLowerThanTheTotal() {
        // A downstream is one route: with 256 per route, 256 is what its calls get, whatever the total.
        DownstreamFactory legacy = new DownstreamFactory();
        legacy.getClient().setMaxConnectionsPerRoute(256);
        try (Downstreams downstreams = new Downstreams(Map.of("legacy", legacy), SANDBOX, new MetricRegistry())) {
            assertThat(downstreams.pool("legacy").getMax()).isEqualTo(256);
        }
    }

    @Test
    void aDownstreamsPoolHoldsAtMostItsTotalWhenThatIsLowerThanThePerRouteLimit() {
        DownstreamFactory legacy = new DownstreamFactory();
        legacy.getClient().setMaxConnections(100);
        try (Downstreams downstreams = new Downstreams(Map.of("legacy", legacy), SANDBOX, new MetricRegistry())) {
            assertThat(downstreams.pool("legacy").getMax()).isEqualTo(100);
            assertThat(downstreams.pool("legacy").getLeased()).isZero();
        }
    }
    @Test
    void aCallEndsAtItsDownstreamsTimeoutOnHearthsTimerWithNoSocketTimeoutUnderIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer legacy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        legacy.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        legacy.createContext("/", exchange -> { // never answers until the test ends
            try {
                release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        legacy.start();
        DownstreamFactory factory = new DownstreamFactory();
        factory.setBaseUrl(URI.create("http://127.0.0.1:" + legacy.getAddress().getPort()));
        factory.getClient().setTimeout(Duration.milliseconds(300));
        try (Downstreams downstreams = new Downstreams(Map.of("legacy", factory), SANDBOX, new MetricRegistry())) {
            var adapter = downstreams.adapter("legacy", LegacyHomeHttpAdapter::new, Jackson.newObjectMapper());
            long started = System.nanoTime();

            assertThatThrownBy(() -> adapter.loadLegacyHome(
                    new RequestContext("req-1", new CustomerId("alice"), Optional.of("token"))))
                    .isInstanceOfSatisfying(DownstreamException.class, e -> assertThat(e.getMessage())
                            .endsWith("had no whole answer within 300 ms, the client's timeout"));
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                    .isBetween(java.time.Duration.ofMillis(300), java.time.Duration.ofSeconds(5));
        } finally {
            release.countDown();
            legacy.stop(0);
        }
    }

    /**
     * A TLS handshake is read before any exchange sets its own timeout, and the pools have no socket timeout: a server
     * that accepts and never answers the handshake must still let the call go. The connect timeout bounds it, and the
     * downstream's timeout when that is shorter.
     */
    @Test
    void aTlsHandshakeThatNeverCompletesEndsAtTheConnectTimeoutOrTheDownstreamsTimeoutWhicheverComesFirst()
            throws Exception {
        DownstreamFactory connectFirst = new DownstreamFactory();
        connectFirst.getClient().setConnectionTimeout(Duration.milliseconds(200));
        assertThat(callASilentTlsServer(connectFirst)).endsWith("failed: Read timed out)");

        DownstreamFactory deadlineFirst = new DownstreamFactory();
        deadlineFirst.getClient().setTimeout(Duration.milliseconds(200));
        deadlineFirst.getClient().setConnectionTimeout(Duration.seconds(30));
        assertThat(callASilentTlsServer(deadlineFirst)).endsWith("had no whole answer within 200 ms, the client's timeout");
    }

    /** What a legacy call to an https server that accepts and never says a word ended with, after 200 ms to 5 s. */
    private static String callASilentTlsServer(DownstreamFactory factory) throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            factory.setBaseUrl(URI.create("https://127.0.0.1:" + silent.getLocalPort()));
            try (Downstreams downstreams = new Downstreams(Map.of("legacy", factory), SANDBOX, new MetricRegistry())) {
                var adapter = downstreams.adapter("legacy", LegacyHomeHttpAdapter::new, Jackson.newObjectMapper());
                long started = System.nanoTime();
                DownstreamException failed = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                        () -> catchThrowableOfType(DownstreamException.class, () -> adapter.loadLegacyHome(
                                new RequestContext("req-1", new CustomerId("alice"), Optional.of("token")))));

                assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                        .isBetween(java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(5));
                assertThat(held).as("the client did reach the server").isNotEmpty();
                return failed.getMessage();
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void callsAreSentWithNoSocketTimeoutAndEverythingElseAsConfigured() throws Exception {
        // A socket timeout would make every read of a virtual thread a timed park (AnswerDeadline says what that costs)
        DownstreamFactory factory = new DownstreamFactory();
        factory.getClient().setMaxConnectionsPerRoute(77);
        DownstreamFactory.PooledClient built = factory.buildPooledClient("legacy", new MetricRegistry());
        HttpServer legacy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        legacy.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        legacy.start();
        try (CloseableHttpClient client = built.client()) {
            HttpClientContext context = HttpClientContext.create();
            client.execute(new HttpGet("http://127.0.0.1:" + legacy.getAddress().getPort() + "/"), context,
                    response -> response.getCode());

            // what the client sets as each exchange's SO_TIMEOUT before it sends the request: 0, none
            assertThat(context.getRequestConfigOrDefault().getResponseTimeout().toMilliseconds()).isZero();
            assertThat(built.pool().getDefaultMaxPerRoute()).isEqualTo(77);
            assertThat(context.getRequestConfigOrDefault().getConnectionRequestTimeout().toMilliseconds())
                    .isEqualTo(1_000);
        } finally {
            legacy.stop(0);
        }
        assertThat(factory.getClient().getTimeout()).as("the configuration itself is left as it was")
                .isEqualTo(Duration.seconds(5));
    }

    @Test
    void aTimeoutOfZeroIsRefusedNamingTheKey() {
        DownstreamFactory cards = new DownstreamFactory();
        cards.getClient().setTimeout(Duration.milliseconds(0));

        assertThatThrownBy(() -> new Downstreams(Map.of("cards", cards), SANDBOX, new MetricRegistry()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("config.yml downstreams.cards.client.timeout must be positive, not 0 milliseconds");
    }
}
