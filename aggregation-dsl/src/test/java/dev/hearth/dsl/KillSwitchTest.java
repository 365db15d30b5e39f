package dev.hearth.dsl;

import static dev.hearth.dsl.Harness.ms;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kill switches (issue 30): a section switched off for a request answers OMITTED with reason DISABLED and makes no
 * call, nor do its fields or the sections that read it; the others are unaffected, and the screen does not wait for
 * it. Virtual time: every latency is exact, nothing sleeps.
 */
class KillSwitchTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    /**
     * profile (required, 50 ms) with a nickname field (10 ms); cardList (10 ms) and cards, one call per card (20 ms);
     * banners (700 ms: the slowest by far).
     */
    private Screen screen() {
        h.port("profile", String.class, String.class, 50, in -> "profile of " + in)
                .port("nickname", String.class, String.class, 10, in -> "nick")
                .listPort("cardList", String.class, String.class, 10, in -> List.of("c1", "c2"))
                .port("cardDetails", String.class, String.class, 20, in -> in + "!")
                .listPort("banners", String.class, String.class, 700, in -> List.of("b1"));
        return Screen.builder("home").budget(ms(800))
                .section(Section.builder("profile").port("profile").required()
                        .field(Field.builder("nickname").port("nickname").optional().fallback(Fallback.omit()).build())
                        .build())
                .section(Section.builder("cardList").port("cardList").optional().fallback(Fallback.empty()).build())
                .section(Section.builder("cards").port("cardDetails").from(Source.each("cardList")).optional()
                        .fallback(Fallback.empty()).build())
                .section(Section.builder("banners").port("banners").optional().fallback(Fallback.value(List.of()))
                        .build())
                .build();
    }

    private ScreenResult run(Screen screen, String... disabled) {
        AggregationEngine<String> engine = h.engine();
        ScreenRequest.Builder<String> request = ScreenRequest.builder("c-1").requestId("r-1");
        for (String id : disabled) {
            request.disable(id);
        }
        return engine.execute(engine.compile(screen), request.build());
    }

    @Test
    void aSwitchedOffSectionIsOmittedAsDisabledMakesNoCallAndIsNotWaitedFor() {
        ScreenResult result = run(screen(), "banners");

        assertThat(result.section("banners")).contains(SectionResult.omitted("banners", Reason.DISABLED));
        assertThat(h.calls("banners")).isZero();
        assertThat(result.section("profile").orElseThrow().status()).isEqualTo(SectionStatus.OK);
        assertThat(result.section("cards")).contains(SectionResult.ok("cards", List.of("c1!", "c2!")));
        assertThat(result.failure()).isEmpty();
        // Not 700 ms: the screen ends with profile and its field, the slowest chain left.
        assertThat(h.time.elapsed()).isEqualTo(ms(60));
        assertThat(h.records).extracting(r -> r.path()).doesNotContain("banners");
    }

    @Test
    void theSameScreenWithoutTheSwitchCallsItAndWaitsForIt() {
        ScreenResult result = run(screen());

        assertThat(result.section("banners")).contains(SectionResult.ok("banners", List.of("b1")));
        assertThat(h.calls("banners")).isEqualTo(1);
        assertThat(h.time.elapsed()).isEqualTo(ms(700));
    }

    @Test
    void aSectionReadingASwitchedOffOneIsSwitchedOffWithItAndNeitherCalls() {
        ScreenResult result = run(screen(), "cardList");

        assertThat(result.section("cardList")).contains(SectionResult.omitted("cardList", Reason.DISABLED));
        assertThat(result.section("cards")).as("only fed by cardList: off with it, not DEPENDENCY_FAILED")
                .contains(SectionResult.omitted("cards", Reason.DISABLED));
        assertThat(h.calls("cardList")).isZero();
        assertThat(h.calls("cardDetails")).isZero();
        assertThat(result.section("banners").orElseThrow().status()).isEqualTo(SectionStatus.OK);
        assertThat(result.sections()).extracting(SectionResult::id)
                .containsExactly("profile", "cardList", "cards", "banners");
    }

    @Test
    void aRequiredSectionIsNeverSwitchedOffNorAreItsFields() {
        ScreenResult result = run(screen(), "profile", "noSuchSection");

        assertThat(result.section("profile")).contains(SectionResult.ok("profile",
                new EnrichedItem("profile of c-1", Map.of("nickname", "nick"))));
        assertThat(h.calls("profile")).isEqualTo(1);
        assertThat(h.calls("nickname")).isEqualTo(1);
        assertThat(result.failure()).isEmpty();
    }

    @Test
    void aSwitchedOffSectionsFieldsMakeNoCall() {
        h.listPort("offers", String.class, String.class, 10, in -> List.of("o1"))
                .port("offerTerms", String.class, String.class, 10, in -> "terms");
        Screen screen = Screen.builder("s").budget(ms(800))
                .section(Section.builder("offers").port("offers").optional().fallback(Fallback.omit())
                        .field(Field.builder("terms").port("offerTerms").optional().build())
                        .build())
                .build();

        ScreenResult result = run(screen, "offers");

        assertThat(result.section("offers")).contains(SectionResult.omitted("offers", Reason.DISABLED));
        assertThat(h.calls("offers")).isZero();
        assertThat(h.calls("offerTerms")).isZero();
        assertThat(result.complete()).as("a switched-off section is not OK: the screen is not complete").isFalse();
    }

    @Test
    void refetchingASwitchedOffSectionAnswersItDisabledWithoutACall() {
        Screen screen = screen();
        AggregationEngine<String> engine = h.engine();
        CompiledScreen<String> compiled = engine.compile(screen);

        ScreenResult result = engine.execute(compiled, ScreenRequest.builder("c-1").requestId("r-2").disable("cardList")
                .build(), "cards");

        assertThat(result.sections()).containsExactly(SectionResult.omitted("cards", Reason.DISABLED));
        assertThat(h.calls("cardList") + h.calls("cardDetails")).isZero();
    }
}
