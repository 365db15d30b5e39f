package dev.hearth.ports.domain.model;

import java.time.Instant;
import java.util.Objects;

/** An account's balance at a point in time. */
public record Balance(AccountId accountId, Money available, Money booked, Instant asOf) {
    public Balance {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(available, "available");
        Objects.requireNonNull(booked, "booked");
        Objects.requireNonNull(asOf, "asOf");
    }
}
