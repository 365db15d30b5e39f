package dev.hearth.ports.domain.model;

import java.util.Objects;

/** Who the customer is, as the home screen greets them. */
public record CustomerProfile(CustomerId id, String displayName, String segment) {
    public CustomerProfile {
        Objects.requireNonNull(id, "id");
        Checks.text(displayName, "displayName");
        Checks.text(segment, "segment");
    }
}
