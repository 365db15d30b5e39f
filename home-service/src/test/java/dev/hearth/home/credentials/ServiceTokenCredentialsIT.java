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
 * Downstreams called with a service token (OAuth2 client credentials), against a sandbox that requires one from its
 * token endpoint: the whole application, with marketing's token endpoint down.
 */
class ServiceTokenCredentialsIT {
    static final int SANDBOX_PORT = freePort();
    static final URI SANDBOX = URI.create("http://127.0.0.1:" + SANDBOX_PORT);
    // The secret through the environment substitution: an unset variable with a default (config.yml reads ${VAR}).
    static final String OAUTH2 = "{ type: oauth2, tokenUrl: /oauth2/token, clientId: hearth, "
            + "clientSecret: '${HEARTH_IT_UNSET_SECRET:-s3cret}' }";

    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig()
            .override("sandbox.port", String.valueOf(SANDBOX_PORT))
            .override("sandbox.requireCredential", "bearer")
            .override("sandbox.oauth2.clientSecret", "s3cret")
            .override("sandbox.oauth2.tokenLifetime", "3s")
            .edit(config -> config + """

                    downstreams:
                      coreBanking: { credentials: %1$s }
                      partners: { credentials: %1$s }
                      cards: { credentials: %1$s }
                      openBanking: { credentials: %1$s }
                      # its token endpoint is down: nothing listens there
                      marketing:
                        credentials: { type: oauth2, tokenUrl: 'http://127.0.0.1:%2$d/oauth2/token', clientId: hearth, clientSecret: s3cret }
                    """.formatted(OAUTH2, freePort()));

    @Test
    void aTokenEndpointThatIsDownDegradesOnlyTheSectionsOfItsDownstream() {
        JsonNode home = APP.json("/v1/screens/home", "alice");

        assertThat(statuses(home)).containsExactly(Map.entry("profile", "OK"), Map.entry("accounts", "OK"),
                Map.entry("cardList", "OK"), Map.entry("cards", "OK"), Map.entry("openBanking", "OK"),
                Map.entry("banners", "FALLBACK"));
        assertThat(section(home, "banners").get("reason").asText()).isEqualTo("ERROR");
        assertThat(APP.gauge("hearth.sandbox.calls.banners")).as("no banners call was sent without a token").isEqualTo(0L);
    }

    @Test
    void theSandboxRefusesACallWithoutAValidTokenAndServesOneWithIt() {
        HttpResponse<String> without = Http.send(Http.request(SANDBOX.resolve("/core/customers/alice/profile")).GET().build());
        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(Http.header(without, "WWW-Authenticate")).contains("invalid_token");
        assertThat(get("/core/customers/alice/profile", "sbx.not-one-it-issued").statusCode()).isEqualTo(401);

        HttpResponse<String> wrongSecret = token("hearth:guess");
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(wrongSecret.body()).contains("invalid_client");

        HttpResponse<String> issued = token("hearth:s3cret");
        assertThat(issued.statusCode()).isEqualTo(200);
        JsonNode json = Http.json(issued.body());
        assertThat(json.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(json.get("expires_in").asInt()).isEqualTo(3);
        assertThat(get("/core/customers/alice/profile", json.get("access_token").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void tokensAreCachedAndRefreshedBeforeTheyExpireWithoutACallFailing() throws InterruptedException {
        APP.json("/v1/screens/home", "alice"); // every downstream has its first token
        long before = (Long) APP.gauge("hearth.sandbox.tokens-issued");
        long callsBefore = (Long) APP.gauge("hearth.sandbox.calls.profile");
        long started = System.nanoTime();
        int homes = 0;
        // 3 s tokens refreshed when half is left: over 5 s, each of the four downstreams refreshes about three times
        while (System.nanoTime() - started < Duration.ofSeconds(5).toNanos()) {
            JsonNode home = APP.json("/v1/screens/home", "bob");
            assertThat(statuses(home)).as("home %d", homes).filteredOn(s -> !s.getKey().equals("banners"))
                    .allMatch(s -> s.getValue().equals("OK"));
            homes++;
            Thread.sleep(50);
        }
        long issued = (Long) APP.gauge("hearth.sandbox.tokens-issued") - before;
        long calls = (Long) APP.gauge("hearth.sandbox.calls.profile") - callsBefore;

        assertThat(calls).isGreaterThanOrEqualTo(homes);
        assertThat(issued).as("tokens issued for %d homes", homes).isBetween(4L, 4L * 5);
    }

    private static HttpResponse<String> get(String path, String token) {
        return Http.send(Http.request(SANDBOX.resolve(path)).header("Authorization", "Bearer " + token).GET().build());
    }

    private static HttpResponse<String> token(String basic) {
        return Http.send(Http.request(SANDBOX.resolve("/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
    }


    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
