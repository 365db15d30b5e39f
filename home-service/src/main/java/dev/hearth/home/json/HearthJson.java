package dev.hearth.home.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.hearth.adapters.json.DomainJson;
import dev.hearth.dsl.EnrichedItem;

/**
 * How Hearth's responses look in JSON: the domain as {@link DomainJson} writes it, and an item of a section with
 * fields as one object ({@link EnrichedItemSerializer}). The engine stays free of Jackson.
 */
public final class HearthJson {
    private HearthJson() {
    }

    public static ObjectMapper configure(ObjectMapper mapper) {
        SimpleModule items = new SimpleModule("hearth-items");
        items.addSerializer(EnrichedItem.class, new EnrichedItemSerializer());
        return DomainJson.configure(mapper).registerModule(items);
    }
}
