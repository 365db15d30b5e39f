package dev.hearth.dsl;

import static dev.hearth.dsl.Harness.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.dsl.spi.CallRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Batching (issue 28): per-item calls of one request to a port with a batch form that are ready together are made as
 * batch calls of at most the batch size, each item keeping its own result, fallback and degradation path. Virtual
 * time: every latency is exact, nothing sleeps.
 */
class BatchingTest {
    private final Harness h = new Harness();
    /** The inputs of every batch call, in the order made. */
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        h.close();
    }

    /**
     * {@code name}: a single call takes 20 ms and answers {@code in + "!"}; a batch call takes {@code millis} and
     * answers every input not starting with "gone" with {@code in + "!"}; a batch holding a "bad…" input fails, one
     * holding a "slow…" input hangs.
     */
    private Harness batchPort(String name, long millis) {
        return h.register(PortDefinition.<String, String, String>of(name, String.class, String.class, (in, call) -> {
            h.count(name);
            h.time.sleep(ms(20));
            return in + "!";
        }).withBatch((inputs, call) -> {
            h.count(name + "*");
            batches.add(List.copyOf(inputs));
            h.time.sleep(ms(millis));
            Map<String, String> answers = new LinkedHashMap<>();
            for (String in : inputs) {
                if (in.startsWith("bad")) {
                    throw new IllegalStateException("the card service failed on " + in);
                }
                if (in.startsWith("slow")) {
                    h.time.sleep(ms(10_000));
                }
                if (!in.startsWith("gone")) {
                    answers.put(in, in + "!");
                }
            }
            return answers;
        }));
    }

    /** cardList answers {@code cards} at 10 ms; cards fans out over it with a 100 ms deadline, fallback empty. */
    private Screen cards(List<String> cards, Field... fields) {
        h.listPort("cardList", String.class, String.class, 10, in -> cards);
        Section.Builder section = Section.builder("cards").port("cardDetails").from(Source.each("cardList")).optional()
                .deadline(ms(100)).fallback(Fallback.empty());
        for (Field f : fields) {
            section.field(f);
        }
        return Screen.builder("s").budget(ms(800))
                .section(Section.builder("cardList").port("cardList").optional().fallback(Fallback.empty()).build())
                .section(section.build())
                .build();
    }

    private List<Integer> batchSizes() {
        return h.records.stream().filter(r -> r.port().equals("cardDetails")).map(CallRecord::items).toList();
    }

    @Test
    void theItemsOfAFanOutReadyTogetherAreOneBatchCallEachWithItsOwnResult() {
        batchPort("cardDetails", 30);

        SectionResult cards = h.run(cards(List.of("c0", "c1", "c2", "c3", "c4"))).section("cards").orElseThrow();

        assertThat(cards.status()).isEqualTo(SectionStatus.OK);
        assertThat(cards.data()).isEqualTo(List.of("c0!", "c1!", "c2!", "c3!", "c4!"));
        assertThat(h.calls("cardDetails*")).isEqualTo(1);
        assertThat(h.calls("cardDetails")).isZero();
        assertThat(batches).containsExactly(List.of("c0", "c1", "c2", "c3", "c4"));
        // One call, one record, naming how many items it carried.
        CallRecord batch = h.records.stream().filter(r -> r.port().equals("cardDetails")).findFirst().orElseThrow();
        assertThat(batch.items()).isEqualTo(5);
        assertThat(batch.path()).isEqualTo("cards[0] (batch of 5)");
        assertThat(batch.sectionId()).isEqualTo("cards");
        assertThat(batchSizes()).containsExactly(5);
        assertThat(h.time.elapsed()).isEqualTo(ms(40));
    }

    @Test
    void aFieldOfEveryItemOfABatchIsBatchedInTurn() {
        batchPort("cardDetails", 30);
        batchPort("status", 10);
        Field status = Field.builder("status").port("status").optional().fallback(Fallback.value("unknown")).build();

        SectionResult cards = h.run(cards(List.of("c0", "c1", "c2"), status)).section("cards").orElseThrow();

        assertThat(cards.status()).isEqualTo(SectionStatus.OK);
        assertThat(cards.data()).isEqualTo(List.of(new EnrichedItem("c0!", Map.of("status", "c0!!")),
                new EnrichedItem("c1!", Map.of("status", "c1!!")), new EnrichedItem("c2!", Map.of("status", "c2!!"))));
        assertThat(h.calls("status*")).isEqualTo(1);
        assertThat(h.calls("status")).isZero();
        assertThat(h.time.elapsed()).isEqualTo(ms(50));
    }

    @Test
    void theSizeCapSplitsTheItemsAndAPortsOwnSizeWinsOverTheEngines() {
        batchPort("cardDetails", 30);
        h.tune(b -> b.batchSize(2));

        SectionResult cards = h.run(cards(List.of("c0", "c1", "c2", "c3", "c4"))).section("cards").orElseThrow();

        assertThat(cards.data()).isEqualTo(List.of("c0!", "c1!", "c2!", "c3!", "c4!"));
        // Two batches of two, and the fifth alone: a single call.
        assertThat(batches).containsExactly(List.of("c0", "c1"), List.of("c2", "c3"));
        assertThat(h.calls("cardDetails")).isEqualTo(1);
        assertThat(batchSizes()).containsExactlyInAnyOrder(2, 2, 1);
    }

    @Test
    void aPortsOwnBatchSizeWinsOverTheEngines() {
        h.register(PortDefinition.<String, String, String>of("cardDetails", String.class, String.class,
                (in, call) -> in + "!").withBatch((inputs, call) -> {
                    batches.add(List.copyOf(inputs));
                    Map<String, String> answers = new LinkedHashMap<>();
                    inputs.forEach(in -> answers.put(in, in + "!"));
                    return answers;
                }).withBatchSize(3));
        h.tune(b -> b.batchSize(2));

        h.run(cards(List.of("c0", "c1", "c2", "c3", "c4", "c5")));

        assertThat(batches).containsExactly(List.of("c0", "c1", "c2"), List.of("c3", "c4", "c5"));
    }

    @Test
    void aFailedBatchDegradesOnlyItsItemsEachWithItsOwnFallback() {
        h.listPort("accounts", String.class, String.class, 10, in -> List.of("a0", "bad1", "a2", "a3"));
        batchPort("alias", 10);
        h.port("balance", String.class, String.class, 10, in -> "100");
        h.tune(b -> b.batchSize(2));
        Screen screen = Screen.builder("s").budget(ms(800))
                .section(Section.builder("accounts").port("accounts").required()
                        .field(Field.builder("balance").port("balance").optional().build())
                        .field(Field.builder("alias").port("alias").optional().fallback(Fallback.value("Account"))
                                .build())
                        .build())
                .build();

        ScreenResult result = h.run(screen);

        SectionResult accounts = result.section("accounts").orElseThrow();
        assertThat(result.failure()).isEmpty();
        assertThat(accounts.status()).isEqualTo(SectionStatus.PARTIAL);
        // The batch of a0 and bad1 failed: both take the field's fallback and are listed; a2 and a3 are answered.
        assertThat(accounts.data()).isEqualTo(List.of(
                new EnrichedItem("a0", Map.of("balance", "100", "alias", "Account")),
                new EnrichedItem("bad1", Map.of("balance", "100", "alias", "Account")),
                new EnrichedItem("a2", Map.of("balance", "100", "alias", "a2!")),
                new EnrichedItem("a3", Map.of("balance", "100", "alias", "a3!"))));
        assertThat(accounts.degraded()).containsExactly(new Degradation("accounts[0].alias", Reason.ERROR),
                new Degradation("accounts[1].alias", Reason.ERROR));
        assertThat(h.calls("alias*")).isEqualTo(2);
        assertThat(h.records.stream().filter(r -> r.port().equals("alias")).filter(r -> !r.success()).toList())
                .singleElement().satisfies(r -> assertThat(r.items()).isEqualTo(2));
    }

    @Test
    void aFailedBatchOfAFanOutLeavesTheOtherBatchesItemsAndCountsNOfM() {
        batchPort("cardDetails", 30);
        h.tune(b -> b.batchSize(2));

        SectionResult cards = h.run(cards(List.of("c0", "c1", "bad2", "c3", "c4"))).section("cards").orElseThrow();

        assertThat(cards.status()).isEqualTo(SectionStatus.PARTIAL);
        assertThat(cards.items()).contains(new ItemCount(5, 3));
        assertThat(cards.data()).isEqualTo(List.of("c0!", "c1!", "c4!"));
        assertThat(cards.degraded()).containsExactly(new Degradation("cards[2]", Reason.ERROR),
                new Degradation("cards[3]", Reason.ERROR));
    }

    @Test
    void anInputTheBatchAnswerLacksDegradesThatItemAlone() {
        batchPort("cardDetails", 30);

        SectionResult cards = h.run(cards(List.of("c0", "c1", "gone2", "c3"))).section("cards").orElseThrow();

        assertThat(cards.status()).isEqualTo(SectionStatus.PARTIAL);
        assertThat(cards.items()).contains(new ItemCount(4, 3));
        assertThat(cards.data()).isEqualTo(List.of("c0!", "c1!", "c3!"));
        assertThat(cards.degraded()).containsExactly(new Degradation("cards[2]", Reason.BAD_RESPONSE));
        assertThat(h.calls("cardDetails*")).isEqualTo(1);
    }

    @Test
    void aBatchPastItsDeadlineTimesOutItsItemsAndIsInterrupted() throws InterruptedException {
        batchPort("cardDetails", 30);

        ScreenResult result = h.run(cards(List.of("c0", "slow1", "c2")));

        SectionResult cards = result.section("cards").orElseThrow();
        // Every item timed out: the section takes its fallback, at the section's deadline 100 ms after the list.
        assertThat(cards.status()).isEqualTo(SectionStatus.FALLBACK);
        assertThat(cards.reason()).contains(Reason.TIMEOUT);
        assertThat(h.time.elapsed()).isEqualTo(ms(110));
        CallRecord batch = h.records.stream().filter(r -> r.port().equals("cardDetails")).findFirst().orElseThrow();
        assertThat(batch.reason()).contains(Reason.TIMEOUT);
        assertThat(batch.items()).isEqualTo(3);
        assertThat(h.allThreadsEnded()).isTrue();
    }

    @Test
    void identicalInputsAreAskedOnceInTheBatch() {
        batchPort("cardDetails", 30);

        SectionResult cards = h.run(cards(List.of("c0", "c1", "c0", "c1", "c2"))).section("cards").orElseThrow();

        assertThat(cards.data()).isEqualTo(List.of("c0!", "c1!", "c0!", "c1!", "c2!"));
        assertThat(batches).containsExactly(List.of("c0", "c1", "c2"));
        assertThat(h.calls("cardDetails")).isZero();
    }

    @Test
    void batchingOffMakesTheSameSingleCallsAsAPortWithoutABatchForm() {
        batchPort("cardDetails", 30);
        h.tune(b -> b.batching(false));

        SectionResult cards = h.run(cards(List.of("c0", "c1", "c2"))).section("cards").orElseThrow();

        assertThat(cards.data()).isEqualTo(List.of("c0!", "c1!", "c2!"));
        assertThat(h.calls("cardDetails*")).isZero();
        assertThat(h.calls("cardDetails")).isEqualTo(3);
        assertThat(batchSizes()).containsExactly(1, 1, 1);
    }

    @Test
    void thePlanShowsWhichCallsAreBatchedAndHowManyItemsACallCarries() {
        batchPort("cardDetails", 30);
        Screen screen = cards(List.of("c0"));
        h.tune(b -> b.batchSize(40));

        ScreenPlan plan = ScreenPlan.of(h.engine().compile(screen));

        assertThat(plan.steps()).extracting(ScreenPlan.Step::name, ScreenPlan.Step::batchSize)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cardList", 0),
                        org.assertj.core.groups.Tuple.tuple("cards", 40));
        assertThat(plan.render()).containsPattern("cards +port cardDetails .*  in batches of 40\\R");

        ScreenPlan unbatched = ScreenPlan.of(AggregationEngine.builder(String.class).ports(h.ports()).batching(false)
                .build().compile(screen));
        assertThat(unbatched.steps()).allSatisfy(step -> assertThat(step.batchSize()).isZero());
        assertThat(unbatched.render()).doesNotContain("batches");
    }

    @Test
    void aBadBatchSizeIsAClearError() {
        var port = PortDefinition.<String, String, String>of("p", String.class, String.class, (in, call) -> in);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> port.withBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize of port 'p' must be at least 1, was 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AggregationEngine.builder(String.class).batchSize(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize must be at least 1, was -1");
    }
}
