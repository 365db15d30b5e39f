package dev.hearth.adapters.out.http.cards;

import static dev.hearth.adapters.out.http.Wire.required;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.adapters.out.http.AnswerDeadline;
import dev.hearth.adapters.out.http.JsonHttp;
import dev.hearth.adapters.out.http.Wire;
import dev.hearth.ports.domain.model.CardDetail;
import dev.hearth.ports.domain.model.CardId;
import dev.hearth.ports.domain.model.CardStatus;
import dev.hearth.ports.domain.model.CardSummary;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.LoadCardDetailsPort;
import dev.hearth.ports.domain.port.out.LoadCardsPort;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/** The card service over HTTP: a customer's card list, and one call per card for its detail. Thread-safe. */
public final class CardHttpAdapter implements LoadCardsPort, LoadCardDetailsPort {
    public static final String DOWNSTREAM = "cards";

    private final JsonHttp http;

    public CardHttpAdapter(CloseableHttpClient client, URI baseUrl, AnswerDeadline deadline, ObjectMapper mapper) {
        this.http = new JsonHttp(DOWNSTREAM, client, baseUrl, deadline, mapper);
    }

    @Override
    public List<CardSummary> loadCards(RequestContext context, CustomerId customer) throws DownstreamException {
        Objects.requireNonNull(customer, "customer");
        return http.get(context, http.path("cards", "customers", customer.value(), "cards"), CardJson.CardList.class,
                json -> {
                    Wire.sameId(json.customerId(), customer.value(), "customerId");
                    return Wire.list(json.cards(), "cards", card -> new CardSummary(
                            new CardId(required(card.cardId(), "cards[].cardId")),
                            Wire.maskedPan(card.maskedPan(), "cards[].maskedPan")));
                });
    }

    @Override
    public CardDetail loadCardDetail(RequestContext context, CardId card) throws DownstreamException {
        Objects.requireNonNull(card, "card");
        return http.get(context, http.path("cards", "cards", card.value()), CardJson.Detail.class, json -> {
            Wire.sameId(json.cardId(), card.value(), "cardId");
            return new CardDetail(card,
                    Wire.maskedPan(json.maskedPan(), "maskedPan"),
                    json.brand(),
                    CardStatus.valueOf(required(json.status(), "status")),
                    required(json.limit(), "limit").toMoney("limit"),
                    required(json.spent(), "spent").toMoney("spent"));
        });
    }
}
