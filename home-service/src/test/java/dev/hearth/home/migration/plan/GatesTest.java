package dev.hearth.home.migration.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.ports.domain.model.MigrationFigures;
import dev.hearth.ports.domain.model.RolloutGates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatesTest {
    static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");
    static final RolloutGates GATES = new RolloutGates(0.05, 0.02, Duration.ofMillis(800), 100);

    static MigrationFigures figures(long served, long fallbacks, long compared, long mismatched,
            Map<String, Long> bySection, Duration latency) {
        return MigrationFigures.sum(T0, T0.plusSeconds(60), List.of(
                Fakes.tally("a", T0, served / 2, fallbacks / 2, compared / 2, 0, Map.of(), latency),
                Fakes.tally("b", T0, served - served / 2, fallbacks - fallbacks / 2, compared - compared / 2,
                        mismatched, bySection, latency)));
    }

    @Test
    void healthyFiguresWithEnoughSamplesAdvance() {
        Verdict verdict = Gates.judge(figures(1000, 50, 200, 4, Map.of(), Duration.ofMillis(300)), GATES);

        assertThat(verdict).isInstanceOf(Verdict.Advance.class);
        assertThat(verdict.says()).contains("fallback rate 4.76 % of 1050 homes", "mismatch rate 2 % of 200 compared",
                "p99 320 ms", "over 60 s, 2 instances");
    }

    @Test
    void aFallbackRateOverItsThresholdRollsBackNamingItsFiguresAndThreshold() {
        Verdict verdict = Gates.judge(figures(900, 100, 200, 0, Map.of(), Duration.ofMillis(300)), GATES);

        assertThat(verdict).isInstanceOf(Verdict.RollBack.class);
        assertThat(((Verdict.RollBack) verdict).gate()).isEqualTo("fallback");
        assertThat(verdict.says()).isEqualTo("fallback rate 10 % (100 of 1000 homes routed to Hearth answered by "
                + "legacy) is over maxFallbackRate 5 % over 60 s, 2 instances");
    }

    @Test
    void aMismatchRateOverItsThresholdRollsBackNamingTheWorstSection() {
        Verdict verdict = Gates.judge(figures(1000, 0, 400, 40, Map.of("accounts", 30L, "cards", 12L),
                Duration.ofMillis(300)), GATES);

        assertThat(verdict).isInstanceOf(Verdict.RollBack.class);
        assertThat(((Verdict.RollBack) verdict).gate()).isEqualTo("mismatch");
        assertThat(verdict.says()).contains("mismatch rate 10 % (40 of 400 compared samples) is over maxMismatchRate 2 %",
                "worst section accounts (30 mismatched, 7.5 %)");
    }

    @Test
    void aP99OverItsThresholdRollsBack() {
        Verdict verdict = Gates.judge(figures(1000, 0, 400, 0, Map.of(), Duration.ofMillis(1100)), GATES);

        assertThat(verdict).isInstanceOf(Verdict.RollBack.class);
        assertThat(((Verdict.RollBack) verdict).gate()).isEqualTo("p99");
        assertThat(verdict.says()).contains("p99 1250 ms (of 1000 homes built by Hearth) is over maxP99 800 ms");
    }

    @Test
    void tooFewSamplesHoldSayingHowManyOfHowMany() {
        Verdict few = Gates.judge(figures(40, 20, 10, 5, Map.of(), Duration.ofMillis(2000)), GATES);
        assertThat(few).as("a 33 %% fallback rate over 60 homes is not judged yet").isInstanceOf(Verdict.Hold.class);
        assertThat(few.says()).contains("60 of 100 homes routed to Hearth", "10 of 100 compared samples");

        Verdict noComparison = Gates.judge(figures(1000, 0, 0, 0, Map.of(), Duration.ofMillis(100)), GATES);
        assertThat(noComparison).isInstanceOf(Verdict.Hold.class);
        assertThat(noComparison.says()).contains("0 of 100 compared samples (is shadow sampling on?");
    }

    @Test
    void aGateWithEnoughSamplesRollsBackEvenWhileAnotherHasTooFew() {
        Verdict verdict = Gates.judge(figures(500, 500, 4, 2, Map.of(), Duration.ofMillis(100)), GATES);

        assertThat(verdict).isInstanceOf(Verdict.RollBack.class);
        assertThat(((Verdict.RollBack) verdict).gate()).isEqualTo("fallback");
    }

    @Test
    void atTheThresholdIsNotOverIt() {
        assertThat(Gates.judge(figures(950, 50, 100, 2, Map.of(), Duration.ofMillis(800)), GATES))
                .isInstanceOf(Verdict.Advance.class);
    }
}
