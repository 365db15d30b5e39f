package dev.hearth.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox's data differences, for trying shadow comparison: {@link #legacyDifference} is a real difference between
 * the legacy home and Hearth, {@link #move} a balance that moves between two calls. Both change a copy.
 */
final class Drift {
    /** Identifiers, currencies and timestamps stay as they are: the rest of the text is what a customer reads. */
    private static final Set<String> KEPT = Set.of("id", "accountId", "owner", "currency", "asOf");
    private static final BigDecimal ONE = BigDecimal.ONE.setScale(2);
    private static final BigDecimal CENT = new BigDecimal("0.01");

    private Drift() {
    }

    /** Appends " (legacy)" to every text but ids, currencies and timestamps, and adds 1.00 to every amount. */
    static JsonNode legacyDifference(JsonNode node) {
        return rewrite(node.deepCopy(), ONE, true);
    }

    /** Adds {@code step} cents to every amount. */
    static JsonNode move(JsonNode node, long step) {
        return rewrite(node.deepCopy(), CENT.multiply(BigDecimal.valueOf(step)), false);
    }

    private static JsonNode rewrite(JsonNode node, BigDecimal add, boolean text) {
        if (node instanceof ArrayNode array) {
            array.forEach(item -> rewrite(item, add, text));
        } else if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                if (field.getKey().equals("amount") && value.isNumber()) {
                    object.put("amount", value.decimalValue().add(add));
                } else if (text && value.isTextual() && !KEPT.contains(field.getKey())) {
                    object.put(field.getKey(), value.asText() + " (legacy)");
                } else {
                    rewrite(value, add, text);
                }
            }
        }
        return node;
    }
}
