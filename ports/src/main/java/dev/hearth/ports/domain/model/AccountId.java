package dev.hearth.ports.domain.model;

import java.util.regex.Pattern;

/** The identity of an account in core banking. */
public record AccountId(String value) {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public AccountId {
        Checks.matching(value, FORMAT, "accountId");
    }

    @Override
    public String toString() {
        return value;
    }
}
