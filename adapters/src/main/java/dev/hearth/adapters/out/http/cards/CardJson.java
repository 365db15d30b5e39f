package dev.hearth.adapters.out.http.cards;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hearth.adapters.out.http.Wire.MoneyJson;
import java.util.List;

/** The card service's JSON (adapters/DOWNSTREAMS.md). */
final class CardJson {
    private CardJson() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CardList(String customerId, List<Summary> cards) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Summary(String cardId, String maskedPan) {
    }

    /** The batch answer: the details of the cards asked for that the service knows. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DetailBatch(List<Detail> cards) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Detail(String cardId, String maskedPan, String brand, String status, MoneyJson limit, MoneyJson spent) {
    }
}
