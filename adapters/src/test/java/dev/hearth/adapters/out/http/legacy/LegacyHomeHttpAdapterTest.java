package dev.hearth.adapters.out.http.legacy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.hearth.adapters.out.http.DownstreamStub.REQUEST_ID;
import static dev.hearth.adapters.out.http.DownstreamStub.TOKEN;
import static dev.hearth.adapters.out.http.DownstreamStub.context;
import static dev.hearth.adapters.out.http.DownstreamStub.contextWithToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.adapters.out.http.DownstreamStub;
import dev.hearth.ports.domain.model.LegacyHome;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.DownstreamException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LegacyHomeHttpAdapterTest {
    /** Odd spacing and field order on purpose: the body must come back byte for byte. */
    private static final String HOME = """
            {"screen":"home",  "complete":true,"sections":[{"id":"profile","status":"OK",
              "data":{"id":{"value":"alice"},"displayName":"Alice Example","segment":"PREMIUM"}}]}""";

    @RegisterExtension
    static final DownstreamStub stub = new DownstreamStub();
    final LegacyHomeHttpAdapter adapter = new LegacyHomeHttpAdapter(stub.client, stub.baseUrl(), DownstreamStub.DEADLINE, stub.mapper);

    @Test
    void forwardsTheCustomersTokenAndPassesTheBodyThroughUnchanged() throws DownstreamException {
        stub.server.stubFor(get(urlEqualTo("/legacy/customers/alice/home")).willReturn(okJson(HOME)));

        assertThat(adapter.loadLegacyHome(contextWithToken("alice"))).isEqualTo(new LegacyHome(HOME));
        stub.server.verify(getRequestedFor(urlEqualTo("/legacy/customers/alice/home"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("X-Request-Id", equalTo(REQUEST_ID))
                .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void withoutATokenItDoesNotCall() {
        assertThatThrownBy(() -> adapter.loadLegacyHome(context("alice")))
                .isInstanceOfSatisfying(DownstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
        assertThat(stub.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void errorsNeverCarryTheToken() {
        stub.server.stubFor(get(urlEqualTo("/legacy/customers/alice/home"))
                .willReturn(aResponse().withStatus(401).withBody("invalid token " + TOKEN)));

        assertThatThrownBy(() -> adapter.loadLegacyHome(contextWithToken("alice")))
                .isInstanceOfSatisfying(DownstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("401").doesNotContain(TOKEN);
                });
    }

    @Test
    void aBodyThatIsNotJsonIsABadResponse() {
        stub.server.stubFor(get(urlEqualTo("/legacy/customers/alice/home"))
                .willReturn(okJson("<html>Maintenance</html>")));

        assertThatThrownBy(() -> adapter.loadLegacyHome(contextWithToken("alice")))
                .isInstanceOfSatisfying(DownstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
    }
}
