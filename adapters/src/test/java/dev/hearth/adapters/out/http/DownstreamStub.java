package dev.hearth.adapters.out.http;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.RequestContext;
import io.dropwizard.client.HttpClientBuilder;
import io.dropwizard.client.HttpClientConfiguration;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.util.Duration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A WireMock server standing in for a downstream, and a client built the way Hearth builds them
 * (dropwizard-client, no retries). The pool holds ONE connection per route, so a response an adapter
 * forgot to close makes the next call fail to lease one: leaks show up as failures, not as flakiness.
 */
public final class DownstreamStub implements AutoCloseable, AfterAllCallback, BeforeEachCallback {
    public static final String REQUEST_ID = "req-7f3a";
    public static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl";
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    public final WireMockServer server;
    public final CloseableHttpClient client;
    public final ObjectMapper mapper = Jackson.newObjectMapper();
    /** The answer deadline the adapters under test get: 30 s, so only a test that wants one reaches it. */
    public static final AnswerDeadline DEADLINE = deadline(java.time.Duration.ofSeconds(30));
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    /** As a JUnit extension ({@code @RegisterExtension static}): stopped after the class, stubs reset before each test. */
    public DownstreamStub() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        client = client();
    }

    public static DownstreamStub start() {
        return new DownstreamStub();
    }

    /**
     * A client as config.yml's starts ({@link HttpClientDefaults}), with one connection and a socket timeout long enough
     * that only an interrupt can end a slow call.
     */
    public static CloseableHttpClient client() {
        return client(false);
    }

    /** With {@code compression}, the client asks for gzip and reads bodies through a decompressing stream. */
    public static CloseableHttpClient client(boolean compression) {
        HttpClientConfiguration configuration = HttpClientDefaults.forDownstreams();
        configuration.setTimeout(Duration.seconds(30));
        configuration.setConnectionRequestTimeout(Duration.seconds(1)); // HttpErrorMappingTest waits for it
        configuration.setMaxConnections(1);
        configuration.setMaxConnectionsPerRoute(1);
        return new HttpClientBuilder(new MetricRegistry()).using(configuration)
                .disableContentCompression(!compression)
                .build("test-" + CLIENTS.incrementAndGet());
    }

    /** An answer deadline kept on a plain scheduled executor (Hearth keeps its own on the engine's timer). */
    public static AnswerDeadline deadline(java.time.Duration limit) {
        return new AnswerDeadline(limit, (delay, task) -> {
            ScheduledFuture<?> scheduled = DEADLINES.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> scheduled.cancel(false);
        });
    }

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                task -> Thread.ofPlatform().name("test-deadlines").daemon().unstarted(task));
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    public URI baseUrl() {
        return URI.create(server.baseUrl());
    }

    public static RequestContext context(String customer) {
        return RequestContext.of(REQUEST_ID, new CustomerId(customer));
    }

    public static RequestContext contextWithToken(String customer) {
        return new RequestContext(REQUEST_ID, new CustomerId(customer), Optional.of(TOKEN));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.resetAll();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server.stop();
        }
    }
}
