package dev.hearth.home.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.home.FakeClock;
import dev.hearth.home.config.MigrationFactory;
import dev.hearth.home.migration.ShadowBudget.FleetShare;
import io.dropwizard.jersey.validation.Validators;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code migration.shadow.fleetSize}: the caps are the fleet's, each instance takes its share, rounded so the fleet's
 * total never exceeds them (docs/adr/021-fleet-config.md).
 */
class ShadowFleetBudgetTest {
    final FakeClock clock = new FakeClock(Instant.parse("2026-12-05T00:00:00Z"));

    @Test
    void aFleetOfOneHasTheWholeBudget() {
        FleetShare one = FleetShare.of(16, 20, 1);
        assertThat(one.maxInFlight()).isEqualTo(16);
        assertThat(one.nanosPerStart()).isEqualTo(50_000_000L);
    }

    @Test
    void eachInstanceTakesItsShareRoundedSoTheFleetStaysWithinTheCaps() {
        FleetShare third = FleetShare.of(16, 20, 3);
        assertThat(third.maxInFlight()).as("16 / 3, rounded down").isEqualTo(5);
        assertThat(third.nanosPerStart()).as("one start per 3/20 s").isEqualTo(150_000_000L);

        FleetShare ofThirty = FleetShare.of(32, 20, 30);
        assertThat(ofThirty.maxInFlight()).isEqualTo(1);
        assertThat(ofThirty.perSecond()).as("fewer than one a second: one per 1.5 s").isCloseTo(2.0 / 3, within());

        for (int fleet = 1; fleet <= 50; fleet++) {
            for (int perSecond = 1; perSecond <= 200; perSecond += 7) {
                for (int inFlight = fleet; inFlight <= 64; inFlight += 5) {
                    FleetShare share = FleetShare.of(inFlight, perSecond, fleet);
                    String what = inFlight + " at once, " + perSecond + "/s over " + fleet;
                    assertThat((long) share.maxInFlight() * fleet).as(what).isLessThanOrEqualTo(inFlight);
                    assertThat(share.maxInFlight()).as(what).isGreaterThanOrEqualTo(1);
                    // fleet x (1 s / nanosPerStart) <= perSecond, in integers
                    assertThat(fleet * 1_000_000_000L).as(what)
                            .isLessThanOrEqualTo((long) perSecond * share.nanosPerStart());
                    assertThat(fleet * 1_000_000_000L).as(what + ": not more than a nanosecond lost to rounding")
                            .isGreaterThan((long) perSecond * (share.nanosPerStart() - 1));
                }
            }
        }
    }

    /** Three instances, each asked for a comparison every millisecond for a minute: the fleet starts 20 a second. */
    @Test
    void threeBudgetsOfAFleetOfThreeStartAtMostTheFleetsRate() {
        List<ShadowBudget> fleet = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fleet.add(new ShadowBudget(FleetShare.of(16, 20, 3), clock));
        }
        int started = 0;
        for (int ms = 0; ms < 60_000; ms++) {
            for (ShadowBudget budget : fleet) {
                if (budget.tryAcquire().isEmpty()) {
                    started++;
                    budget.release();
                }
            }
            clock.advance(Duration.ofMillis(1));
        }
        assertThat(started).as("20 a second over 60 s, plus at most each instance's first").isBetween(1_200, 1_203);

        int held = 0;
        for (ShadowBudget budget : fleet) {
            while (budget.tryAcquire().isEmpty()) {
                held++;
                clock.advance(Duration.ofSeconds(1)); // past the rate: only the in-flight cap refuses now
            }
        }
        assertThat(held).as("16 at once for the fleet, 5 per instance").isEqualTo(15);
    }

    @Test
    void aFleetLargerThanItsInFlightCapIsRefusedNamingBothKeys() {
        assertThatThrownBy(() -> FleetShare.of(4, 20, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("migration.shadow.maxInFlight (4)")
                .hasMessageContaining("migration.shadow.fleetSize (5)")
                .hasMessageContaining("raise maxInFlight to at least 5");

        MigrationFactory.Shadow shadow = new MigrationFactory.Shadow();
        shadow.setMaxInFlight(4);
        shadow.setFleetSize(5);
        assertThat(Validators.newValidator().validate(shadow)).extracting(v -> v.getPropertyPath() + " "
                + v.getMessage()).containsExactly("maxInFlightEnoughForTheFleet maxInFlight is the fleet's, shared by "
                + "fleetSize instances, and each needs at least 1: set maxInFlight to at least fleetSize");
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
