package dev.hearth.home.runtime;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.adapters.out.http.AnswerDeadline;
import dev.hearth.adapters.out.http.credentials.BearerTokenClient;
import dev.hearth.adapters.out.http.credentials.ClientCredentialsTokens;
import dev.hearth.adapters.out.http.credentials.TokenEndpoint;
import dev.hearth.dsl.spi.Timer;
import dev.hearth.home.config.CredentialsFactory;
import dev.hearth.home.config.DownstreamFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.pool.PoolStats;

/**
 * The downstream systems: a base URL and one HTTP client (connection pool) each. A downstream
 * without a configured base URL is served by the sandbox when it runs; otherwise start-up fails
 * naming the missing key.
 */
public final class Downstreams implements AutoCloseable {
    /** Every downstream Hearth calls, as named under {@code downstreams:} in config.yml. */
    public static final List<String> NAMES = List.of("coreBanking", "partners", "cards", "openBanking", "marketing", "legacy");
    /** Where the answer deadlines are kept: the engine's timer, which wakes for none of them unless one comes due. */
    public static final AnswerDeadline.Scheduler HEARTHS_TIMER = (delay, task) -> {
        Timer timer = Timer.system();
        return timer.schedule(timer.now().plus(delay), task)::cancel;
    };

    private final Map<String, URI> baseUrls = new LinkedHashMap<>();
    private final Map<String, CloseableHttpClient> clients = new LinkedHashMap<>();
    private final Map<String, AnswerDeadline> deadlines = new LinkedHashMap<>();
    private final Map<String, PoolingHttpClientConnectionManager> pools = new LinkedHashMap<>();
    /** The pools the service tokens are asked for from, closed with the downstreams'. */
    private final List<CloseableHttpClient> tokenClients = new ArrayList<>();
    private static final ObjectMapper TOKEN_JSON = new ObjectMapper();

    public Downstreams(Map<String, DownstreamFactory> configured, Optional<URI> sandbox, MetricRegistry metrics) {
        TreeSet<String> unknown = new TreeSet<>(configured.keySet());
        NAMES.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("config.yml downstreams." + unknown.first()
                    + " is not a downstream Hearth knows. Downstreams are: " + NAMES);
        }
        for (String name : NAMES) {
            DownstreamFactory factory = configured.getOrDefault(name, new DownstreamFactory());
            URI baseUrl = factory.getBaseUrl().or(() -> sandbox).orElseThrow(() -> new IllegalArgumentException(
                    "config.yml downstreams." + name + ".baseUrl is required when the sandbox is disabled"));
            baseUrls.put(name, baseUrl);
            factory.checkCredentials(name, baseUrl);
            deadlines.put(name, factory.answerDeadline(name, HEARTHS_TIMER));
            DownstreamFactory.PooledClient client = factory.buildPooledClient(name, metrics);
            clients.put(name, withServiceToken(name, factory, baseUrl, client.client(), metrics));
            pools.put(name, client.pool());
        }
    }

    /**
     * The downstream's client as its calls use it: for {@code credentials.type: oauth2}, one that sends a service token,
     * asked for from its own small pool and refreshed in the background ({@link ClientCredentialsTokens}); the first
     * token is asked for now.
     */
    private CloseableHttpClient withServiceToken(String name, DownstreamFactory factory, URI baseUrl,
            CloseableHttpClient client, MetricRegistry metrics) {
        if (!(factory.getCredentials() instanceof CredentialsFactory.OAuth2 oauth2)) {
            return client;
        }
        CloseableHttpClient tokenClient = factory.buildTokenClient(name, metrics, oauth2.timeout());
        tokenClients.add(tokenClient);
        TokenEndpoint endpoint = new TokenEndpoint(name, tokenClient, oauth2.tokenUrl(baseUrl), oauth2.clientId(),
                oauth2.clientSecret(), oauth2.scope(), oauth2.timeout(), HEARTHS_TIMER, TOKEN_JSON);
        ClientCredentialsTokens tokens = new ClientCredentialsTokens(name, endpoint, oauth2.refreshBefore(),
                oauth2.timeout(), HEARTHS_TIMER);
        tokens.prefetch();
        return new BearerTokenClient(client, tokens);
    }

    public URI baseUrl(String name) {
        return require(baseUrls, name);
    }

    public CloseableHttpClient client(String name) {
        return require(clients, name);
    }

    /** The longest a call to the downstream waits for its whole answer ({@code client.timeout}). */
    public AnswerDeadline deadline(String name) {
        return require(deadlines, name);
    }

    /** An HTTP adapter built on the downstream's client, base URL and answer deadline: {@code CardHttpAdapter::new}. */
    public <A> A adapter(String name, HttpAdapter<A> constructor, ObjectMapper mapper) {
        return constructor.create(client(name), baseUrl(name), deadline(name), mapper);
    }

    /** The constructor every HTTP adapter has. */
    @FunctionalInterface
    public interface HttpAdapter<A> {
        A create(CloseableHttpClient client, URI baseUrl, AnswerDeadline deadline, ObjectMapper mapper);
    }

    /**
     * The connection pool of a downstream right now: {@code leased} connections are in use by a call
     * (a leak if it stays above zero once nothing runs), {@code available} ones are idle and reusable, and
     * {@code max} is the most its calls can hold at once: the pool's {@code maxConnections}, or its
     * {@code maxConnectionsPerRoute} when lower, since a downstream is one base URL and so one route.
     */
    public PoolStats pool(String name) {
        PoolingHttpClientConnectionManager pool = require(pools, name);
        PoolStats total = pool.getTotalStats();
        return new PoolStats(total.getLeased(), total.getPending(), total.getAvailable(),
                Math.min(pool.getMaxTotal(), pool.getDefaultMaxPerRoute()));
    }

    private static <T> T require(Map<String, T> values, String name) {
        T value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no downstream '" + name + "'; downstreams are " + NAMES);
        }
        return value;
    }

    @Override
    public void close() {
        List<CloseableHttpClient> all = new ArrayList<>(clients.values());
        all.addAll(tokenClients);
        for (CloseableHttpClient client : all) {
            try {
                client.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
