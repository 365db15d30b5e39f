package dev.hearth.home.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.dsl.EnrichedItem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's EnrichedItem as Hearth writes it (these assertions were the engine's ModelJsonTest). */
class EnrichedItemSerializerTest {
    record Account(String id, String currency) {
    }

    record Balance(long amount) {
    }

    private final ObjectMapper json = HearthJson.configure(new ObjectMapper());

    @Test
    void anEnrichedItemIsTheItemsPropertiesFollowedByItsFields() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("balance", new Balance(1250));
        fields.put("alias", null);
        EnrichedItem item = new EnrichedItem(new Account("a1", "EUR"), fields);

        assertThat(json.writeValueAsString(List.of(item)))
                .isEqualTo("[{\"id\":\"a1\",\"currency\":\"EUR\",\"balance\":{\"amount\":1250},\"alias\":null}]");
    }

    @Test
    void anEnrichedMapOrScalarStillMakesOneObject() throws Exception {
        assertThat(json.writeValueAsString(new EnrichedItem(Map.of("id", "x"), Map.of("n", 1))))
                .isEqualTo("{\"id\":\"x\",\"n\":1}");
        assertThat(json.writeValueAsString(new EnrichedItem("plain", Map.of("n", 1))))
                .isEqualTo("{\"value\":\"plain\",\"n\":1}");
    }
}
