package dev.hearth.dsl;

import static dev.hearth.dsl.Harness.ms;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "N of M": a PARTIAL fan-out section says how many items it asked for and how many it returned, and its degraded
 * paths name the items asked for by their position in its input, so the app can tell which are missing (issue 28).
 * Virtual time: every latency is exact, nothing sleeps.
 */
class FanOutCountTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    /**
     * cardList answers {@code cards} at 10 ms; a card's details take 20 ms, except "bad…" (fails) and "slow…"
     * (hangs past the section's 100 ms deadline).
     */
    private Screen cards(List<String> cards, Field... fields) {
        h.listPort("cardList", String.class, String.class, 10, in -> cards)
                .port("cardDetails", String.class, String.class, 20, in -> {
                    if (in.startsWith("bad")) {
                        throw new IllegalStateException("no details for " + in);
                    }
                    if (in.startsWith("slow")) {
                        h.time.sleep(ms(1_000));
                    }
                    return in + "!";
                });
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

    @Test
    void threeOfFiveItemsFailingOrTimingOutLeaveAPartialSectionOfTwoOfFive() {
        ScreenResult result = h.run(cards(List.of("bad0", "c1", "slow2", "c3", "bad4")));

        SectionResult cards = result.section("cards").orElseThrow();
        assertThat(cards.status()).isEqualTo(SectionStatus.PARTIAL);
        assertThat(cards.items()).contains(new ItemCount(5, 2));
        assertThat(cards.data()).isEqualTo(List.of("c1!", "c3!"));
        // The three items asked for and missing, by their position among the five asked for (not in data).
        assertThat(cards.degraded()).containsExactly(new Degradation("cards[0]", Reason.ERROR),
                new Degradation("cards[2]", Reason.TIMEOUT), new Degradation("cards[4]", Reason.ERROR));
        // The slow one is cut at the section's deadline, 100 ms after the list answered.
        assertThat(h.time.elapsed()).isEqualTo(ms(110));
        assertThat(h.calls("cardDetails")).isEqualTo(5);
    }

    @Test
    void aDegradedFieldOfAnItemAfterAMissingOneIsNamedByThePositionAskedFor() {
        h.port("status", String.class, String.class, 10, in -> {
            if (in.equals("c2!")) {
                throw new IllegalStateException("no status for c2");
            }
            return "active";
        });
        Field status = Field.builder("status").port("status").optional().fallback(Fallback.value("unknown")).build();

        SectionResult cards = h.run(cards(List.of("bad0", "c1", "c2"), status)).section("cards").orElseThrow();

        assertThat(cards.status()).isEqualTo(SectionStatus.PARTIAL);
        assertThat(cards.items()).contains(new ItemCount(3, 2));
        assertThat(cards.data()).isEqualTo(List.of(new EnrichedItem("c1!", Map.of("status", "active")),
                new EnrichedItem("c2!", Map.of("status", "unknown"))));
        // c2 is the second item of data but the third asked for: its path says cards[2].
        assertThat(cards.degraded()).containsExactly(new Degradation("cards[0]", Reason.ERROR),
                new Degradation("cards[2].status", Reason.ERROR));
    }

    @Test
    void anItemLeftOutByItsRequiredFieldIsAskedForAndNotReturned() {
        h.port("status", String.class, String.class, 10, in -> {
            if (in.equals("c1!")) {
                throw new IllegalStateException("no status for c1");
            }
            return "active";
        });
        Field status = Field.builder("status").port("status").required().build();

        SectionResult cards = h.run(cards(List.of("c0", "c1", "c2"), status)).section("cards").orElseThrow();

        assertThat(cards.items()).contains(new ItemCount(3, 2));
        assertThat(cards.degraded()).containsExactly(new Degradation("cards[1]", Reason.ERROR));
    }

    @Test
    void aFanOutWhoseItemsAllReturnedButOneFieldDegradedCountsAllOfThem() {
        h.port("status", String.class, String.class, 10, in -> {
            throw new IllegalStateException("statuses down");
        });
        Field status = Field.builder("status").port("status").optional().fallback(Fallback.omit()).build();

        SectionResult cards = h.run(cards(List.of("c0", "c1"), status)).section("cards").orElseThrow();

        assertThat(cards.status()).isEqualTo(SectionStatus.PARTIAL);
        assertThat(cards.items()).contains(new ItemCount(2, 2));
    }

    @Test
    void anOkFanOutAndAPartialListThatIsNoFanOutSayNoCount() {
        h.port("alias", String.class, String.class, 10, in -> {
            if (in.equals("c1")) {
                throw new IllegalStateException("no alias for c1");
            }
            return "my " + in;
        });
        Screen screen = Screen.builder("s").budget(ms(800))
                .section(Section.builder("cardList").port("cardList").optional().fallback(Fallback.empty())
                        .field(Field.builder("alias").port("alias").optional().fallback(Fallback.omit()).build())
                        .build())
                .section(Section.builder("cards").port("cardDetails").from(Source.each("cardList")).optional()
                        .fallback(Fallback.empty()).build())
                .build();
        cards(List.of("c0", "c1"));

        ScreenResult result = h.run(screen);

        SectionResult cards = result.section("cards").orElseThrow();
        assertThat(cards.status()).isEqualTo(SectionStatus.OK);
        assertThat(cards.items()).isEmpty();
        SectionResult cardList = result.section("cardList").orElseThrow();
        assertThat(cardList.status()).isEqualTo(SectionStatus.PARTIAL);
        assertThat(cardList.items()).as("one call, not one per item").isEmpty();
    }
}
