package dev.hearth.ports.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RolloutSettingsTest {
    static final int CUSTOMERS = 100_000;

    static RolloutSettings at(String percent) {
        return RolloutSettings.initial(new BigDecimal(percent));
    }

    static long servedByHearth(RolloutSettings rollout) {
        return IntStream.range(0, CUSTOMERS)
                .filter(i -> rollout.sideFor(new CustomerId("customer-" + i)) == Side.HEARTH)
                .count();
    }

    @Test
    void aCustomersBucketIsStableAndKnownInAdvance() {
        // Pinned: a change here would move customers between sides on deploy.
        // (SHA-256 of "hearth-home-rollout:<id>", first 8 bytes unsigned, modulo a million: any language can check it)
        assertThat(RolloutSettings.bucket(new CustomerId("alice"))).isEqualTo(586_099);
        assertThat(RolloutSettings.bucket(new CustomerId("carol"))).isEqualTo(4_613);
        assertThat(RolloutSettings.bucket(new CustomerId("dave"))).isEqualTo(68_553);
        assertThat(IntStream.range(0, 1000).mapToLong(i -> RolloutSettings.bucket(new CustomerId("c" + i))))
                .allMatch(b -> b >= 0 && b < 1_000_000);
    }

    @Test
    void thePercentageIsTheShareOfCustomersServedByHearth() {
        assertThat(servedByHearth(at("5"))).isBetween(4_700L, 5_300L);
        assertThat(servedByHearth(at("50"))).isBetween(49_000L, 51_000L);
        assertThat(servedByHearth(at("0.5"))).isBetween(400L, 600L);
        assertThat(servedByHearth(at("100"))).isEqualTo(CUSTOMERS);
        assertThat(servedByHearth(at("0"))).isZero();
    }

    @Test
    void raisingThePercentageOnlyAddsCustomers() {
        RolloutSettings five = at("5");
        RolloutSettings ten = at("10");
        IntStream.range(0, CUSTOMERS).mapToObj(i -> new CustomerId("customer-" + i))
                .filter(c -> five.sideFor(c) == Side.HEARTH)
                .forEach(c -> assertThat(ten.sideFor(c)).as(c.value()).isEqualTo(Side.HEARTH));
    }

    @Test
    void theAllowListComesFirstButZeroSendsEveryoneToLegacy() {
        RolloutSettings tiny = at("0.0001").withAllowList(Set.of("staff-1"));
        assertThat(tiny.sideFor(new CustomerId("staff-1"))).isEqualTo(Side.HEARTH);
        assertThat(tiny.withPercent(BigDecimal.ZERO).sideFor(new CustomerId("staff-1"))).isEqualTo(Side.LEGACY);
    }

    @Test
    void badValuesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> at("100.5")).hasMessageContaining("from 0 to 100");
        assertThatThrownBy(() -> at("-1")).hasMessageContaining("from 0 to 100");
        assertThatThrownBy(() -> at("0.00001")).hasMessageContaining("at most 4 decimals");
        assertThatThrownBy(() -> at("5").withShadowRate(1.5)).hasMessageContaining("from 0 to 1");
        assertThatThrownBy(() -> at("5").withAllowList(Set.of("not an id!"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theAllowListIsChangedByAddingAndRemovingLeavingTheOthers() {
        RolloutSettings staff = at("1").withAllowList(Set.of("staff-1", "staff-2"));

        assertThat(staff.withAllowListChanged(Set.of("staff-3"), Set.of("staff-1")).allowList())
                .containsExactlyInAnyOrder("staff-2", "staff-3");
        assertThat(staff.withAllowListChanged(Set.of(), Set.of("nobody")).allowList()).isEqualTo(staff.allowList());
        assertThatThrownBy(() -> staff.withAllowListChanged(Set.of("staff-3"), Set.of("staff-3")))
                .hasMessageContaining("both added to and removed from").hasMessageContaining("staff-3");
        assertThatThrownBy(() -> staff.withAllowListChanged(Set.of("not an id!"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
