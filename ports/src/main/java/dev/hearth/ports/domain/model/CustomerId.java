package dev.hearth.ports.domain.model;

import java.util.regex.Pattern;

/** The identity of a bank customer, as carried in the subject of their token. */
public record CustomerId(String value) {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public CustomerId {
        Checks.matching(value, FORMAT, "customerId");
    }

    @Override
    public String toString() {
        return value;
    }
}
