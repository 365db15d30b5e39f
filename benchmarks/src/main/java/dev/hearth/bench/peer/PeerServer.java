package dev.hearth.bench.peer;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.hearth.adapters.out.http.AnswerDeadline;
import dev.hearth.bench.JettyClients;
import dev.hearth.adapters.out.http.HttpClientDefaults;
import dev.hearth.adapters.out.http.cards.CardHttpAdapter;
import dev.hearth.adapters.out.http.corebanking.CoreBankingHttpAdapter;
import dev.hearth.adapters.out.http.marketing.MarketingHttpAdapter;
import dev.hearth.adapters.out.http.openbanking.OpenBankingHttpAdapter;
import dev.hearth.adapters.out.http.partners.PartnerHttpAdapter;
import dev.hearth.adapters.out.persistence.nickname.NicknameJdbiAdapter;
import dev.hearth.migrations.DatabaseMigrations;
import dev.hearth.ports.domain.model.AccountId;
import dev.hearth.ports.domain.model.CardId;
import dev.hearth.ports.domain.model.CustomerId;
import io.dropwizard.client.HttpClientBuilder;
import io.dropwizard.client.HttpClientConfiguration;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.util.Duration;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.Deflater;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.compression.DeflaterPool;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;

/**
 * The peers Hearth is measured against: the same home screen (profile, accounts with balance, nickname and
 * partnership each, card list with one detail call per card, open banking with a 30 s freshness window, banners),
 * through the same adapters (the bare peer: the same nickname adapter), against the same sandbox, written the ways a
 * team would otherwise write it:
 * <ul>
 *   <li>{@code sequential}: one call after another on the request's thread (the legacy way);</li>
 *   <li>{@code pool}: the calls as {@link java.util.concurrent.CompletableFuture}s on a fixed pool of platform
 *   threads, each optional part bounded by the same deadline as in screens/home.yml (the usual hand-written way);</li>
 *   <li>{@code bare}: the reference point, a bare Jetty + Jackson aggregation with every HTTP call
 *   asynchronous ({@link BareHome}).</li>
 * </ul>
 * Each verifies the bearer JWT as Hearth does (Nimbus, ES256, issuer, audience, expiry, scope) and answers with the same
 * JSON shape, gzipped as Hearth's when asked. The front end is plain Jetty 12 on a pool of platform threads
 * ({@code --server-threads}).
 */
public final class PeerServer {

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        double scale = Double.parseDouble(o.getOrDefault("--time-scale", "1"));
        String mode = o.getOrDefault("--mode", "pool");
        URI base = URI.create(o.get("--base-url"));
        URI marketing = URI.create(o.getOrDefault("--marketing-url", o.get("--base-url")));
        ObjectMapper mapper = mapper();
        MetricRegistry metrics = new MetricRegistry();

        Deadlines deadlines = Deadlines.scaled(scale);
        // The peers' deadlines are their clients' socket timeouts, the usual way and cheap on platform threads; the
        // adapters' own answer deadline (Hearth's, on its timer) is not needed, so it is one that never fires.
        AnswerDeadline sockets = new AnswerDeadline(java.time.Duration.ofDays(1), (delay, task) -> () -> { });
        var core = new CoreBankingHttpAdapter(client("coreBanking", deadlines.accounts(), metrics), base, sockets, mapper);
        var partners = new PartnerHttpAdapter(client("partners", deadlines.partnership(), metrics), base, sockets, mapper);
        var cards = new CardHttpAdapter(client("cards", deadlines.cardDetails(), metrics), base, sockets, mapper);
        var openBanking = new OpenBankingHttpAdapter(client("openBanking", deadlines.openBanking(), metrics), base, sockets,
                mapper);
        var banners = new MarketingHttpAdapter(client("marketing", deadlines.banners(), metrics), marketing, sockets, mapper);

        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:" + o.get("--db")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
        pool.setMaxConnections(32);
        DatabaseMigrations.migrate(pool);
        NicknameJdbiAdapter nicknames = new NicknameJdbiAdapter(Jdbi.create(pool));
        nicknames.warmUp();

