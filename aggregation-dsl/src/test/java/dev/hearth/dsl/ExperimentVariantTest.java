package dev.hearth.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Variants for experiments only ({@code when: { experiment: true }}, docs/adr/029-experiments.md): no app selects one
 * by its headers, an experiment finds it by name; it overlaps no other variant; it names no apps; and a result says
 * which experiment's arm answered.
 */
class ExperimentVariantTest {
    static final String SCREEN = """
            screen: home
            budget: 800ms
            sections:
              - id: profile
                port: profile
                required: true
              - id: offers
                port: offers
                optional: true
                fallback: { value: none }
            variants:
              - name: legacy-apps
                when: { appVersion: "<2.0" }
                remove: [offers]
              - name: new-offers
                when: { experiment: true }
                override:
                  - { id: offers, deadline: 100ms }
                add:
                  - { id: widget, port: widget, optional: true, fallback: omit }
            """;

    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void noAppGetsAnExperimentsVariantByItsHeadersButItIsFoundByNameAndRuns() {
        h.port("profile", String.class, String.class, 20, in -> "Alice");
        h.port("offers", String.class, String.class, 20, in -> "offer");
        h.port("widget", String.class, String.class, 10, in -> "w");
        AggregationEngine<String> engine = h.engine();
        CompiledScreen<String> screen = engine.compile(ScreenYaml.parse("home.yml", SCREEN));

        for (Client app : List.of(Client.of(null, null), Client.of("ios", "3.0"), Client.of("android", "2.0"))) {
            assertThat(screen.select(app).variant()).as(app.toString()).isEqualTo("default");
        }
        assertThat(screen.select(Client.of("ios", "1.0")).variant()).isEqualTo("legacy-apps");
        CompiledScreen<String> arm = screen.variant("new-offers").orElseThrow();
        assertThat(arm.definition().orElseThrow().experimentOnly()).isTrue();
        assertThat(arm.definition().orElseThrow().describeWhen()).isEqualTo("experiment arms only");

        ScreenResult result = engine.execute(arm, Harness.request());
        assertThat(result.variant()).isEqualTo("new-offers");
        assertThat(result.sections()).extracting(SectionResult::id).containsExactly("profile", "offers", "widget");
        assertThat(result.arm()).isEmpty();
        ScreenResult inArm = result.inExperiment("offers-2026", "new-offers");
        assertThat(inArm.experiment()).contains("offers-2026");
        assertThat(inArm.arm()).contains("new-offers");
        assertThat(inArm.answeredBy("new-offers").arm()).as("kept when the variant is said").contains("new-offers");
    }

    @Test
    void anExperimentsVariantOverlapsNoneNamesNoAppsAndSaysOnlyTrue() {
        assertThat(VariantValidationTest.problems("""
                  - name: ios
                    when: { platform: ios }
                    remove: [cards]
                  - name: arm-b
                    when: { experiment: true }
                    remove: [cards]
                  - name: arm-c
                    when: { experiment: true }
                    override: [{ id: cards, deadline: 100ms }]
                """)).as("no priorities needed: no app selects them").isEmpty();
        assertThat(VariantValidationTest.problems("""
                  - name: arm-b
                    when: { experiment: true, platform: ios }
                    remove: [cards]
                """)).singleElement().asString().startsWith("26: variant 'arm-b' of screen 'home' is for experiments "
                + "only and also names apps (hint: an experiment's arms are served only to apps that get the default");
        assertThat(VariantValidationTest.problems("""
                  - name: arm-b
                    when: { experiment: yes-please }
                    remove: [cards]
                """)).singleElement().asString().startsWith("26: `experiment` of variant 'arm-b' can only be `true`");
    }
}
