package dev.hearth.home.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.ports.domain.model.AccountId;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HearthJsonTest {
    private final ObjectMapper mapper = HearthJson.configure(new ObjectMapper().findAndRegisterModules());

    @Test
    void identifiersAreStringsAndInstantsAreIsoText() throws Exception {
        String json = mapper.writeValueAsString(Map.of("id", new AccountId("alice-acc-1"),
                "at", Instant.parse("2026-11-26T17:00:00Z")));

        assertThat(mapper.readTree(json).get("id").asText()).isEqualTo("alice-acc-1");
        assertThat(mapper.readTree(json).get("at").asText()).isEqualTo("2026-11-26T17:00:00Z");
    }

    @Test
    void aNewVirtualThreadReusesTheBuffersAnEarlierOneGaveBack() throws Exception {
        BufferRecycler first = onNewVirtualThread();
        BufferRecycler second = onNewVirtualThread();

        assertThat(second).as("a per-thread pool would give each new thread its own").isSameAs(first);
    }

    /** What a parse or a write does with its buffers: take a recycler from the factory's pool and give it back. */
    private BufferRecycler onNewVirtualThread() throws InterruptedException {
        AtomicReference<BufferRecycler> used = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            BufferRecycler recycler = mapper.getFactory()._getRecyclerPool().acquireAndLinkPooled();
            used.set(recycler);
            recycler.releaseToPool();
        }).join();
        return used.get();
    }
}
