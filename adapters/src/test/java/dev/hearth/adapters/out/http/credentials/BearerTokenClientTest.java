package dev.hearth.adapters.out.http.credentials;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.hearth.adapters.out.http.DownstreamStub.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.hearth.adapters.out.http.AnswerDeadline;
import dev.hearth.adapters.out.http.DownstreamStub;
import dev.hearth.adapters.out.http.legacy.LegacyHomeHttpAdapter;
import dev.hearth.adapters.out.http.marketing.MarketingHttpAdapter;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.port.out.DownstreamException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A downstream (WireMock) behind a client sending service tokens from a token endpoint (WireMock too). */
class BearerTokenClientTest {
    @RegisterExtension
    static final DownstreamStub stub = new DownstreamStub();
    static final String BANNERS = "/marketing/customers/alice/banners";
    static final AnswerDeadline.Scheduler TIMER = (delay, task) -> DownstreamStub.deadline(delay).scheduler().schedule(delay, task);

    ClientCredentialsTokens tokens;
    CloseableHttpClient client;

    @AfterEach
    void close() throws IOException {
        if (client != null) {
            client.close(org.apache.hc.core5.io.CloseMode.IMMEDIATE); // not the stub's own client: only the tokens
        }
    }

    @Test
    void everyCallCarriesTheServiceTokenFetchedOnceWithTheClientsCredentials() throws Exception {
        stub.server.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(okJson("""
                {"access_token": "svc-1", "token_type": "Bearer", "expires_in": 3600}""")));
        stub.server.stubFor(get(urlEqualTo(BANNERS)).willReturn(okJson("{\"banners\": []}")));
        MarketingHttpAdapter adapter = adapter(stub.baseUrl().resolve("/oauth2/token"), Duration.ofSeconds(2));

        for (int i = 0; i < 10; i++) {
            assertThat(adapter.loadBanners(context("alice"), new CustomerId("alice"))).isEmpty();
        }

