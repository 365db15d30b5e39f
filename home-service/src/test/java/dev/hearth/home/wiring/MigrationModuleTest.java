package dev.hearth.home.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hc.core5.pool.PoolStats;
import org.junit.jupiter.api.Test;

class MigrationModuleTest {

    @Test
    void legacyHasRoomWhileItsPoolHasAConnectionNobodyHoldsOrWaitsFor() {
        assertThat(MigrationModule.legacyHasRoom(new PoolStats(1_499, 0, 0, 1_500))).isTrue();
        assertThat(MigrationModule.legacyHasRoom(new PoolStats(1_500, 0, 0, 1_500))).as("all leased").isFalse();
        assertThat(MigrationModule.legacyHasRoom(new PoolStats(1_499, 1, 0, 1_500))).as("the last one awaited")
                .isFalse();
    }
}
