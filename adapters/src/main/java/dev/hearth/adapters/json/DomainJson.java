package dev.hearth.adapters.json;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.hearth.ports.domain.model.AccountId;
import dev.hearth.ports.domain.model.CardId;
import dev.hearth.ports.domain.model.CustomerId;

/**
 * How the domain looks in JSON, wherever Hearth writes it (its responses, and the sandbox, whose legacy home must look
 * the same): identifiers as plain strings ({@code "alice-acc-1"}, not {@code {"value":...}}), instants as ISO-8601
 * text. The domain records stay free of Jackson.
 *
 * <p>Parsers and generators share their buffers through a pool, not per thread: Jackson 2's default keeps them in a
 * {@code ThreadLocal}, and every call here runs on a new virtual thread (docs/adr/004-pooled-json-buffers.md).
 */
public final class DomainJson {
    private DomainJson() {
    }

    public static ObjectMapper configure(ObjectMapper mapper) {
        SimpleModule ids = new SimpleModule("hearth-ids");
        ids.addSerializer(CustomerId.class, ToStringSerializer.instance);
        ids.addSerializer(AccountId.class, ToStringSerializer.instance);
        ids.addSerializer(CardId.class, ToStringSerializer.instance);
        mapper.getFactory().setRecyclerPool(JsonRecyclerPools.newConcurrentDequePool());
        return mapper.registerModule(ids).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
