package dev.hearth.home.migration.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/**
 * The legacy home as comparable with a Hearth home a screen's variant answered (docs/adr/028-screen-variants.md).
 * The legacy monolith knows no app versions: it shows every app every section. A variant of Hearth's home leaves
 * some out on purpose (apps older than 2.0 get no {@code openBanking}), and that is no mismatch. So when Hearth's
 * answer names a variant other than {@code default}, the legacy sections it does not show are not compared; every
 * section it shows is compared as before, and the default is compared whole.
 */
public final class VariantSections {
    private VariantSections() {
    }

    /** {@code legacy} without the sections {@code hearth}'s variant left out; {@code legacy} itself otherwise. */
    public static JsonNode comparable(JsonNode legacy, JsonNode hearth) {
        if (legacy == null || hearth == null || !(legacy.get("sections") instanceof ArrayNode sections)
                || !(hearth.get("sections") instanceof ArrayNode shown)) {
            return legacy;
        }
        JsonNode variant = hearth.get("variant");
        if (variant == null || !variant.isTextual() || variant.asText().equals("default")) {
            return legacy;
        }
        Set<String> ids = new HashSet<>();
        shown.forEach(section -> ids.add(section.path("id").asText()));
        ObjectNode copy = legacy.deepCopy();
        ArrayNode kept = copy.putArray("sections");
        sections.forEach(section -> {
            if (ids.contains(section.path("id").asText())) {
                kept.add(section);
            }
        });
        return copy;
    }
}
