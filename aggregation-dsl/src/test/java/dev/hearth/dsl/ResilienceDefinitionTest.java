package dev.hearth.dsl;

import static dev.hearth.dsl.ValidationTest.home;
import static dev.hearth.dsl.ValidationTest.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** `freshness` and `fallback: { stale: ... }` in YAML and Java: parsing, equality and problems with lines. */
class ResilienceDefinitionTest {
    /** ValidationTest.HOME with the cards fan-out (line 16-19) and the balance field (line 13) changed. */
    private static final String RESILIENT = home("    deadline: 250ms\n    fallback: empty\n",
            "    deadline: 250ms\n    fallback: { stale: 10m }\n    freshness: 30s\n")
            .replace("fallback: { value: null }", "fallback: { stale: 5m }");

    @Test
    void staleAndFreshnessParseIntoTheSameModelAsTheJavaBuilders() {
        Screen yaml = ScreenYaml.parse("home.yml", RESILIENT);

        Section cards = yaml.section("cards").orElseThrow();
        assertThat(cards.fallback()).contains(Fallback.stale(Duration.ofMinutes(10)));
        assertThat(cards.freshness()).contains(Duration.ofSeconds(30));
        assertThat(yaml.section("accounts").orElseThrow().fields().getFirst().fallback())
                .contains(Fallback.stale(Duration.ofMinutes(5)));
        assertThat(cards.originOf("freshness")).contains(new Origin("home.yml", 20));
        assertThat(problems(RESILIENT)).isEmpty();

        Section java = Section.builder("cards").port("cardDetails").from(Source.each("cardList")).optional()
                .deadline(Duration.ofMillis(250)).fallback(Fallback.stale(Duration.ofMinutes(10)))
                .freshness(Duration.ofSeconds(30)).build();
        assertThat(cards).isEqualTo(java).hasSameHashCodeAs(java);
        assertThat(java).isNotEqualTo(Section.builder("cards").port("cardDetails").from(Source.each("cardList"))
                .optional().deadline(Duration.ofMillis(250)).fallback(Fallback.stale(Duration.ofMinutes(10))).build());
        assertThat(Fallback.stale(Duration.ofMinutes(1))).isEqualTo(Fallback.stale(Duration.ofSeconds(60)))
                .hasSameHashCodeAs(Fallback.stale(Duration.ofSeconds(60)))
                .isNotEqualTo(Fallback.stale(Duration.ofMinutes(2)));
    }

    @Test
    void aStaleFallbackWithoutAMaxAgeSaysHowToWriteOne() {
        assertThat(problems(RESILIENT.replace("fallback: { stale: 10m }", "fallback: stale"))).containsExactly(
                "19: `fallback: stale` of section 'cards' does not say how old a value may be "
                        + "(hint: write `fallback: { stale: 10m }`: the last good value if it is at most 10 minutes old)");
    }

    @Test
    void badDurationsOfStaleAndFreshnessHaveTheirLine() {
        assertThat(problems(RESILIENT.replace("fallback: { stale: 5m }", "fallback: { stale: 0s }")))
                .singleElement().asString().startsWith("13: bad duration '0s' for the max age of "
                        + "`fallback: { stale: ... }` of field 'balance' of section 'accounts'");
        assertThat(problems(RESILIENT.replace("freshness: 30s", "freshness: 30 seconds")))
                .singleElement().asString().startsWith("20: bad duration '30 seconds' for freshness of section 'cards'");
    }

    @Test
    void aFallbackIsOneFallback() {
        assertThat(problems(RESILIENT.replace("fallback: { stale: 10m }", "fallback: { stale: 10m, value: [] }")))
                .singleElement().asString().startsWith("19: `fallback` of section 'cards' must be one fallback, found [stale, value]");
        assertThat(problems(RESILIENT.replace("fallback: { stale: 10m }", "fallback: { stal: 10m }")))
                .anyMatch(p -> p.startsWith("19: unknown key 'stal' in `fallback` of section 'cards' (hint: did you mean 'stale'?"));
    }

    @Test
    void freshnessOnAFieldPointsToTheSectionOrAStaleFallback() {
        assertThat(problems(RESILIENT.replace("fallback: { stale: 5m }", "freshness: 30s")))
                .singleElement().asString().startsWith("13: `freshness` is a section's policy, not a field's")
                .contains("fallback: { stale: <max age> }");
    }

    @Test
    void aStaleFallbackOnARequiredSectionIsReported() {
        assertThat(problems(home("    required: true\n  - id: accounts",
                "    required: true\n    fallback: { stale: 1m }\n  - id: accounts")))
                .singleElement().asString().startsWith("8: section 'profile' is required but declares a fallback");
    }

    @Test
    void aStaleMaxAgeWithinTheFreshnessCanNeverBeUsed() {
        assertThat(problems(RESILIENT.replace("fallback: { stale: 10m }", "fallback: { stale: 30s }")))
                .singleElement().asString().startsWith("19: fallback `stale: 30s` of section 'cards' is not longer "
                        + "than its freshness 30s, so it is never used").contains("make the stale max age longer than 30s");
    }

    @Test
    void javaBuildersRefuseNonPositiveDurations() {
        assertThatThrownBy(() -> Fallback.stale(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max age of a stale fallback must be positive");
        assertThatThrownBy(() -> Fallback.stale(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Section.builder("s").freshness(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("freshness of section 's' must be positive");
    }
}
