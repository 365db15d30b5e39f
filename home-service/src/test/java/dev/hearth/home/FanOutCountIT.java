package dev.hearth.home;

import static dev.hearth.home.testing.Http.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.testing.HearthApp;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "N of M" over real HTTP (issue 28): carol's hundred cards with the sandbox failing half of the card-detail calls.
 * The cards section says how many it asked for and returned, and the app can tell from the degraded paths which of
 * cardList's cards are missing.
 */
class FanOutCountIT {
    @RegisterExtension
    // Card details in batches of 5 (issue 28's batching): a failed call loses its five cards, so the twenty calls
    // still leave some but not all of the hundred (all or none would be 1 in 10^6).
    static final HearthApp APP = HearthApp.onTestConfig().override("ports.cardDetails.batchSize", "5");
    private static final Pattern ITEM = Pattern.compile("cards\\[(\\d+)]");

    @AfterEach
    void resetSandbox() {
        APP.sandboxReset();
    }

    @Test
    void aPartialCardsSectionSaysHowManyItAskedForAndReturnedAndWhichAreMissing() {
        // Half the calls fail (a retried read fails only if every attempt does): of 100 cards, some but not all
        // come back, all but certainly (all or none would be 1 in 10^12).
        APP.sandboxFault("cardDetails", "errorRate", "0.5");

        JsonNode home = body(APP.get("/v1/home", "carol"), 200);

        JsonNode cardList = section(home, "cardList");
        JsonNode cards = section(home, "cards");
        assertThat(cards.get("status").asText()).isEqualTo("PARTIAL");
        assertThat(cards.has("items")).as("a PARTIAL fan-out says its item count: %s", cards).isTrue();
        int asked = cards.get("items").get("asked").asInt();
        int returned = cards.get("items").get("returned").asInt();
        assertThat(asked).isEqualTo(cardList.get("data").size()).isEqualTo(100);
        assertThat(returned).isEqualTo(cards.get("data").size()).isBetween(1, 99);
        List<Integer> missing = new ArrayList<>();
        for (JsonNode d : cards.get("degraded")) {
            Matcher m = ITEM.matcher(d.get("path").asText());
            assertThat(m.matches()).as("a whole card is missing, not a field: %s", d).isTrue();
            assertThat(d.get("reason").asText()).isIn("ERROR", "TIMEOUT");
            missing.add(Integer.parseInt(m.group(1)));
        }
        assertThat(missing).as("each card asked for and not returned, once, in order").hasSize(asked - returned)
                .doesNotHaveDuplicates().isSorted().allMatch(i -> i >= 0 && i < asked);
        // The indexes are positions among the cards asked for, i.e. in cardList: the cards shown are exactly
        // cardList's cards at the other positions, in order.
        List<JsonNode> expected = new ArrayList<>();
        for (int i = 0; i < asked; i++) {
            if (!missing.contains(i)) {
                expected.add(cardList.get("data").get(i).get("id"));
            }
        }
        assertThat(StreamSupport.stream(cards.get("data").spliterator(), false).map(c -> c.get("id")).toList())
                .isEqualTo(expected);
    }

    @Test
    void anOkCardsSectionSaysNoCount() {
        JsonNode cards = section(body(APP.get("/v1/home", "carol"), 200), "cards");

        assertThat(cards.get("status").asText()).isEqualTo("OK");
        assertThat(cards.has("items")).isFalse();
        assertThat(cards.get("data").size()).isEqualTo(100);
    }

    private static JsonNode section(JsonNode screen, String id) {
        return StreamSupport.stream(screen.get("sections").spliterator(), false)
                .filter(s -> s.get("id").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no section " + id + " in " + screen));
    }
}
