package dev.hearth.ports.domain.model;

import java.util.regex.Pattern;

/** The identity of a payment card in the card service. */
public record CardId(String value) {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public CardId {
        Checks.matching(value, FORMAT, "cardId");
    }

    @Override
    public String toString() {
        return value;
    }
}
