package dev.hearth.home.config;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.client.HttpClientBuilder;
import io.dropwizard.client.HttpClientConfiguration;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import com.codahale.metrics.httpclient5.InstrumentedHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * One downstream system: where it is and the HTTP client (connection pool) used to reach it. With
 * the sandbox enabled, a downstream without {@code baseUrl} is served by the sandbox.
 */
public final class DownstreamFactory {

    @JsonProperty
    private URI baseUrl;

    /** Merged: a {@code client:} block that sets one key keeps Hearth's defaults for the others. */
    @Valid
    @NotNull
    @JsonMerge
    @JsonProperty
    private HttpClientConfiguration client = defaultClient();

    /**
     * Defaults for a home aggregator: connections are reused (Dropwizard's default keepAlive of 0 would
     * open one per call), the pool is large enough for a 100-card fan-out, and the client never retries
     * (it would re-send after the engine interrupted a call at its deadline). A pooled connection is
     * checked for staleness only after 2 s idle: Dropwizard's default of 0 checks before every call, a
     * blocking read that waits 1 ms for nothing and throws a {@code SocketTimeoutException}. On a home of
     * 16 calls it cost 1.9-2.3 ms of CPU per home at saturation against 1.4-1.7 ms without, and a
     * millisecond on every link of the critical path (docs/PERFORMANCE.md).
     */
    static HttpClientConfiguration defaultClient() {
        HttpClientConfiguration client = new HttpClientConfiguration();
        client.setTimeout(Duration.seconds(5));
        client.setConnectionTimeout(Duration.milliseconds(500));
        client.setConnectionRequestTimeout(Duration.seconds(1));
        client.setKeepAlive(Duration.seconds(30));
        client.setValidateAfterInactivityPeriod(Duration.seconds(2));
        client.setMaxConnections(1024);
        client.setMaxConnectionsPerRoute(256);
        client.setRetries(0);
        return client;
    }

    public Optional<URI> getBaseUrl() {
        return Optional.ofNullable(baseUrl);
    }

    public void setBaseUrl(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    public HttpClientConfiguration getClient() {
        return client;
    }

    public CloseableHttpClient buildClient(String name, MetricRegistry metrics) {
        return buildPooledClient(name, metrics).client();
    }

    /** The client and its connection pool, whose stats show leased (in use) and idle connections. */
    public record PooledClient(CloseableHttpClient client, PoolingHttpClientConnectionManager pool) {
    }

    public PooledClient buildPooledClient(String name, MetricRegistry metrics) {
        AtomicReference<PoolingHttpClientConnectionManager> pool = new AtomicReference<>();
        CloseableHttpClient built = new HttpClientBuilder(metrics) {
            @Override
            protected InstrumentedHttpClientConnectionManager configureConnectionManager(
                    InstrumentedHttpClientConnectionManager manager) {
                InstrumentedHttpClientConnectionManager configured = super.configureConnectionManager(manager);
                pool.set(configured);
                return configured;
            }
        }.using(client).build("downstream-" + name);
        return new PooledClient(built, Objects.requireNonNull(pool.get(), "connection pool of downstream " + name));
    }
}
