package dev.hearth.home.json;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.hearth.dsl.EnrichedItem;
import dev.hearth.ports.domain.model.AccountId;
import dev.hearth.ports.domain.model.CardId;
import dev.hearth.ports.domain.model.CustomerId;

/**
 * How the domain looks in Hearth's JSON (responses, and the sandbox's legacy home, which must look the
 * same): identifiers as plain strings ({@code "alice-acc-1"}, not {@code {"value":...}}), instants as
 * ISO-8601 text, an item of a section with fields as one object ({@link EnrichedItemSerializer}). The domain
 * records and the engine stay free of Jackson.
 *
 * <p>Its parsers and generators share their buffers through a pool, not per thread: Jackson 2's default keeps
 * them in a {@code ThreadLocal}, and every downstream call and every request here runs on a new virtual thread, so
 * each parse and each written screen allocated a fresh recycler and about 12 KiB of buffers
 * (docs/adr/004-pooled-json-buffers.md).
 */
public final class HearthJson {
    private HearthJson() {
    }

    public static ObjectMapper configure(ObjectMapper mapper) {
        SimpleModule ids = new SimpleModule("hearth-ids");
        ids.addSerializer(CustomerId.class, ToStringSerializer.instance);
        ids.addSerializer(AccountId.class, ToStringSerializer.instance);
        ids.addSerializer(CardId.class, ToStringSerializer.instance);
        ids.addSerializer(EnrichedItem.class, new EnrichedItemSerializer());
        mapper.getFactory().setRecyclerPool(JsonRecyclerPools.newConcurrentDequePool());
        return mapper.registerModule(ids).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
