package dev.hearth.dsl.spi;

import java.util.Objects;

/**
 * What a stored result is the result of: one port called with one input for one section or field of one screen.
 * The input identifies whose data it is (the customer, an account), so two customers never share an entry, and the
 * screen is part of the key, so two screens never share one either.
 *
 * @param screenId the screen
 * @param path the section id ({@code balances}) or {@code section.field} ({@code accounts.balance}); a template,
 *     without item indexes, so the same account's balance is found wherever it is in the list
 * @param port the port's name
 * @param input the port's input; should have value equality (records, strings)
 */
public record ResultKey(String screenId, String path, String port, Object input) {
    public ResultKey {
        Objects.requireNonNull(screenId, "screenId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(input, "input");
    }
}
