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

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Detail(String cardId, String maskedPan, String brand, String status, MoneyJson limit, MoneyJson spent) {
    }
}
