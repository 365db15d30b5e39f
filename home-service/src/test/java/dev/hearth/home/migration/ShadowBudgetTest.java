package dev.hearth.home.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.home.FakeClock;
import dev.hearth.home.migration.ShadowBudget.Refusal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ShadowBudgetTest {
    final FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));

    @Test
    void atMostMaxInFlightAtOnceAndASlotGivenBackIsTakenAgain() {
        ShadowBudget budget = new ShadowBudget(2, 1_000, clock);

        assertThat(budget.tryAcquire()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(budget.tryAcquire()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(budget.tryAcquire()).contains(Refusal.IN_FLIGHT);
        assertThat(budget.inFlight()).isEqualTo(2);

        budget.release();
        assertThat(budget.tryAcquire()).isEmpty();
        assertThat(budget.inFlight()).isEqualTo(2);
    }

    @Test
    void atMostMaxPerSecondStartedSpreadEvenlyOverTheSecond() {
        ShadowBudget budget = new ShadowBudget(100, 4, clock); // one start per 250 ms

        assertThat(budget.tryAcquire()).isEmpty();
        budget.release();
        assertThat(budget.tryAcquire()).as("no burst: the next start is 250 ms later").contains(Refusal.RATE);
        assertThat(budget.inFlight()).as("a refused sample holds no slot").isEqualTo(0);
        clock.advance(Duration.ofMillis(249));
        assertThat(budget.tryAcquire()).contains(Refusal.RATE);
        clock.advance(Duration.ofMillis(1));
        assertThat(budget.tryAcquire()).isEmpty();

        int started = 0;
        for (int ms = 0; ms < 10_000; ms += 10) {
            clock.advance(Duration.ofMillis(10));
            if (budget.tryAcquire().isEmpty()) {
                started++;
                budget.release();
            }
        }
        assertThat(started).as("4 a second over 10 s").isEqualTo(40);
    }

    @Test
    void aQuietSpellSavesNoBurst() {
        ShadowBudget budget = new ShadowBudget(100, 4, clock);
        assertThat(budget.tryAcquire()).isEmpty();

        clock.advance(Duration.ofMinutes(1));

        assertThat(budget.tryAcquire()).isEmpty();
        assertThat(budget.tryAcquire()).contains(Refusal.RATE);
    }

    @Test
    void theInFlightCapIsCheckedFirst() {
        ShadowBudget budget = new ShadowBudget(1, 1, clock);
        assertThat(budget.tryAcquire()).isEmpty();

        assertThat(budget.tryAcquire()).as("over both caps").contains(Refusal.IN_FLIGHT);
        budget.release();
        assertThat(budget.tryAcquire()).contains(Refusal.RATE);
    }

    @Test
    void aClockSteppingBackDoesNotStopSampling() {
        ShadowBudget budget = new ShadowBudget(100, 4, clock);
        assertThat(budget.tryAcquire()).isEmpty();

        clock.advance(Duration.ofHours(-1));

        assertThat(budget.tryAcquire()).isEmpty();
        assertThat(budget.tryAcquire()).as("and the rate holds from there").contains(Refusal.RATE);
    }
}
