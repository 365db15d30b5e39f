package dev.hearth.home.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.ports.domain.model.CustomerId;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole application with {@code auth.jwksUri} at a real JWK set endpoint: a token of the identity provider's key
 * opens the home, and after a rotation a token of its new key does too, without a restart. And start-up refused while
 * the sandbox's key is trusted with the sandbox off.
 */
class JwksUriIT {
    private static final String ISSUER = "https://sandbox.hearth.local";

    private final AtomicReference<String> published = new AtomicReference<>();
    private HttpServer idp;
    private HearthApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
        if (idp != null) {
            idp.stop(0);
        }
    }

    private static ECKey key(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private String startIdp() throws IOException {
        idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        idp.createContext("/.well-known/jwks.json", exchange -> {
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        idp.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        idp.start();
        return "http://127.0.0.1:" + idp.getAddress().getPort() + "/.well-known/jwks.json";
    }

    private static String token(ECKey key) {
        return new TokenIssuer(key.toJSONString(), ISSUER, "hearth-home")
                .issue(new CustomerId("alice"), "home:read", Instant.now(), Duration.ofMinutes(5));
    }

    @Test
    void theIdentityProvidersRotatedKeyIsTrustedWithoutARestart() throws Exception {
        ECKey first = key("idp-1");
        published.set(new JWKSet(first.toPublicJWK()).toString());
        String uri = startIdp();
        app = HearthApp.onTestConfig().edit(config -> config.replaceFirst("(?m)^  jwks: .*$", "  jwksUri: " + uri)).start();

        assertThat(app.get("/v1/home", token(first)).statusCode()).isEqualTo(200);

        ECKey second = key("idp-2");
        published.set(new JWKSet(second.toPublicJWK()).toString());

        assertThat(app.get("/v1/home", token(second)).statusCode()).isEqualTo(200);
        assertThat(app.get("/v1/home", app.token("alice")).statusCode()).as("the sandbox's key is not trusted")
                .isEqualTo(401);
    }

    @Test
    void theSandboxsKeyTrustedWithTheSandboxOffRefusesToStart() {
        app = HearthApp.onTestConfig().override("sandbox.enabled", "false");

        assertThatThrownBy(app::start).satisfies(thrown -> assertThat(messages(thrown))
                .contains("config.yml auth.jwks trusts the sandbox's signing key (kid sandbox-2026-11) while "
                        + "sandbox.enabled is false"));
    }

    private static String messages(Throwable thrown) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            all.append(cause.getMessage()).append('\n');
        }
        return all.toString();
    }
}
