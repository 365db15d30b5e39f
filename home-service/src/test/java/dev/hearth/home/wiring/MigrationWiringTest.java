package dev.hearth.home.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hc.core5.pool.PoolStats;
import org.junit.jupiter.api.Test;

class MigrationWiringTest {

    @Test
    void legacyHasRoomWhileItsPoolHasAConnectionNobodyHoldsOrWaitsFor() {
        assertThat(MigrationWiring.legacyHasRoom(new PoolStats(1_499, 0, 0, 1_500))).isTrue();
        assertThat(MigrationWiring.legacyHasRoom(new PoolStats(1_500, 0, 0, 1_500))).as("all leased").isFalse();
        assertThat(MigrationWiring.legacyHasRoom(new PoolStats(1_499, 1, 0, 1_500))).as("the last one awaited")
                .isFalse();
    }
}
