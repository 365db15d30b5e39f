package dev.hearth.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.adapters.out.persistence.lease.MigrationLeaseJdbiAdapter;
import dev.hearth.adapters.out.persistence.plan.RolloutPlanJdbiAdapter;
import dev.hearth.ports.domain.model.MigrationLease;
import dev.hearth.ports.domain.model.RolloutGates;
import dev.hearth.ports.domain.model.RolloutPlan;
import dev.hearth.ports.domain.port.out.MigrationLeasePort;
import dev.hearth.ports.domain.port.out.RolloutPlanStorePort;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The rollout plan (compare-and-set) and the lease (one holder of several racing) on H2 and embedded PostgreSQL. */
class RolloutPlanAndLeaseIT {
    static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");
    static final RolloutGates GATES = new RolloutGates(0.05, 0.02, Duration.ofMillis(900), 100);

    static Stream<Jdbi> databases() {
        return MigrationStoresIT.databases();
    }

    static List<BigDecimal> steps(int... percents) {
        return java.util.Arrays.stream(percents).mapToObj(BigDecimal::valueOf).toList();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aPlanIsStoredWithEverythingItNeedsToContinueAndChangedOnlyFromTheVersionRead(Jdbi jdbi) {
        RolloutPlanStorePort store = new RolloutPlanJdbiAdapter(jdbi);
        assertThat(store.load()).isEmpty();
        RolloutPlan started = RolloutPlan.start(List.of(new BigDecimal("0.5"), BigDecimal.valueOf(5),
                BigDecimal.valueOf(100)), Duration.ofMinutes(10), GATES, "admin hearth by alice", T0, "OPS-40");

        RolloutPlan stored = store.save(started).orElseThrow();

        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored).isEqualTo(new RolloutPlan(started.steps(), 0, T0, Duration.ofMinutes(10), GATES,
                RolloutPlan.State.RUNNING, "OPS-40", "admin hearth by alice", T0, -1, 1));
        assertThat(stored.stepList()).isEqualTo("0.5,5,100");
        assertThat(store.save(started)).as("a second first plan loses: one is stored").isEmpty();

        RolloutPlan stepTwo = stored.onStep(1, T0.plusSeconds(600), "gates held").applied(42, T0.plusSeconds(601));
        RolloutPlan second = store.save(stepTwo).orElseThrow();
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.step()).isEqualTo(1);
        assertThat(second.appliedVersion()).isEqualTo(42);
        assertThat(second.stepStartedAt()).isEqualTo(T0.plusSeconds(601));

        assertThat(store.save(stored.in(RolloutPlan.State.PAUSED, "stale")))
                .as("a change from an older version is refused, nothing overwritten").isEmpty();
        assertThat(store.load()).contains(second);
        RolloutPlan rolledBack = store.save(second.in(RolloutPlan.State.ROLLED_BACK, "fallback rate 9 % > 5 %"))
                .orElseThrow();
        assertThat(store.load()).contains(rolledBack);
        assertThat(rolledBack.state().finished()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aLeaseIsHeldByOneUntilItExpiresOrIsReleasedAndRenewedByItsHolder(Jdbi jdbi) {
        MigrationStoresIT.MutableClock clock = new MigrationStoresIT.MutableClock(T0);
        MigrationLeasePort a = new MigrationLeaseJdbiAdapter(jdbi, clock);
        MigrationLeasePort b = new MigrationLeaseJdbiAdapter(jdbi, clock);
        Duration ttl = Duration.ofSeconds(5);
        assertThat(a.current("plan")).isEmpty();

        assertThat(a.acquire("plan", "a", ttl)).isTrue();
        assertThat(b.acquire("plan", "b", ttl)).isFalse();
        clock.now = T0.plusSeconds(4);
        assertThat(a.acquire("plan", "a", ttl)).as("renewed").isTrue();
        clock.now = T0.plusSeconds(8);
        assertThat(b.acquire("plan", "b", ttl)).as("renewed at 4 s, so still a's at 8 s").isFalse();
        assertThat(b.current("plan")).contains(new MigrationLease("plan", "a", T0.plusSeconds(9)));
        assertThat(a.acquire("other", "b", ttl)).as("another name is another lease").isTrue();

        clock.now = T0.plusSeconds(10);
        assertThat(b.acquire("plan", "b", ttl)).as("expired: b takes it").isTrue();
        assertThat(a.acquire("plan", "a", ttl)).isFalse();

        a.release("plan", "a"); // not a's: nothing happens
        assertThat(a.acquire("plan", "a", ttl)).isFalse();
        b.release("plan", "b");
        assertThat(a.acquire("plan", "a", ttl)).as("released: taken at once").isTrue();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void ofManyInstancesRacingForAFreeOrExpiredLeaseExactlyOneHoldsIt(Jdbi jdbi) throws Exception {
        MigrationStoresIT.MutableClock clock = new MigrationStoresIT.MutableClock(T0);
        int racers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            for (int round = 0; round < 10; round++) {
                clock.now = T0.plusSeconds(round * 10L); // each round, the last round's lease has expired
                CyclicBarrier start = new CyclicBarrier(racers);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    String holder = "instance-" + i;
                    MigrationLeasePort lease = new MigrationLeaseJdbiAdapter(jdbi, clock);
                    Callable<Boolean> take = () -> {
                        start.await();
                        return lease.acquire("rollout-plan", holder, Duration.ofSeconds(5));
                    };
                    results.add(pool.submit(take));
                }
                int winners = 0;
                for (Future<Boolean> result : results) {
                    winners += result.get() ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
                Optional<MigrationLease> held = new MigrationLeaseJdbiAdapter(jdbi, clock).current("rollout-plan");
                assertThat(held).isPresent();
                assertThat(held.orElseThrow().expiresAt()).isEqualTo(clock.now.plusSeconds(5));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
