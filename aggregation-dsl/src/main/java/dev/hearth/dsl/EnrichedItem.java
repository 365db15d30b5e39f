package dev.hearth.dsl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An item of a section that has fields: the port's item plus each field's value; fields that were omitted are
 * absent (a field may hold {@code null}). Shown as one object: the item's own properties followed by the fields
 * (an application that renders JSON registers a serializer that does so). Immutable.
 */
public record EnrichedItem(Object item, Map<String, Object> fields) {
    public EnrichedItem {
        Objects.requireNonNull(item, "item");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
    }
}
