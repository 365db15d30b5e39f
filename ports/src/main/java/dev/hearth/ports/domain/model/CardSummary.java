package dev.hearth.ports.domain.model;

import java.util.Objects;

/** A card as listed for a customer; its detail is one call more. */
public record CardSummary(CardId id, String maskedPan) {
    public CardSummary {
        Objects.requireNonNull(id, "id");
        Checks.text(maskedPan, "maskedPan");
    }
}
