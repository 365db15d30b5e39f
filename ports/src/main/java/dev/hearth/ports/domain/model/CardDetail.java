package dev.hearth.ports.domain.model;

import java.util.Objects;

/** A card's detail: brand, status, limit and what is spent of it. */
public record CardDetail(CardId id, String maskedPan, String brand, CardStatus status, Money limit, Money spent) {
    public CardDetail {
        Objects.requireNonNull(id, "id");
        Checks.text(maskedPan, "maskedPan");
        Checks.text(brand, "brand");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(spent, "spent");
    }
}
