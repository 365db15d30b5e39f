package dev.hearth.ports.domain.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks shared by the domain records; failures say what was wrong. */
final class Checks {
    private Checks() {
    }

    static String text(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    static String matching(String value, Pattern pattern, String name) {
        text(value, name);
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " '" + value + "' must match " + pattern.pattern());
        }
        return value;
    }
}
