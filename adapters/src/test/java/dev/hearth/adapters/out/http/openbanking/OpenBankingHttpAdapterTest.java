package dev.hearth.adapters.out.http.openbanking;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.hearth.adapters.out.http.DownstreamStub.REQUEST_ID;
import static dev.hearth.adapters.out.http.DownstreamStub.context;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.adapters.out.http.DownstreamStub;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.ExternalBalance;
import dev.hearth.ports.domain.model.Money;
import dev.hearth.ports.domain.port.out.DownstreamException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpenBankingHttpAdapterTest {
    @RegisterExtension
    static final DownstreamStub stub = new DownstreamStub();
    final OpenBankingHttpAdapter adapter = new OpenBankingHttpAdapter(stub.client, stub.baseUrl(), DownstreamStub.DEADLINE, stub.mapper);

    @Test
    void loadsBalancesAtOtherBanks() throws DownstreamException {
        stub.server.stubFor(get(urlEqualTo("/openbanking/customers/alice/balances")).willReturn(okJson("""
                {"customerId": "alice", "balances": [
                  {"bankName": "Sparkasse Köln", "maskedIban": "DE12 **** **** **** 4567",
                   "balance": {"amount": "812.05", "currency": "EUR"}, "asOf": "2026-11-21T09:50:00Z"},
                  {"bankName": "ING", "maskedIban": "DE02 **** **** **** 1234",
                   "balance": {"amount": "-20.00", "currency": "EUR"}, "asOf": "2026-11-21T09:45:00Z"}]}""")));

        assertThat(adapter.loadExternalBalances(context("alice"), new CustomerId("alice"))).containsExactly(
                new ExternalBalance("Sparkasse Köln", "DE12 **** **** **** 4567", Money.of("812.05", "EUR"),
                        Instant.parse("2026-11-21T09:50:00Z")),
                new ExternalBalance("ING", "DE02 **** **** **** 1234", Money.of("-20.00", "EUR"),
                        Instant.parse("2026-11-21T09:45:00Z")));
        stub.server.verify(getRequestedFor(urlEqualTo("/openbanking/customers/alice/balances"))
                .withHeader("X-Request-Id", equalTo(REQUEST_ID)).withHeader("Authorization", absent()));
    }
}
