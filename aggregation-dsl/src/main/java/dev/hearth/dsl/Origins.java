package dev.hearth.dsl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Where a model element and its attributes were written; not part of equality. */
record Origins(Origin element, Map<String, Origin> attributes) {
    static final Origins NONE = new Origins(null, Map.of());

    Origins {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    Origins with(Origin origin) {
        return new Origins(Objects.requireNonNull(origin, "origin"), attributes);
    }

    Origins with(String attribute, Origin origin) {
        Map<String, Origin> copy = new LinkedHashMap<>(attributes);
        copy.put(Objects.requireNonNull(attribute, "attribute"), Objects.requireNonNull(origin, "origin"));
        return new Origins(element, copy);
    }

    Optional<Origin> of(String attribute) {
        return Optional.ofNullable(attributes.getOrDefault(attribute, element));
    }

    static java.time.Duration positive(java.time.Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }
}
