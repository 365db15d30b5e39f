package dev.hearth.ports.domain.model;

import java.util.Objects;

/**
 * One of a customer's accounts. {@code maskedIban} never holds the full account number: only the
 * last four characters are visible.
 */
public record Account(AccountId id, CustomerId owner, AccountType type, String productName, String maskedIban,
        String currency) {
    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(type, "type");
        Checks.text(productName, "productName");
        Checks.text(maskedIban, "maskedIban");
        Checks.text(currency, "currency");
    }

    /** The last four visible characters of the IBAN, used in default nicknames. */
    public String lastFour() {
        return maskedIban.length() <= 4 ? maskedIban : maskedIban.substring(maskedIban.length() - 4);
    }
}
