package dev.hearth.home.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.hearth.home.config.AuthFactory;
import dev.hearth.ports.domain.model.CustomerId;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keys from {@code auth.jwksUri}, against a real HTTP JWK set endpoint (the JDK's server) that counts its fetches:
 * a key rotation at the identity provider is followed without a restart, made-up key ids do not cause a fetch each,
 * an outage keeps the last keys for a bounded time. Real time, with margins of a second or more.
 */
class JwksUriTest {
    private static final String ISSUER = "https://idp.test";
    private static final String AUDIENCE = "hearth-home";

    private final AtomicReference<String> published = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile int status = 200;
    private final HttpServer idp = startIdp();
    private final List<VerificationKeys> opened = new ArrayList<>();

    private HttpServer startIdp() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/.well-known/jwks.json", exchange -> {
                fetches.incrementAndGet();
                byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                if (status != 200) {
                    exchange.sendResponseHeaders(status, -1);
                    exchange.close();
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() throws IOException {
        for (VerificationKeys keys : opened) {
            keys.close();
        }
        idp.stop(0);
    }

    private String jwksUri() {
        return "http://127.0.0.1:" + idp.getAddress().getPort() + "/.well-known/jwks.json";
    }

    private static ECKey newKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void publish(JWK... keys) {
        List<JWK> publicKeys = new ArrayList<>();
        for (JWK key : keys) {
            publicKeys.add(key.toPublicJWK());
        }
        published.set(new JWKSet(publicKeys).toString());
    }

    private static AuthFactory config(Map<String, Object> auth) {
        Map<String, Object> all = new LinkedHashMap<>(Map.of("issuer", ISSUER, "audience", AUDIENCE));
        all.putAll(auth);
        return Jackson.newObjectMapper().convertValue(all, AuthFactory.class);
    }

    private JwtAuthenticator authenticator(Map<String, Object> refresh) {
        AuthFactory config = config(Map.of("jwksUri", jwksUri(), "jwksRefresh", refresh));
        VerificationKeys keys = VerificationKeys.of(config);
        opened.add(keys);
        keys.warm();
        return new JwtAuthenticator(config, keys);
    }

    private static final AtomicInteger CUSTOMERS = new AtomicInteger();

    /** A new token (a new subject each time: a token seen before would come from the verified-token cache). */
    private static String token(ECKey key) {
        return new TokenIssuer(key.toJSONString(), ISSUER, AUDIENCE).issue(
                new CustomerId("customer" + CUSTOMERS.incrementAndGet()), "home:read", Instant.now(), Duration.ofMinutes(5));
    }

    @Test
    void aTokenSignedWithTheNewKeyIsAcceptedOnceTheIdentityProviderRotatesWithoutARestart() {
        ECKey old = newKey("idp-2026-11");
        publish(old);
        JwtAuthenticator authenticator = authenticator(Map.of());
        assertThat(authenticator.authenticate(token(old))).isPresent();

        ECKey rotated = newKey("idp-2026-12");
        publish(rotated); // the old key withdrawn at once: the cache (5 minutes) still holds it
        assertThat(fetches.get()).isEqualTo(1);

        assertThat(authenticator.authenticate(token(rotated))).as("an unknown kid fetches the keys again").isPresent();
        assertThat(fetches.get()).isEqualTo(2);
        assertThat(authenticator.authenticate(token(old))).as("withdrawn, and the keys were fetched again").isEmpty();
    }

    @Test
    void tokensWithUnknownKeyIdsDoNotCauseAFetchEach() throws Exception {
        ECKey known = newKey("idp-2026-11");
        publish(known);
        JwtAuthenticator authenticator = authenticator(Map.of("minInterval", "1m"));
        int atStart = fetches.get();

        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<Optional<CustomerPrincipal>>> refused = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String forged = token(newKey("made-up-" + i));
            refused.add(callers.submit(() -> authenticator.authenticate(forged)));
        }
        for (Future<Optional<CustomerPrincipal>> result : refused) {
            assertThat(result.get()).isEmpty();
        }
        callers.close();

        assertThat(atStart).isEqualTo(1);
        assertThat(fetches.get()).as("fetches for 200 unknown kids within the minimum interval").isLessThanOrEqualTo(2);
        assertThat(authenticator.authenticate(token(known))).as("the cached keys still verify").isPresent();
    }

    @Test
    void anOutageKeepsTheLastKeysForTheConfiguredToleranceThenTokensAreRefused() throws Exception {
        ECKey key = newKey("idp-2026-11");
        publish(key);
        JwtAuthenticator authenticator = authenticator(Map.of("timeToLive", "1s", "minInterval", "100ms",
                "timeout", "300ms", "outageTolerance", "3s"));
        Instant fetched = Instant.now();
        status = 503;

        sleepUntil(fetched.plusMillis(2_000)); // past the time to live (1 s), well within the tolerance (3 s, + up to 1 s)
        assertThat(authenticator.authenticate(token(key))).as("the keys fetched last, during the outage").isPresent();
        assertThat(fetches.get()).as("the cache expired and the endpoint was asked again").isGreaterThan(1);

        // Kept until the tolerance past the time to live (4 s), and cached once more for up to a time to live (5 s)
        sleepUntil(fetched.plusMillis(7_000));
        assertThat(authenticator.authenticate(token(key))).as("after the tolerance").isEmpty();

        status = 200;
        sleepUntil(Instant.now().plusMillis(200)); // past the minimum interval between fetches
        assertThat(authenticator.authenticate(token(key))).as("the endpoint is back").isPresent();
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    @Test
    void theFetchHasATimeout() throws Exception {
        HttpServer silent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        silent.createContext("/", exchange -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close(); // no answer at all
        });
        silent.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        silent.start();
        try {
            AuthFactory config = config(Map.of("jwksUri", "http://127.0.0.1:" + silent.getAddress().getPort() + "/jwks",
                    "jwksRefresh", Map.of("timeout", "200ms")));
            VerificationKeys keys = VerificationKeys.of(config);
            opened.add(keys);
            JwtAuthenticator authenticator = new JwtAuthenticator(config, keys);
            long started = System.nanoTime();

            assertThat(authenticator.authenticate(token(newKey("any")))).isEmpty();

            // one fetch and its one retry, 200 ms each to read; far below the endpoint's 5 s
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        } finally {
            silent.stop(0);
        }
    }

    @Test
    void exactlyOneOfJwksAndJwksUri() {
        String jwks = new JWKSet(newKey("k").toPublicJWK()).toString();

        assertThatThrownBy(() -> VerificationKeys.of(config(Map.of("jwks", jwks, "jwksUri", jwksUri()))))
                .hasMessageContaining("sets both jwks and jwksUri: keep exactly one");
        assertThatThrownBy(() -> VerificationKeys.of(config(Map.of())))
                .hasMessageContaining("sets neither jwks nor jwksUri: set jwksUri to the identity provider's JWK set URL");
        assertThatThrownBy(() -> VerificationKeys.of(config(Map.of("jwks", "", "jwksUri", ""))))
                .as("${VAR:-} gives an empty value: none").hasMessageContaining("sets neither");
        assertThatThrownBy(() -> VerificationKeys.of(config(Map.of("jwksUri", "http://idp.example/jwks.json"))))
                .hasMessageContaining("auth.jwksUri").hasMessageContaining("use https");
        assertThatThrownBy(() -> VerificationKeys.of(config(Map.of("jwksUri", "idp/jwks.json"))))
                .hasMessageContaining("auth.jwksUri must be an absolute https URL");
        assertThatThrownBy(() -> VerificationKeys.of(config(Map.of("jwksUri", jwksUri(),
                "jwksRefresh", Map.of("timeToLive", "1m", "minInterval", "1m")))))
                .hasMessageContaining("auth.jwksRefresh.minInterval (1 minute) must be shorter than auth.jwksRefresh.timeToLive");
        assertThat(VerificationKeys.of(config(Map.of("jwks", jwks, "jwksUri", "")))).isNotNull();
    }
}