        HomePorts ports = new HomePorts(core, core, core, partners, nicknames, cards, cards, openBanking, banners);
        HomeComposition composition = switch (mode) {
            case "sequential" -> new SequentialHome(ports);
            case "pool" -> {
                int threads = Integer.parseInt(o.getOrDefault("--pool-threads", "200"));
                ExecutorService executor = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("peer-call-", 0)
                        .daemon(true).factory());
                yield new PooledHome(ports, executor, deadlines);
            }
            case "bare" -> new BareHome(ports, bareClient(), base.toString(), marketing.toString(), mapper, deadlines);
            default -> throw new IllegalArgumentException("--mode sequential|pool|bare, not " + mode);
        };

        Auth auth = new Auth(o.containsKey("--jwks-file") ? Files.readString(Path.of(o.get("--jwks-file"))) : o.get("--jwks"),
                o.getOrDefault("--issuer", "https://sandbox.hearth.local"), o.getOrDefault("--audience", "hearth-home"));

        int serverThreads = Integer.parseInt(o.getOrDefault("--server-threads", "200"));
        QueuedThreadPool threads = new QueuedThreadPool(serverThreads, 8);
        threads.setName("peer-http");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(o.get("--port")));
        connector.setAcceptQueueSize(8192);
        server.addConnector(connector);
        server.setHandler(gzipped(new HomeHandler(composition, auth, mapper)));
        server.start();
        System.out.println("peer " + mode + " serving at http://127.0.0.1:" + connector.getLocalPort() + "/v1/home");
        server.join();
    }

    /**
     * Compresses an answer when the client asks for it, as Dropwizard's default {@code server.gzip} does for Hearth
     * (from 256 bytes, zlib's default level). The load generator's Jetty client sends {@code Accept-Encoding: gzip}:
     * without this the peers would skip work that Hearth does for the same request (wrk asks for no compression).
     */
    private static Handler gzipped(Handler handler) {
        GzipHandler gzip = new GzipHandler();
        gzip.setHandler(handler);
        gzip.setMinGzipSize(256);
        gzip.setDeflaterPool(new DeflaterPool(1024, Deflater.DEFAULT_COMPRESSION, true));
        return gzip;
    }

    /** GET /v1/home: verify the token, compose, write JSON. */
    private static final class HomeHandler extends Handler.Abstract {
        private final HomeComposition composition;
        private final Auth auth;
        private final ObjectMapper mapper;

        HomeHandler(HomeComposition composition, Auth auth, ObjectMapper mapper) {
            this.composition = composition;
            this.auth = auth;
            this.mapper = mapper;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (!"/v1/home".equals(Request.getPathInContext(request))) {
                Response.writeError(request, response, callback, 404);
                return true;
            }
            String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            CustomerId customer = auth.customer(authorization);
            if (customer == null) {
                Response.writeError(request, response, callback, 401);
                return true;
            }
            String requestId = request.getHeaders().get("X-Request-Id");
            composition.homeAsync(customer, authorization.substring(7),
                    requestId != null ? requestId : java.util.UUID.randomUUID().toString()).whenComplete((home, error) -> {
                        byte[] body;
                        try {
                            body = error == null ? mapper.writeValueAsBytes(home.body()) : null;
                        } catch (Exception e) {
                            body = null;
                        }
                        if (body == null) {
                            Response.writeError(request, response, callback, 500);
                            return;
                        }
                        response.setStatus(home.status());
                        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                        response.getHeaders().put("X-Hearth-Complete", Boolean.toString(home.complete()));
                        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                        response.write(true, ByteBuffer.wrap(body), callback);
                    });
            return true;
        }
    }

    /**
     * The bearer token checked as Hearth checks it, a verified token remembered as Hearth's VerifiedTokens does (until
     * expiry, at most 5 minutes, 10,000 tokens); null when it is not acceptable.
     */
    static final class Auth {
        private record Verified(CustomerId customer, java.time.Instant until) {
        }

        private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();

        Auth(String jwks, String issuer, String audience) throws Exception {
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256),
                    new ImmutableJWKSet<>(JWKSet.parse(jwks))));
            DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
                    new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iat"));
            claims.setMaxClockSkew(30);
            processor.setJWTClaimsSetVerifier(claims);
        }

        CustomerId customer(String authorization) {
            if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return null;
            }
            String token = authorization.substring(7);
            Verified known = verified.get(token);
            java.time.Instant now = java.time.Instant.now();
            if (known != null && now.isBefore(known.until())) {
                return known.customer();
            }
            try {
                JWTClaimsSet claims = processor.process(token, null);
                String scope = claims.getStringClaim("scope");
                if (scope == null || !Set.of(scope.split(" ")).contains("home:read")) {
                    return null;
                }
                CustomerId customer = new CustomerId(claims.getSubject());
                java.time.Instant until = claims.getExpirationTime().toInstant().plusSeconds(30);
                if (until.isAfter(now.plusSeconds(300))) {
                    until = now.plusSeconds(300);
                }
                if (verified.size() >= 10_000) {
                    verified.clear();
                }
                verified.put(token, new Verified(customer, until));
                return customer;
            } catch (Exception e) {
                return null;
            }
        }
    }

    /**
     * The bare peer's client: Jetty's, asynchronous, one selector and a few threads that parse the answers and run the
     * composition's callbacks. Jetty pools connections per host and port, and every downstream here is the one sandbox:
     * 4,096 connections to it, where Hearth has up to 1,024 for each of its five downstreams.
     */
    private static org.eclipse.jetty.client.HttpClient bareClient() throws Exception {
        var client = JettyClients.create("bare-client", 4096, 65_536);
        client.start();
        return client;
    }

    /** A downstream's connection pool as Hearth builds it, with the port's timeout as socket timeout. */
    private static CloseableHttpClient client(String name, java.time.Duration timeout, MetricRegistry metrics) {
        HttpClientConfiguration client = HttpClientDefaults.forDownstreams();
        client.setTimeout(Duration.milliseconds(timeout.toMillis()));
        return new HttpClientBuilder(metrics).using(client).build("peer-" + name);
    }

    /** Hearth's JSON conventions (HearthJson): ids as plain strings, instants as ISO-8601. */
    private static ObjectMapper mapper() {
        SimpleModule ids = new SimpleModule("hearth-ids");
        ids.addSerializer(CustomerId.class, ToStringSerializer.instance);
        ids.addSerializer(AccountId.class, ToStringSerializer.instance);
        ids.addSerializer(CardId.class, ToStringSerializer.instance);
        return Jackson.newObjectMapper().registerModule(ids).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private PeerServer() {
    }
}
