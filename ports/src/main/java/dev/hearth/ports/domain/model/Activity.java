package dev.hearth.ports.domain.model;

import java.time.LocalDate;
import java.util.Objects;

/** One booked transaction on an account. */
public record Activity(String id, AccountId accountId, LocalDate bookingDate, Money amount, String description) {
    public Activity {
        Checks.text(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(bookingDate, "bookingDate");
        Objects.requireNonNull(amount, "amount");
        Checks.text(description, "description");
    }
}
