package dev.hearth.home.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.NameTransformer;
import dev.hearth.dsl.EnrichedItem;
import java.io.IOException;
import java.util.Map;

/**
 * An {@link EnrichedItem} as one JSON object: the item's properties, then the fields. A map item gives its entries;
 * an item Jackson cannot unwrap (a string, a number) is written as {@code "value"}.
 */
final class EnrichedItemSerializer extends StdSerializer<EnrichedItem> {
    EnrichedItemSerializer() {
        super(EnrichedItem.class);
    }

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