        stub.server.verify(1, postRequestedFor(urlEqualTo("/oauth2/token"))
                .withHeader("Authorization", equalTo("Basic " + Base64.getEncoder().encodeToString("hearth:s3cret%2B".getBytes())))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded; charset=ISO-8859-1"))
                .withRequestBody(equalTo("grant_type=client_credentials&scope=banners%3Aread")));
        stub.server.verify(10, getRequestedFor(urlEqualTo(BANNERS)).withHeader("Authorization", equalTo("Bearer svc-1")));
    }

    @Test
    void aTokenEndpointThatIsDownFailsTheCallAsUnavailableWithoutCallingTheDownstream() throws Exception {
        MarketingHttpAdapter adapter = adapter(URI.create("http://127.0.0.1:" + freePort() + "/oauth2/token"),
                Duration.ofSeconds(2));

        assertThatThrownBy(() -> adapter.loadBanners(context("alice"), new CustomerId("alice")))
                .isInstanceOfSatisfying(DownstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownstreamException.Kind.UNAVAILABLE);
                    assertThat(e.downstream()).isEqualTo("marketing");
                    assertThat(e.getMessage()).contains("no service token").contains("/oauth2/token").doesNotContain("s3cret");
                });
        stub.server.verify(0, getRequestedFor(urlEqualTo(BANNERS)));
    }

    @Test
    void aSlowTokenEndpointEndsTheFetchAtItsTimeout() throws Exception {
        stub.server.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(okJson("""
                {"access_token": "svc-1", "token_type": "Bearer", "expires_in": 3600}""").withFixedDelay(3_000)));
        MarketingHttpAdapter adapter = adapter(stub.baseUrl().resolve("/oauth2/token"), Duration.ofMillis(300));

        long started = System.nanoTime();
        assertThatThrownBy(() -> adapter.loadBanners(context("alice"), new CustomerId("alice")))
                .isInstanceOfSatisfying(DownstreamException.class,
                        e -> assertThat(e.kind()).isEqualTo(DownstreamException.Kind.UNAVAILABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void anErrorAnswerNamesTheOAuthErrorCodeButNothingElseOfTheBody() {
        stub.server.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"invalid_client\", \"error_description\": \"client hearth secret s3cret+ unknown\"}")));
        TokenEndpoint endpoint = endpoint(stub.baseUrl().resolve("/oauth2/token"), Duration.ofSeconds(2));

        assertThatThrownBy(endpoint::fetch).isInstanceOf(IOException.class)
                .hasMessage("the token endpoint of marketing (" + stub.baseUrl() + "/oauth2/token) answered 401 (invalid_client)");
    }

    @Test
    void anAnswerThatIsNotABearerTokenIsRefused() {
        stub.server.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(okJson("""
                {"access_token": "svc-1", "token_type": "mac", "expires_in": 3600}""")));
        assertThatThrownBy(endpoint(stub.baseUrl().resolve("/oauth2/token"), Duration.ofSeconds(2))::fetch)
                .hasMessageEndingWith("answered a token_type that is not Bearer");
    }

    @Test
    void withoutExpiresInATokenIsTakenToLiveAMinute() throws IOException {
        stub.server.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(okJson("""
                {"access_token": "svc-1", "token_type": "bearer"}""")));
        assertThat(endpoint(stub.baseUrl().resolve("/oauth2/token"), Duration.ofSeconds(2)).fetch())
                .isEqualTo(new ServiceToken("svc-1", TokenEndpoint.ASSUMED_LIFETIME));
    }

    @Test
    void aRefusedTokenIsReplacedForTheNextCall() throws Exception {
        stub.server.stubFor(post(urlEqualTo("/oauth2/token")).inScenario("tokens").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"access_token\": \"svc-1\", \"token_type\": \"Bearer\", \"expires_in\": 3600}"))
                .willSetStateTo("second"));
        stub.server.stubFor(post(urlEqualTo("/oauth2/token")).inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(okJson("{\"access_token\": \"svc-2\", \"token_type\": \"Bearer\", \"expires_in\": 3600}")));
        stub.server.stubFor(get(urlEqualTo(BANNERS)).withHeader("Authorization", equalTo("Bearer svc-1"))
                .willReturn(aResponse().withStatus(401)));
        stub.server.stubFor(get(urlEqualTo(BANNERS)).withHeader("Authorization", equalTo("Bearer svc-2"))
                .willReturn(okJson("{\"banners\": []}")));
        MarketingHttpAdapter adapter = adapter(stub.baseUrl().resolve("/oauth2/token"), Duration.ofSeconds(2));

        assertThatThrownBy(() -> adapter.loadBanners(context("alice"), new CustomerId("alice")))
                .isInstanceOf(DownstreamException.class).hasMessageContaining("answered 401");
        assertThat(adapter.loadBanners(context("alice"), new CustomerId("alice"))).isEmpty();
    }

    @Test
    void aRequestCarryingTheCallersTokenIsNotGivenAServiceToken() throws Exception {
        stub.server.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(okJson("""
                {"access_token": "svc-1", "token_type": "Bearer", "expires_in": 3600}""")));
        tokens = new ClientCredentialsTokens("legacy", endpoint(stub.baseUrl().resolve("/oauth2/token"), Duration.ofSeconds(2)),
                Duration.ofSeconds(60), Duration.ofSeconds(2), TIMER);
        client = new BearerTokenClient(DownstreamStub.client(), tokens);
        LegacyHomeHttpAdapter legacy = new LegacyHomeHttpAdapter(client, stub.baseUrl(), DownstreamStub.DEADLINE, stub.mapper);

        assertThatThrownBy(() -> legacy.loadLegacyHome(DownstreamStub.contextWithToken("alice")))
                .isInstanceOf(DownstreamException.class).hasMessageContaining("already carries an Authorization header");
        stub.server.verify(0, getRequestedFor(urlEqualTo("/legacy/customers/alice/home")));
    }

    private MarketingHttpAdapter adapter(URI tokenUrl, Duration timeout) {
        tokens = new ClientCredentialsTokens("marketing", endpoint(tokenUrl, timeout), Duration.ofSeconds(60), timeout, TIMER);
        client = new BearerTokenClient(DownstreamStub.client(), tokens);
        return new MarketingHttpAdapter(client, stub.baseUrl(), DownstreamStub.DEADLINE, stub.mapper);
    }

    private TokenEndpoint endpoint(URI tokenUrl, Duration timeout) {
        return new TokenEndpoint("marketing", DownstreamStub.client(), tokenUrl, "hearth", "s3cret+",
                Optional.of("banners:read"), timeout, TIMER, stub.mapper);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
