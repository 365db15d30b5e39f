package dev.hearth.home.credentials;

import static dev.hearth.home.testing.Http.section;
import static dev.hearth.home.testing.Http.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Downstreams called over mutual TLS with Hearth's client certificate, against a sandbox that requires one: the whole
 * application, with certificates keytool makes for the test.
 */
class ClientCertificateCredentialsIT {
    static final TestCertificates CERTS = TestCertificates.generate();
    static final int SANDBOX_PORT = freePort();
    static final URI SANDBOX = URI.create("https://127.0.0.1:" + SANDBOX_PORT);

    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig()
            .override("sandbox.port", String.valueOf(SANDBOX_PORT))
            .override("sandbox.requireCredential", "clientCertificate")
            .override("sandbox.tls.keyStorePath", CERTS.sandboxKeys().toString())
            .override("sandbox.tls.keyStorePassword", TestCertificates.PASSWORD)
            .override("sandbox.tls.trustStorePath", CERTS.sandboxTrusts().toString())
            .override("sandbox.tls.trustStorePassword", TestCertificates.PASSWORD)
            .edit(config -> config + "\ndownstreams:\n" + String.join("", List.of("coreBanking", "partners", "cards",
                    "openBanking", "marketing", "legacy").stream().map(name -> """
                      %s:
                        credentials: { type: clientCertificate, keyStorePath: '%s', keyStorePassword: %s, trustStorePath: '%s', trustStorePassword: %s }
                    """.formatted(name, CERTS.hearthKeys(), TestCertificates.PASSWORD, CERTS.hearthTrusts(),
                    TestCertificates.PASSWORD)).toList()));

    @Test
    void everyDownstreamIsCalledOverMutualTls() {
        JsonNode home = APP.json("/v1/screens/home", "alice");

        assertThat(statuses(home)).allMatch(s -> s.getValue().equals("OK"));
        assertThat(Http.header(APP.get("/v1/home", "alice"), "X-Hearth-Served-By")).isEqualTo("hearth");
    }

    @Test
    void theSandboxRefusesAConnectionWithoutATrustedClientCertificate() throws Exception {
        URI profile = SANDBOX.resolve("/core/customers/alice/profile");

        assertThatThrownBy(() -> send(CERTS.context(null), profile)).as("no certificate").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> send(CERTS.context(CERTS.strangerKeys()), profile)).as("a certificate it does not trust")
                .isInstanceOf(IOException.class);
        assertThat(send(CERTS.context(CERTS.hearthKeys()), profile).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> send(SSLContext context, URI uri) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
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
