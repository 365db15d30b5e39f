package dev.hearth.home.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hearth.home.FakeClock;
import dev.hearth.home.migration.compare.ComparisonRules;
import dev.hearth.home.migration.compare.ResponseComparator;
import dev.hearth.ports.domain.model.Side;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShadowComparisonTest {
    static final int DRAWS = 1_000_000;

    final MetricRegistry metrics = new MetricRegistry();
    final AtomicReference<Double> rate = new AtomicReference<>(0.0);

    ShadowComparison shadow(ShadowBudget budget) {
        // Every sample here agrees or fails, so the mismatch store stays empty.
        return new ShadowComparison(rate::get, budget, new ResponseComparator(ComparisonRules.homeDefaults()),
                new InMemoryMismatches(), metrics, MigrationTalliesTest.tallies(new InMemoryFigures()));
    }

    long sampledOf(ShadowComparison shadow) {
        return IntStream.range(0, DRAWS).filter(i -> shadow.sampled()).count();
    }

    @Test
    void theRateIsTheShareOfRequestsSampledReadAfreshEachTime() {
        try (ShadowComparison shadow = shadow(new ShadowBudget(1, 1, Clock.systemUTC()))) {
            assertThat(sampledOf(shadow)).as("0 never").isZero();

            // Binomial: a standard deviation of 300 (at 0.1) and 32 (at 0.001); these bounds are ten of them.
            rate.set(0.1);
            assertThat(sampledOf(shadow)).isBetween(97_000L, 103_000L);
            rate.set(0.001);
            assertThat(sampledOf(shadow)).isBetween(700L, 1_300L);

            rate.set(1.0);
            assertThat(sampledOf(shadow)).as("1 always").isEqualTo(DRAWS);
        }
    }

    @Test
    void aSampleOverBudgetIsDroppedAndCountedByWhy() {
        FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
        CountDownLatch finish = new CountDownLatch(1);
        try (ShadowComparison shadow = shadow(new ShadowBudget(2, 1, clock))) {
            shadow.offer("r1", Side.HEARTH, sample(finish));
            shadow.offer("r2", Side.HEARTH, sample(finish));
            assertThat(metrics.counter(MigrationMetrics.shadowDropped("rate")).getCount())
                    .as("a slot is free, but it is the second start in a second").isEqualTo(1);

            clock.advance(Duration.ofSeconds(1));
            shadow.offer("r3", Side.HEARTH, sample(finish));
            clock.advance(Duration.ofSeconds(1));
            shadow.offer("r4", Side.HEARTH, sample(finish));
            assertThat(metrics.counter(MigrationMetrics.shadowDropped("in-flight")).getCount())
                    .as("r1 and r3 still run").isEqualTo(1);
            assertThat(metrics.counter(MigrationMetrics.shadowDropped("rate")).getCount()).isEqualTo(1);
            finish.countDown();
        }
        assertThat(metrics.counter(MigrationMetrics.SHADOW_SAMPLED).getCount()).isEqualTo(4);
        assertThat(metrics.counter(MigrationMetrics.SHADOW_COMPARED).getCount()).as("r1 and r3").isEqualTo(2);
    }

    @Test
    void eachComparedSampleIsTalliedForTheFleetAMismatchOncePerSectionNoiseExcluded() throws Exception {
        InMemoryFigures figures = new InMemoryFigures();
        MigrationTallies tallies = MigrationTalliesTest.tallies(figures);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode hearth = mapper.readTree("""
                {"sections": [{"id": "accounts", "data": [{"id": "a1", "name": "Main", "balance": {"amount": 10}},
                                                          {"id": "a2", "name": "Savings"}]},
                              {"id": "banners", "data": [{"id": "b1", "title": "Hi"}]}]}""");
        JsonNode legacy = mapper.readTree("""
                {"sections": [{"id": "accounts", "data": [{"id": "a1", "name": "Main!", "balance": {"amount": 11}},
                                                          {"id": "a2", "name": "Savings!"}]},
                              {"id": "banners", "data": [{"id": "b1", "title": "Hi"}]}]}""");
        JsonNode legacyMoved = mapper.readTree("""
                {"sections": [{"id": "accounts", "data": [{"id": "a1", "name": "Main!", "balance": {"amount": 12}},
                                                          {"id": "a2", "name": "Savings!"}]},
                              {"id": "banners", "data": [{"id": "b1", "title": "Hi"}]}]}""");
        FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
        try (ShadowComparison shadow = new ShadowComparison(rate::get, new ShadowBudget(4, 1, clock),
                new ResponseComparator(ComparisonRules.homeDefaults()), new InMemoryMismatches(), metrics, tallies)) {
            shadow.offer("r1", Side.HEARTH, sides(hearth, legacy, legacyMoved)); // two names differ, balance moved
            clock.advance(Duration.ofSeconds(1));
            shadow.offer("r2", Side.HEARTH, sides(hearth, hearth, hearth));
            clock.advance(Duration.ofSeconds(1));
            shadow.offer("r3", Side.HEARTH, sides(hearth, hearth, legacy)); // only legacy's two answers differ: noise
        }
        tallies.flush();

        assertThat(figures.all()).singleElement().satisfies(tally -> {
            assertThat(tally.compared()).isEqualTo(3);
            assertThat(tally.mismatched()).isEqualTo(1);
            assertThat(tally.mismatchedBySection()).as("two differing fields, one sample, one section")
                    .containsExactlyEntriesOf(Map.of("accounts", 1L));
        });
    }

    static ShadowComparison.Sample sides(JsonNode hearth, JsonNode legacy, JsonNode legacyAgain) {
        return new ShadowComparison.Sample() {
            @Override
            public JsonNode hearth() {
                return hearth;
            }

            @Override
            public JsonNode legacy() {
                return legacy;
            }

            @Override
            public JsonNode legacyAgain() {
                return legacyAgain;
            }
        };
    }

    /** A sample whose sides agree, computed once {@code go} opens. */
    static ShadowComparison.Sample sample(CountDownLatch go) {
        JsonNode home = JsonNodeFactory.instance.objectNode().put("screen", "home");
        return new ShadowComparison.Sample() {
            @Override
            public JsonNode hearth() throws InterruptedException {
                go.await();
                return home;
            }

            @Override
            public JsonNode legacy() {
                return home;
            }

            @Override
            public JsonNode legacyAgain() {
                return home;
            }
        };
    }
}
