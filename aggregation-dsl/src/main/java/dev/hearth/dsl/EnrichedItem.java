package dev.hearth.dsl;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.util.NameTransformer;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An item of a section that has fields: the port's item plus each field's value; fields that were omitted are
 * absent (a field may hold {@code null}). Serialized as the item's own properties followed by the fields.
 * Immutable.
 */
@JsonSerialize(using = EnrichedItem.Serializer.class)
public record EnrichedItem(Object item, Map<String, Object> fields) {
    public EnrichedItem {
        Objects.requireNonNull(item, "item");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
    }

    /** Writes the item's properties, then the fields, as one JSON object. */
    public static final class Serializer extends JsonSerializer<EnrichedItem> {
        @Override
        public void serialize(EnrichedItem value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            Object item = value.item();
            if (item instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    provider.defaultSerializeField(String.valueOf(entry.getKey()), entry.getValue(), gen);
                }
            } else {
                JsonSerializer<Object> serializer = provider.findValueSerializer(item.getClass());
                JsonSerializer<Object> unwrapping = serializer.unwrappingSerializer(NameTransformer.NOP);
                if (unwrapping.isUnwrappingSerializer()) {
                    unwrapping.serialize(item, gen, provider);
                } else {
                    provider.defaultSerializeField("value", item, gen);
                }
            }
            for (Map.Entry<String, Object> field : value.fields().entrySet()) {
                provider.defaultSerializeField(field.getKey(), field.getValue(), gen);
            }
            gen.writeEndObject();
        }
    }
}
