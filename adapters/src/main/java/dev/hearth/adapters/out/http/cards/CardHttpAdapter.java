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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
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
            return detail(card, json, "");
        });
    }

    /**
     * {@code GET /cards/cards?ids=c1,c2,...}: one call for many cards; a card the service does not know is left out,
     * one it did not ask for is a BAD_RESPONSE.
     */
    @Override
    public Map<CardId, CardDetail> loadCardDetails(RequestContext context, List<CardId> cards)
            throws DownstreamException {
        Objects.requireNonNull(cards, "cards");
        if (cards.isEmpty()) {
            return Map.of();
        }
        String ids = cards.stream().map(card -> URLEncoder.encode(card.value(), StandardCharsets.UTF_8))
                .collect(Collectors.joining(","));
        Set<String> asked = new HashSet<>();
        cards.forEach(card -> asked.add(card.value()));
        return http.get(context, http.path("cards", "cards") + "?ids=" + ids, CardJson.DetailBatch.class, json -> {
            Map<CardId, CardDetail> details = new LinkedHashMap<>();
            for (CardJson.Detail detail : Wire.list(json.cards(), "cards", d -> d)) {
                String id = required(detail.cardId(), "cards[].cardId");
                if (!asked.contains(id)) {
                    throw new IllegalArgumentException("cards[].cardId " + id + " was not asked for");
                }
                CardId card = new CardId(id);
                details.put(card, detail(card, detail, "cards[]."));
            }
            return details;
        });
    }

    private static CardDetail detail(CardId card, CardJson.Detail json, String at) {
        return new CardDetail(card,
                Wire.maskedPan(json.maskedPan(), at + "maskedPan"),
                json.brand(),
                CardStatus.valueOf(required(json.status(), at + "status")),
                required(json.limit(), at + "limit").toMoney(at + "limit"),
                required(json.spent(), at + "spent").toMoney(at + "spent"));
    }
}
