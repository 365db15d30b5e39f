package dev.hearth.home.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.hearth.ports.domain.model.AccountId;
import dev.hearth.ports.domain.model.CardId;
import dev.hearth.ports.domain.model.CustomerId;

/**
 * How the domain looks in Hearth's JSON (responses, and the sandbox's legacy home, which must look the
 * same): identifiers as plain strings ({@code "alice-acc-1"}, not {@code {"value":...}}), instants as
 * ISO-8601 text. The domain records stay free of Jackson annotations.
 */
public final class HearthJson {
    private HearthJson() {
    }

    public static ObjectMapper configure(ObjectMapper mapper) {
        SimpleModule ids = new SimpleModule("hearth-ids");
        ids.addSerializer(CustomerId.class, ToStringSerializer.instance);
        ids.addSerializer(AccountId.class, ToStringSerializer.instance);
        ids.addSerializer(CardId.class, ToStringSerializer.instance);
        return mapper.registerModule(ids).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
