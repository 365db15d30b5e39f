package dev.hearth.adapters.out.http.cards;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.hearth.adapters.out.http.DownstreamStub.REQUEST_ID;
import static dev.hearth.adapters.out.http.DownstreamStub.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.adapters.out.http.DownstreamStub;
import dev.hearth.ports.domain.model.CardDetail;
import dev.hearth.ports.domain.model.CardId;
import dev.hearth.ports.domain.model.CardStatus;
import dev.hearth.ports.domain.model.CardSummary;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.Money;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.DownstreamException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CardHttpAdapterTest {
    @RegisterExtension
    static final DownstreamStub stub = new DownstreamStub();
    final CardHttpAdapter adapter = new CardHttpAdapter(stub.client, stub.baseUrl(), DownstreamStub.DEADLINE, stub.mapper);

    @Test
    void listsTheCustomersCards() throws DownstreamException {
        stub.server.stubFor(get(urlEqualTo("/cards/customers/alice/cards")).willReturn(okJson("""
                {"customerId": "alice", "cards": [
                  {"cardId": "alice-card-1", "maskedPan": "**** **** **** 4242"},
                  {"cardId": "alice-card-2", "maskedPan": "**** **** **** 5151"}]}""")));

        assertThat(adapter.loadCards(context("alice"), new CustomerId("alice"))).containsExactly(
                new CardSummary(new CardId("alice-card-1"), "**** **** **** 4242"),
                new CardSummary(new CardId("alice-card-2"), "**** **** **** 5151"));
        stub.server.verify(getRequestedFor(urlEqualTo("/cards/customers/alice/cards"))
                .withHeader("X-Request-Id", equalTo(REQUEST_ID)).withHeader("Authorization", absent()));
    }

    @Test
    void aFullCardNumberIsMasked() throws DownstreamException {
        stub.server.stubFor(get(urlEqualTo("/cards/customers/alice/cards")).willReturn(okJson("""
                {"customerId": "alice", "cards": [{"cardId": "alice-card-1", "maskedPan": "4242424242424242"}]}""")));

        assertThat(adapter.loadCards(context("alice"), new CustomerId("alice")).getFirst().maskedPan())
                .isEqualTo("**** **** **** 4242");
    }

    @Test
    void loadsOneCardsDetail() throws DownstreamException {
        stub.server.stubFor(get(urlEqualTo("/cards/cards/alice-card-1")).willReturn(okJson("""
                {"cardId": "alice-card-1", "maskedPan": "**** **** **** 4242", "brand": "VISA", "status": "ACTIVE",
                 "limit": {"amount": "5000.00", "currency": "EUR"}, "spent": {"amount": "1234.56", "currency": "EUR"},
                 "expiry": "2029-08"}""")));
        CardId card = new CardId("alice-card-1");

        assertThat(adapter.loadCardDetail(context("alice"), card)).isEqualTo(new CardDetail(card, "**** **** **** 4242",
                "VISA", CardStatus.ACTIVE, Money.of("5000.00", "EUR"), Money.of("1234.56", "EUR")));
        stub.server.verify(getRequestedFor(urlEqualTo("/cards/cards/alice-card-1"))
                .withHeader("X-Request-Id", equalTo(REQUEST_ID)));
    }

    @Test
    void anUnknownCardStatusIsABadResponse() {
        stub.server.stubFor(get(urlEqualTo("/cards/cards/alice-card-1")).willReturn(okJson("""
                {"cardId": "alice-card-1", "maskedPan": "**** **** **** 4242", "brand": "VISA", "status": "LOST",
                 "limit": {"amount": "5000.00", "currency": "EUR"}, "spent": {"amount": "0.00", "currency": "EUR"}}""")));

        assertThatThrownBy(() -> adapter.loadCardDetail(context("alice"), new CardId("alice-card-1")))
                .isInstanceOfSatisfying(DownstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
    }

    @Test
    void aNullInTheListIsABadResponse() {
        stub.server.stubFor(get(urlEqualTo("/cards/customers/alice/cards"))
                .willReturn(okJson("{\"customerId\": \"alice\", \"cards\": [null]}")));

        assertThatThrownBy(() -> adapter.loadCards(context("alice"), new CustomerId("alice")))
                .isInstanceOfSatisfying(DownstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
    }
}
