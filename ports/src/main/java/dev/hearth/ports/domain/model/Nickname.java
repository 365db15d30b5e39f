package dev.hearth.ports.domain.model;

import java.util.Objects;

/**
 * The name a customer gave an account, or the default one assigned on first sight (which other
 * systems depend on, so it is stored, not computed).
 */
public record Nickname(AccountId accountId, String value, boolean assignedByDefault) {
    public static final int MAX_LENGTH = 64;

    public Nickname {
        Objects.requireNonNull(accountId, "accountId");
        Checks.text(value, "nickname");
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("nickname must be at most " + MAX_LENGTH + " characters");
        }
    }

    /** The default nickname the legacy home assigned: product name and the IBAN's last four. */
    public static Nickname defaultFor(Account account) {
        String value = account.productName() + " ··" + account.lastFour();
        return new Nickname(account.id(), value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) : value, true);
    }
}
