package dev.hearth.dsl;

import static dev.hearth.dsl.Harness.ms;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LatencyAndDeadlineTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void latencyIsTheSlowestChainNotTheSum() {
        h.port("a", String.class, String.class, 100, in -> in + ">a")
                .port("b", String.class, String.class, 150, in -> in + ">b")
                .port("c", String.class, String.class, 200, in -> in + ">c");
        Screen screen = Screen.builder("s").budget(ms(1000))
                .section(Section.builder("b").port("b").from(Source.section("a")).required().build())
                .section(Section.builder("a").port("a").required().build())
                .section(Section.builder("c").port("c").required().build())
                .build();

        ScreenResult result = h.run(screen);

        assertThat(h.time.elapsed()).isEqualTo(ms(250));
        assertThat(result.complete()).isTrue();
        assertThat(result.sections()).extracting(SectionResult::id).containsExactly("b", "a", "c");
        assertThat(result.section("b").orElseThrow().data()).isEqualTo("c-1>a>b");
        assertThat(h.records).hasSize(3).allMatch(r -> r.success() && r.requestId().equals("r-1") && r.screenId().equals("s"));
    }

    @Test
    void aHundredItemFanOutTakesAsLongAsOneItem() {
        List<String> cards = IntStream.range(0, 100).mapToObj(i -> "card" + i).toList();
        h.listPort("cardList", String.class, String.class, 50, in -> cards)
                .port("cardDetails", String.class, String.class, 100, in -> in + "-detail");
        Screen screen = Screen.builder("s").budget(ms(800))
                .section(Section.builder("cardList").port("cardList").optional().build())
                .section(Section.builder("cards").port("cardDetails").from(Source.each("cardList")).optional().build())
                .build();

        ScreenResult result = h.run(screen);

        assertThat(h.time.elapsed()).isEqualTo(ms(150));
        assertThat(h.calls("cardDetails")).isEqualTo(100);
        SectionResult section = result.section("cards").orElseThrow();
        assertThat(section.status()).isEqualTo(SectionStatus.OK);
        assertThat((List<?>) section.data()).hasSize(100).first().isEqualTo("card0-detail");
    }

    private Screen slowOptional(Integer sectionDeadline, long budget) {
        Section.Builder s = Section.builder("slow").port("slow").optional().fallback(Fallback.omit());
        if (sectionDeadline != null) {
            s.deadline(ms(sectionDeadline));
        }
        return Screen.builder("s").budget(ms(budget)).section(s.build()).build();
    }

    @Test
    void thePortTimeoutBitesWhenItIsTheSmallest() {
        h.register(PortDefinition.<String, String, String>of("slow", String.class, String.class, (in, c) -> {
            h.time.sleep(ms(1000));
            return in;
        }).withTimeout(ms(50)));

        ScreenResult result = h.run(slowOptional(80, 100));

        assertThat(h.took("slow")).isEqualTo(ms(50));
        assertThat(result.section("slow").orElseThrow().status()).isEqualTo(SectionStatus.OMITTED);
        assertThat(result.section("slow").orElseThrow().reason()).contains(Reason.TIMEOUT);
    }

    @Test
    void theSectionDeadlineBitesWhenItIsTheSmallest() {
        h.register(PortDefinition.<String, String, String>of("slow", String.class, String.class, (in, c) -> {
            h.time.sleep(ms(1000));
            return in;
        }).withTimeout(ms(200)));

        h.run(slowOptional(80, 100));

        assertThat(h.took("slow")).isEqualTo(ms(80));
        assertThat(h.records.getFirst().effectiveDeadline()).isEqualTo(VirtualTime.EPOCH.plus(ms(80)));
    }

    @Test
    void whatIsLeftOfTheBudgetBitesWhenItIsTheSmallest() {
        h.port("first", String.class, String.class, 60, in -> in);
        h.register(PortDefinition.<String, String, String>of("slow", String.class, String.class, (in, c) -> {
            h.time.sleep(ms(1000));
            return in;
        }).withTimeout(ms(500)));
        Screen screen = Screen.builder("s").budget(ms(120))
                .section(Section.builder("first").port("first").optional().build())
                .section(Section.builder("slow").port("slow").from(Source.section("first")).optional()
                        .deadline(ms(100)).fallback(Fallback.value("later")).build())
                .build();

        ScreenResult result = h.run(screen);

        assertThat(h.took("slow")).isEqualTo(ms(60));
        assertThat(h.time.elapsed()).isEqualTo(ms(120));
        assertThat(result.section("slow").orElseThrow().data()).isEqualTo("later");
    }
}
