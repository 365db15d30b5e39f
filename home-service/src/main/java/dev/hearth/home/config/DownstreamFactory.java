package dev.hearth.home.config;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.adapters.out.http.AnswerDeadline;
import dev.hearth.adapters.out.http.HttpClientDefaults;
import io.dropwizard.client.HttpClientBuilder;
import io.dropwizard.client.HttpClientConfiguration;
import io.dropwizard.jackson.Jackson;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import com.codahale.metrics.httpclient5.InstrumentedHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.socket.ConnectionSocketFactory;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.config.Registry;
import org.apache.hc.core5.util.TimeValue;

/**
 * One downstream system: where it is and the HTTP client (connection pool) used to reach it. With
 * the sandbox enabled, a downstream without {@code baseUrl} is served by the sandbox.
 */
public final class DownstreamFactory {
    private static final ObjectMapper COPIER = Jackson.newObjectMapper();

    @JsonProperty
    private URI baseUrl;

    /** Merged: a {@code client:} block that sets one key keeps Hearth's defaults ({@link HttpClientDefaults}) for the others. */
    @Valid
    @NotNull
    @JsonMerge
    @JsonProperty
    private HttpClientConfiguration client = HttpClientDefaults.forDownstreams();

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
            /** Dropwizard 5.0's pool as it builds it, with connections of {@link HttpClientDefaults#BUFFER_SIZE} buffers. */
            @Override
            protected InstrumentedHttpClientConnectionManager createConnectionManager(
                    Registry<ConnectionSocketFactory> registry, String poolName) {
                io.dropwizard.util.Duration ttl = client.getTimeToLive();
                return configureConnectionManager(InstrumentedHttpClientConnectionManager.builder(metrics)
                        .socketFactoryRegistry(registry)
                        .connFactory(ManagedHttpClientConnectionFactory.builder()
                                .http1Config(Http1Config.custom().setBufferSize(HttpClientDefaults.BUFFER_SIZE).build())
                                .build())
                        .timeToLive(TimeValue.of(ttl.getQuantity(), ttl.getUnit()))
                        .name(poolName)
                        .build());
            }

            @Override
            protected InstrumentedHttpClientConnectionManager configureConnectionManager(
                    InstrumentedHttpClientConnectionManager manager) {
                InstrumentedHttpClientConnectionManager configured = super.configureConnectionManager(manager);
                pool.set(configured);
                return configured;
            }
        }.using(withoutSocketTimeout(client)).build("downstream-" + name);
        return new PooledClient(built, Objects.requireNonNull(pool.get(), "connection pool of downstream " + name));
    }

    /**
     * The longest each call to this downstream waits for its whole answer: {@code client.timeout}, which Dropwizard
     * would have made a socket timeout ({@link AnswerDeadline} says why it is not one).
     *
     * @throws IllegalArgumentException if {@code client.timeout} is not positive (for Dropwizard, 0 meant no limit)
     */
    public AnswerDeadline answerDeadline(String name, AnswerDeadline.Scheduler scheduler) {
        java.time.Duration limit = client.getTimeout().toJavaDuration();
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("config.yml downstreams." + name + ".client.timeout must be positive, "
                    + "not " + client.getTimeout() + ": it is the longest a call waits for its whole answer, behind the "
                    + "ports' own timeouts (Hearth's default is 5s)");
        }
        return new AnswerDeadline(limit, scheduler);
    }

    /** {@code client} as the pool is built from it: with no socket timeout, since {@link #answerDeadline} replaces it. */
    private static HttpClientConfiguration withoutSocketTimeout(HttpClientConfiguration client) {
        HttpClientConfiguration copy = COPIER.convertValue(client, HttpClientConfiguration.class);
        copy.setTimeout(io.dropwizard.util.Duration.milliseconds(0)); // 0: no SO_TIMEOUT, reads park untimed
        return copy;
    }
}
