package dev.hearth.adapters.out.http.partners;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.hearth.adapters.out.http.DownstreamStub.REQUEST_ID;
import static dev.hearth.adapters.out.http.DownstreamStub.contextWithToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.adapters.out.http.DownstreamStub;
import dev.hearth.ports.domain.model.AccountId;
import dev.hearth.ports.domain.model.Partnership;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.DownstreamException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PartnerHttpAdapterTest {
    @RegisterExtension
    static final DownstreamStub stub = new DownstreamStub();
    final PartnerHttpAdapter adapter = new PartnerHttpAdapter(stub.client, stub.baseUrl(), DownstreamStub.DEADLINE, stub.mapper);

    @Test
    void loadsAnAccountsPartnership() throws DownstreamException {
        stub.server.stubFor(get(urlEqualTo("/partners/accounts/alice-acc-1/partnership")).willReturn(okJson("""
                {"accountId": "alice-acc-1", "partnerName": "Lufthansa Miles & More", "programme": "MILES",
                 "tier": "GOLD", "memberSince": "2019-03-01"}""")));
        AccountId account = new AccountId("alice-acc-1");

        assertThat(adapter.loadPartnership(contextWithToken("alice"), account))
                .isEqualTo(new Partnership(account, "Lufthansa Miles & More", "MILES", "GOLD"));
        stub.server.verify(getRequestedFor(urlEqualTo("/partners/accounts/alice-acc-1/partnership"))
                .withHeader("X-Request-Id", equalTo(REQUEST_ID))
                .withHeader("Authorization", absent()));
    }

    @Test
    void anAccountInNoProgrammeIsNotFound() {
        stub.server.stubFor(get(urlEqualTo("/partners/accounts/alice-acc-2/partnership"))
                .willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(() -> adapter.loadPartnership(contextWithToken("alice"), new AccountId("alice-acc-2")))
                .isInstanceOfSatisfying(DownstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
                    assertThat(e.downstream()).isEqualTo("partners");
                });
    }
}
