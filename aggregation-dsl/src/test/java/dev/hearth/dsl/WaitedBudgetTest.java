package dev.hearth.dsl;

import static dev.hearth.dsl.Harness.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The screen's budget counts from the request's arrival: a request that has already waited gets only what is left,
 * and every section's and field's deadline is cut to that (docs/adr/031-answer-on-time.md). Virtual time.
 */
class WaitedBudgetTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    /**
     * A budget of 800 ms: a fast required section (20 ms) with a slow optional field (deadline 500 ms), and a slow
     * optional section (deadline 600 ms).
     */
    private Screen screen() {
        h.port("fast", String.class, String.class, 20, in -> "fast")
                .register(PortDefinition.<String, String, String>of("slow", String.class, String.class, (in, c) -> {
                    h.count("slow");
                    h.time.sleep(ms(1000));
                    return in;
                }).withTimeout(ms(900)))
                .register(PortDefinition.<String, String, String>of("slowField", String.class, String.class, (in, c) -> {
                    h.count("slowField");
                    h.time.sleep(ms(1000));
                    return in;
                }).withTimeout(ms(900)));
        return Screen.builder("s").budget(ms(800))
                .section(Section.builder("fast").port("fast").required()
                        .field(Field.builder("f").port("slowField").optional().deadline(ms(500))
                                .fallback(Fallback.value("none")).build())
                        .build())
                .section(Section.builder("slow").port("slow").optional().deadline(ms(600)).fallback(Fallback.value("later"))
                        .build())
                .build();
    }

    private ScreenResult run(Screen screen, Duration waited) {
        AggregationEngine<String> engine = h.engine();
        return engine.execute(engine.compile(screen),
                ScreenRequest.builder("c-1").requestId("r-1").waited(waited).build());
    }

    /** The effective deadline of the call at {@code path}, from the start of the request. */
    private Duration deadline(String path) {
        return Duration.between(VirtualTime.EPOCH, h.records.stream().filter(r -> r.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no call at " + path + " in " + h.records)).effectiveDeadline());
    }

    @Test
    void aRequestThatWaitedNothingHasTheWholeBudget() {
        ScreenResult result = run(screen(), Duration.ZERO);

        assertThat(deadline("slow")).isEqualTo(ms(600));
        assertThat(deadline("fast.f")).isEqualTo(ms(520));
        assertThat(h.time.elapsed()).isEqualTo(ms(600));
        assertThat(result.section("slow").orElseThrow().data()).isEqualTo("later");
    }

    @Test
    void aRequestThatWaited700MsOfAn800MsBudgetHasItsSectionsCutAt100Ms() {
        ScreenResult result = run(screen(), ms(700));

        assertThat(deadline("slow")).isEqualTo(ms(100));
        assertThat(h.took("slow")).isEqualTo(ms(100));
        assertThat(deadline("fast.f")).as("a field's deadline too").isEqualTo(ms(100));
        assertThat(h.time.elapsed()).isEqualTo(ms(100));
        assertThat(result.section("fast").orElseThrow().status()).as("its field timed out at 100 ms")
                .isEqualTo(SectionStatus.PARTIAL);
        assertThat(result.section("slow").orElseThrow().data()).isEqualTo("later");
        assertThat(result.section("slow").orElseThrow().reason()).contains(Reason.TIMEOUT);
    }

    @Test
    void aRequestThatWaitedTheWholeBudgetStartsNoCall() {
        ScreenResult result = run(screen(), ms(800));

        assertThat(h.calls("fast")).isZero();
        assertThat(h.calls("slow")).isZero();
        assertThat(h.calls("slowField")).isZero();
        assertThat(h.time.elapsed()).isEqualTo(Duration.ZERO);
        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.sectionId()).isEqualTo("fast");
            assertThat(f.reason()).isEqualTo(Reason.TIMEOUT);
        });
    }

    @Test
    void aNegativeWaitIsRefusedSayingWhatItIs() {
        assertThatThrownBy(() -> ScreenRequest.builder("c-1").waited(ms(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("waited must not be negative");
    }
}
