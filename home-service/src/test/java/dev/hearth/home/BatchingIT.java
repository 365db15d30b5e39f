package dev.hearth.home;

import static dev.hearth.home.testing.Http.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.observability.MetricNames;
import dev.hearth.home.testing.HearthApp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batching end to end (issue 28), over real HTTP through the sandbox: two instances on the test config, one with
 * {@code engine.batching} on (as shipped), one with it off. With it on carol's hundred card details are two batch calls
 * of the card service, not a hundred; the app sees the same JSON either way. The calls are counted by the sandbox
 * (each endpoint's requests, as {@code POST /tasks/sandbox-calls} prints them).
 */
class BatchingIT {
    private static final List<String> PORTS = List.of("profile", "accounts", "balance", "partnership", "cardList",
            "cardDetails", "openBanking", "banners");
    private static HearthApp on;
    private static HearthApp off;

    @BeforeAll
    static void start() throws Exception {
        on = HearthApp.onTestConfig().withoutFirstHomes();
        on.start();
        off = HearthApp.onTestConfig().withoutFirstHomes().override("engine.batching", "false");
        off.start();
    }

    @AfterAll
    static void stop() {
        if (on != null) {
            on.close();
        }
        if (off != null) {
            off.close();
        }
    }

    @Test
    void carolsHomeMakesTwoCardCallsInsteadOfAHundredAndTheSameJson() {
        Home batched = home(on, "carol");
        Home single = home(off, "carol");
        System.out.printf("calls per carol home: batching on %s (%d), off %s (%d)%n", batched.calls(),
                batched.total(), single.calls(), single.total());

        assertThat(single.calls().get("cardDetails")).isEqualTo(100L);
        assertThat(batched.calls().get("cardDetails")).as("100 cards, 50 a batch").isEqualTo(2L);
        assertThat(batched.calls().get("nickname")).isEqualTo(1L);
        assertThat(batched.total()).isLessThan(single.total() - 90);
        assertThat(section(batched.json(), "cards").get("data").size()).isEqualTo(100);
        assertThat(sections(batched.json())).isEqualTo(sections(single.json()));
    }

    @Test
    void alicesHomeIsTheSameJsonWithBatchingOnAndOff() {
        Home batched = home(on, "alice");
        Home single = home(off, "alice");
        System.out.printf("calls per alice home: batching on %s (%d), off %s (%d)%n", batched.calls(),
                batched.total(), single.calls(), single.total());

        assertThat(single.calls().get("cardDetails")).isEqualTo(2L);
        assertThat(batched.calls().get("cardDetails")).as("alice's two cards in one batch call").isEqualTo(1L);
        assertThat(single.calls().get("nickname")).isEqualTo(3L);
        assertThat(batched.calls().get("nickname")).as("alice's three accounts' nicknames in one query").isEqualTo(1L);
        assertThat(batched.total()).isEqualTo(single.total() - 3);
        assertThat(sections(batched.json())).isEqualTo(sections(single.json()));
    }

    @Test
    void theTraceShowsABatchCallAsOneRowNamingHowManyItemsItCarried() {
        String requestId = "batching-it-" + java.util.UUID.randomUUID();
        body(on.get("/v1/home", "carol", Map.of("X-Request-Id", requestId)), 200);

        JsonNode calls = body(on.adminGet("/traces/" + requestId), 200).get("calls");
        List<JsonNode> cards = StreamSupport.stream(calls.spliterator(), false)
                .filter(c -> c.get("port").asText().equals("cardDetails")).toList();
        assertThat(cards).hasSize(2).allSatisfy(c -> {
            assertThat(c.get("items").asInt()).isEqualTo(50);
            assertThat(c.get("path").asText()).matches("cards\\[\\d+] \\(batch of 50\\)");
            assertThat(c.get("outcome").asText()).isEqualTo("OK");
        });
    }

    private record Home(JsonNode json, Map<String, Long> calls) {
        long total() {
            return calls.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One home of {@code customer} (its open-banking value fetched first, so both instances serve it the same way). */
    private static Home home(HearthApp app, String customer) {
        body(app.get("/v1/home", customer), 200);
        Map<String, Long> before = calls(app);
        JsonNode json = body(app.get("/v1/home", customer), 200);
        Map<String, Long> after = calls(app);
        Map<String, Long> made = new LinkedHashMap<>();
        after.keySet().forEach(port -> made.put(port, after.get(port) - before.get(port)));
        return new Home(json, made);
    }

    /** The sandbox's requests per port, and the nickname port's calls (each one database round trip). */
    private static Map<String, Long> calls(HearthApp app) {
        Map<String, Long> calls = new LinkedHashMap<>();
        PORTS.forEach(port -> calls.put(port, (Long) app.gauge("hearth.sandbox.calls." + port)));
        calls.put("nickname", app.environment().metrics().timer(MetricNames.portCalls("nickname")).getCount());
        return calls;
    }

    /**
     * The sections as the app reads them, without {@code asOf}: the instances ask at different moments, and a balance
     * is dated when the sandbox answers, openBanking when the instance fetched it a moment earlier (its freshness).
     */
    private static JsonNode sections(JsonNode screen) {
        JsonNode sections = screen.get("sections").deepCopy();
        withoutAsOf(sections);
        return sections;
    }

    private static void withoutAsOf(JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            object.remove("asOf");
        }
        node.forEach(BatchingIT::withoutAsOf);
    }

    private static JsonNode section(JsonNode screen, String id) {
        return StreamSupport.stream(screen.get("sections").spliterator(), false)
                .filter(s -> s.get("id").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no section " + id + " in " + screen));
    }
}
