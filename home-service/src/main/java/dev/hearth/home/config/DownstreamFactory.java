package dev.hearth.home.config;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.adapters.out.http.AnswerDeadline;
import dev.hearth.adapters.out.http.HttpClientDefaults;
import dev.hearth.adapters.out.http.StaleConnectionRetry;
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
 * the sandbox enabled, a downstream without {@code baseUrl} is served by the sandbox. A GET whose pooled connection the
 * downstream had closed is sent once more on another ({@link StaleConnectionRetry}, ADR 020).
 */
public final class DownstreamFactory {
    private static final ObjectMapper COPIER = Jackson.newObjectMapper();
    private static final String LEGACY = "legacy";
    private static final java.util.Set<String> LOOPBACK = java.util.Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    @JsonProperty
    private URI baseUrl;

    /** Merged: a {@code client:} block that sets one key keeps Hearth's defaults ({@link HttpClientDefaults}) for the others. */
    @Valid
    @NotNull
    @JsonMerge
    @JsonProperty
    private HttpClientConfiguration client = HttpClientDefaults.forDownstreams();

    /** Hearth's own credential towards this downstream; {@code none} by default. */
    @Valid
    @NotNull
    @JsonProperty
    private CredentialsFactory credentials = new CredentialsFactory.None();

    public Optional<URI> getBaseUrl() {
        return Optional.ofNullable(baseUrl);
    }

    public void setBaseUrl(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    public HttpClientConfiguration getClient() {
        return client;
    }

    public CredentialsFactory getCredentials() {
        return credentials;
    }

    public void setCredentials(CredentialsFactory credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    /**
     * Refuses a credential that cannot work with this downstream, naming the key: a client certificate over plain
     * {@code http}, or beside a {@code client.tls} of its own; a service token for legacy, which takes the customer's
     * token in the one {@code Authorization} header; a service token sent in clear beyond loopback.
     */
    public void checkCredentials(String name, URI baseUrl) {
        String key = "config.yml downstreams." + name + ".credentials";
        switch (credentials) {
            case CredentialsFactory.None none -> { }
            case CredentialsFactory.ClientCertificate certificate -> {
                if (!"https".equals(baseUrl.getScheme())) {
                    throw new IllegalArgumentException(key + ": a client certificate needs an https baseUrl, not " + baseUrl);
                }
                if (client.getTlsConfiguration() != null) {
                    throw new IllegalArgumentException(key + ": type clientCertificate sets the TLS of the client; remove "
                            + "downstreams." + name + ".client.tls, or keep it and set credentials type none");
                }
            }
            case CredentialsFactory.OAuth2 oauth2 -> {
                if (name.equals(LEGACY)) {
                    throw new IllegalArgumentException(key + ": legacy is sent the customer's own token in Authorization, "
                            + "so it cannot take a service token too; give Hearth a client certificate towards it instead "
                            + "(type clientCertificate), see docs/SECURITY.md");
                }
                inClearOnlyOnLoopback(key + " (baseUrl)", baseUrl);
                inClearOnlyOnLoopback(key + ".tokenUrl", oauth2.tokenUrl(baseUrl));
            }
        }
    }

    private static void inClearOnlyOnLoopback(String key, URI url) {
        if ("http".equals(url.getScheme()) && !LOOPBACK.contains(url.getHost())) {
            throw new IllegalArgumentException(key + ": " + url + " would carry a service token or secret in clear; use https "
                    + "(plain http is allowed only on loopback, for the sandbox)");
        }
    }

    public CloseableHttpClient buildClient(String name, MetricRegistry metrics) {
        return buildPooledClient(name, metrics).client();
    }

    /** The client and its connection pool, whose stats show leased (in use) and idle connections. */
    public record PooledClient(CloseableHttpClient client, PoolingHttpClientConnectionManager pool) {
    }

    public PooledClient buildPooledClient(String name, MetricRegistry metrics) {
        try {
            return buildPool(name, metrics);
        } catch (org.apache.hc.core5.ssl.SSLInitializationException e) {
            throw new IllegalArgumentException("config.yml downstreams." + name + ".credentials: the key or trust store "
                    + "cannot be used (" + e.getMessage() + ")", e);
        }
    }

    /** {@code hearth.downstream.<name>.stale-connection-retries}: GETs sent again after a pooled connection was found closed. */
    public static String staleConnectionRetries(String name) {
        return "hearth.downstream." + name + ".stale-connection-retries";
    }

    private PooledClient buildPool(String name, MetricRegistry metrics) {
        AtomicReference<PoolingHttpClientConnectionManager> pool = new AtomicReference<>();
        com.codahale.metrics.Counter staleRetries = metrics.counter(staleConnectionRetries(name));
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

            /** Dropwizard's client, with the one retry of a GET on a connection the downstream closed (ADR 020). */
            @Override
            protected org.apache.hc.client5.http.impl.classic.HttpClientBuilder customizeBuilder(
                    org.apache.hc.client5.http.impl.classic.HttpClientBuilder builder) {
                return builder.setRetryStrategy(new StaleConnectionRetry(name, () -> {
                    staleRetries.inc();
                    // The other idle connections most likely went the same way: closed, the retry opens a new one.
                    pool.get().closeIdle(TimeValue.ZERO_MILLISECONDS);
                }));
            }

            @Override
            protected InstrumentedHttpClientConnectionManager configureConnectionManager(
                    InstrumentedHttpClientConnectionManager manager) {
                InstrumentedHttpClientConnectionManager configured = super.configureConnectionManager(manager);
                pool.set(configured);
                return configured;
            }
        }.using(asBuilt(name)).build("downstream-" + name);
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

    /**
     * {@code client} as the pool is built from it: with no socket timeout, since {@link #answerDeadline} replaces it, and
     * with the key and trust stores of a client certificate.
     */
    private HttpClientConfiguration asBuilt(String name) {
        HttpClientConfiguration built = withoutSocketTimeout(client);
        if (credentials instanceof CredentialsFactory.ClientCertificate certificate) {
            built.setTlsConfiguration(certificate.tls(name));
        }
        return built;
    }

    /**
     * The client a downstream's token endpoint is asked with: its own small pool, with the downstream's {@code client}
     * settings (a {@code tls} trust store among them) and a socket timeout of the credential's {@code timeout}.
     */
    public CloseableHttpClient buildTokenClient(String name, MetricRegistry metrics, java.time.Duration timeout) {
        HttpClientConfiguration copy = COPIER.convertValue(client, HttpClientConfiguration.class);
        copy.setTimeout(io.dropwizard.util.Duration.milliseconds(timeout.toMillis()));
        copy.setMaxConnections(4);
        copy.setMaxConnectionsPerRoute(4);
        return new HttpClientBuilder(metrics).using(copy).build("token-" + name);
    }

    /** {@code client} with no socket timeout. */
    private static HttpClientConfiguration withoutSocketTimeout(HttpClientConfiguration client) {
        HttpClientConfiguration copy = COPIER.convertValue(client, HttpClientConfiguration.class);
        copy.setTimeout(io.dropwizard.util.Duration.milliseconds(0)); // 0: no SO_TIMEOUT, reads park untimed
        return copy;
    }
}
