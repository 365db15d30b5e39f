package dev.hearth.ports.domain.model;

import java.time.Instant;
import java.util.Objects;

/** A balance at another bank, fetched through open banking (each call costs money). */
public record ExternalBalance(String bankName, String maskedIban, Money balance, Instant asOf) {
    public ExternalBalance {
        Checks.text(bankName, "bankName");
        Checks.text(maskedIban, "maskedIban");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(asOf, "asOf");
    }
}
