package dev.hearth.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.adapters.out.persistence.mismatch.MismatchJdbiAdapter;
import dev.hearth.adapters.out.persistence.rollout.RolloutJdbiAdapter;
import dev.hearth.migrations.DatabaseMigrations;
import dev.hearth.ports.domain.model.Difference;
import dev.hearth.ports.domain.model.RolloutChange;
import dev.hearth.ports.domain.model.RolloutSettings;
import dev.hearth.ports.domain.model.Side;
import dev.hearth.ports.domain.port.out.MismatchStorePort;
import dev.hearth.ports.domain.port.out.RolloutStorePort;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The rollout and the mismatches in the database, on H2 and on a real PostgreSQL (embedded). */
class MigrationStoresIT {

    static Stream<Jdbi> databases() {
        return emptyDatabases().map(MigrationStoresIT::migrated);
    }

    static Stream<DataSource> emptyDatabases() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:stores-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        return Stream.of(h2, PostgresFixture.newDatabase().dataSource());
    }

    static Jdbi migrated(DataSource dataSource) {
        DatabaseMigrations.migrate(dataSource);
        return Jdbi.create(dataSource);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void nothingStoredMeansTheInitialRolloutAndTheFirstChangeIsVersionOne(Jdbi jdbi) {
        RolloutStorePort store = new RolloutJdbiAdapter(jdbi, Clock.systemUTC());
        assertThat(store.load()).isEmpty();

        RolloutSettings saved = store.update(s -> s.withPercent(new BigDecimal("2.5")),
                RolloutSettings.initial(BigDecimal.TEN), "ops");

        assertThat(saved.version()).isEqualTo(1);
        assertThat(saved.percent()).isEqualByComparingTo("2.5");
        assertThat(saved.changedBy()).isEqualTo("ops");
        assertThat(store.load()).contains(saved);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anAllowListOfAnyLengthIsStoredOneRowACustomerAndChangedByAddAndRemove(Jdbi jdbi) {
        // Regression: the list was one VARCHAR(4000); 200 ids of 24 characters (4,999 with commas) failed with the
        // database's "Value too long for column" and the SQL, echoed by the admin task.
        RolloutStorePort store = new RolloutJdbiAdapter(jdbi, Clock.systemUTC());
        Set<String> many = IntStream.range(0, RolloutSettings.MAX_ALLOW_LIST)
                .mapToObj(i -> "customer-%015d".formatted(i)).collect(Collectors.toSet());
        assertThat(String.join(",", many)).hasSizeGreaterThan(4_000);

        RolloutSettings saved = store.update(s -> s.withAllowList(many), RolloutSettings.initial(BigDecimal.ONE), "ops");
        assertThat(saved.allowList()).isEqualTo(many);
        long rows = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM home_rollout_allow").mapTo(Long.class).one());
        assertThat(rows).as("one row a customer").isEqualTo((long) many.size());

        RolloutSettings changed = store.update(s -> s.withAllowListChanged(Set.of("staff-1"),
                Set.of("customer-000000000000000", "customer-000000000000001")), RolloutSettings.initial(BigDecimal.ONE),
                "ops");
        assertThat(changed.allowList()).hasSize(many.size() - 1).contains("staff-1")
                .doesNotContain("customer-000000000000000", "customer-000000000000001");
        assertThat(changed.version()).isEqualTo(2);
        assertThat(store.load()).contains(changed);

        assertThat(store.update(s -> s.withAllowList(Set.of()), RolloutSettings.initial(BigDecimal.ONE), "ops")
                .allowList()).isEmpty();
        assertThat(store.load().orElseThrow().allowList()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRefusedChangeStoresNothing(Jdbi jdbi) {
        RolloutStorePort store = new RolloutJdbiAdapter(jdbi, Clock.systemUTC());
        RolloutSettings before = store.update(s -> s.withAllowList(Set.of("bob")), RolloutSettings.initial(BigDecimal.ONE),
                "ops");

        assertThatThrownBy(() -> store.update(s -> s.withAllowListChanged(Set.of("carol"), Set.of()).withPercent(
                new BigDecimal("101")), RolloutSettings.initial(BigDecimal.ONE), "ops"))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.load()).contains(before);
    }

    @ParameterizedTest
    @MethodSource("emptyDatabases")
    void theCommaSeparatedAllowListOfVersionTwoIsCarriedOverAsRows(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations(DatabaseMigrations.LOCATION).target("2").load().migrate();
        Jdbi jdbi = Jdbi.create(dataSource);
        jdbi.useHandle(h -> h.execute("INSERT INTO home_rollout (id, percent, allow_list, shadow_rate, version, "
                + "changed_at, changed_by) VALUES (1, 5, 'bob,carol, dave,,bob', 0, 3, CURRENT_TIMESTAMP, 'ops')"));

        DatabaseMigrations.migrate(dataSource);

        RolloutSettings carried = new RolloutJdbiAdapter(jdbi, Clock.systemUTC()).load().orElseThrow();
        assertThat(carried.allowList()).containsExactlyInAnyOrder("bob", "carol", "dave");
        assertThat(carried.version()).isEqualTo(3);
        assertThat(carried.percent()).isEqualByComparingTo("5");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrentChangesToDifferentSettingsAreBothKept(Jdbi jdbi) throws Exception {
        RolloutStorePort store = new RolloutJdbiAdapter(jdbi, Clock.systemUTC());
        RolloutSettings initial = RolloutSettings.initial(BigDecimal.ZERO);
        store.update(s -> s, initial, "setup");
        int rounds = 20;
        List<Callable<RolloutSettings>> changes = new ArrayList<>();
        IntStream.range(0, rounds).forEach(i -> {
            changes.add(() -> store.update(s -> s.withPercent(BigDecimal.valueOf(i)), initial, "percent"));
            changes.add(() -> store.update(s -> s.withShadowRate(i / 100.0), initial, "rate"));
        });
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<RolloutSettings> done : pool.invokeAll(changes)) {
                done.get();
            }
        }

        RolloutSettings last = store.load().orElseThrow();
        assertThat(last.version()).as("every change got its own version").isEqualTo(1 + 2L * rounds);
        assertThat(last.percent()).as("a percentage one of the changes set").isBetween(BigDecimal.ZERO,
                BigDecimal.valueOf(rounds - 1));
        assertThat(store.history(1000)).extracting(RolloutChange::version).as("one history row per version, in order")
                .containsExactlyElementsOf(LongStream.rangeClosed(0, 1 + 2L * rounds).map(v -> 1 + 2L * rounds - v)
                        .boxed().toList());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrentAddsAndRemovesOfTheAllowListAreAllKept(Jdbi jdbi) throws Exception {
        RolloutStorePort store = new RolloutJdbiAdapter(jdbi, Clock.systemUTC());
        RolloutSettings initial = RolloutSettings.initial(BigDecimal.ONE);
        store.update(s -> s.withAllowList(Set.of("gone-1", "gone-2", "stays")), initial, "setup");
        List<Callable<RolloutSettings>> changes = new ArrayList<>();
        IntStream.range(0, 20).forEach(i -> changes.add(() -> store.update(
                s -> s.withAllowListChanged(Set.of("c" + i), i < 2 ? Set.of("gone-" + (i + 1)) : Set.of()), initial,
                "add")));
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<RolloutSettings> done : pool.invokeAll(changes)) {
                done.get();
            }
        }

        RolloutSettings last = store.load().orElseThrow();
        assertThat(last.allowList()).as("every customer added, the two removed, none lost").hasSize(21)
                .contains("stays", "c0", "c19").doesNotContain("gone-1", "gone-2");
        assertThat(last.version()).isEqualTo(21);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrentFirstChangesToAnEmptyTableAreBothKept(Jdbi jdbi) throws Exception {
        // Regression: with no row yet, SELECT ... FOR UPDATE locked nothing, both changes inserted row 1, and the
        // second failed on the primary key (the admin task answered 500).
        RolloutStorePort store = new RolloutJdbiAdapter(jdbi, Clock.systemUTC());
        RolloutSettings initial = RolloutSettings.initial(BigDecimal.ZERO);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int round = 1; round <= 20; round++) {
                jdbi.useHandle(handle -> handle.execute("DELETE FROM home_rollout"));
                BigDecimal percent = BigDecimal.valueOf(round);
                double rate = round / 100.0;
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<RolloutSettings>> changes = pool.invokeAll(List.of(
                        () -> {
                            start.await();
                            return store.update(s -> s.withPercent(percent), initial, "percent");
                        },
                        () -> {
                            start.await();
                            return store.update(s -> s.withShadowRate(rate), initial, "rate");
                        }));
                for (Future<RolloutSettings> change : changes) {
                    change.get(); // none failed
                }

                RolloutSettings stored = store.load().orElseThrow();
                assertThat(stored.percent()).as("round %d: the percentage change kept", round)
                        .isEqualByComparingTo(percent);
                assertThat(stored.shadowRate()).as("round %d: the sampling change kept", round).isEqualTo(rate);
                assertThat(stored.version()).as("round %d: one version per change", round).isEqualTo(2);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void everyChangeAndTheFirstWriteAreInTheHistoryNewestFirstWithActorReasonAndWhatChanged(Jdbi jdbi) {
        Instant start = Instant.parse("2026-03-01T09:00:00Z");
        RolloutStorePort store = new RolloutJdbiAdapter(jdbi, Clock.fixed(start, ZoneOffset.UTC));
        RolloutSettings initial = RolloutSettings.initial(new BigDecimal("5"));

        RolloutStorePort.Initialized first = store.initialize(initial, "config", Optional.of("initialPercent"));
        assertThat(first.written()).isPresent();
        assertThat(first.settings().changedAt()).as("when it was written, never the epoch").isEqualTo(start);
        assertThat(first.settings().changedBy()).isEqualTo("config");
        assertThat(first.settings().version()).isZero();
        assertThat(store.initialize(RolloutSettings.initial(BigDecimal.TEN), "config", Optional.empty()).written())
                .as("a second start finds it written").isEmpty();

        RolloutStorePort.Changed raised = store.change(s -> s.withPercent(new BigDecimal("25"))
                .withAllowList(Set.of("staff-1", "staff-2")), initial, "admin hearth by alice",
                Optional.of("ticket OPS-12: error rate flat for a day"));
        store.change(s -> s.withAllowListChanged(Set.of("staff-3"), Set.of("staff-1")).withShadowRate(0.01), initial,
                "admin (open admin port)", Optional.empty());

        List<RolloutChange> history = store.history(10);
        assertThat(history).extracting(RolloutChange::version).containsExactly(2L, 1L, 0L);
        RolloutChange config = history.get(2);
        assertThat(config.actor()).isEqualTo("config");
        assertThat(config.actorKind()).isEqualTo("config");
        assertThat(config.reason()).contains("initialPercent");
        assertThat(config.fromPercent()).isEmpty();
        assertThat(config.toPercent()).isEqualByComparingTo("5");
        assertThat(config.changedAt()).isEqualTo(start);
        RolloutChange manual = history.get(1);
        assertThat(manual).isEqualTo(raised.change());
        assertThat(manual.actor()).isEqualTo("admin hearth by alice");
        assertThat(manual.actorKind()).isEqualTo("admin");
        assertThat(manual.reason()).contains("ticket OPS-12: error rate flat for a day");
        assertThat(manual.fromPercent().orElseThrow()).isEqualByComparingTo("5");
        assertThat(manual.toPercent()).isEqualByComparingTo("25");
        assertThat(manual.allowAdded()).containsExactlyInAnyOrder("staff-1", "staff-2");
        assertThat(manual.allowRemoved()).isEmpty();
        RolloutChange newest = history.getFirst();
        assertThat(newest.reason()).isEmpty();
        assertThat(newest.fromShadowRate()).contains(0.0);
        assertThat(newest.toShadowRate()).isEqualTo(0.01);
        assertThat(newest.fromPercent().orElseThrow()).isEqualByComparingTo(newest.toPercent());
        assertThat(newest.allowAdded()).containsExactly("staff-3");
        assertThat(newest.allowRemoved()).containsExactly("staff-1");

        assertThat(store.history(2)).extracting(RolloutChange::version).as("bounded by limit").containsExactly(2L, 1L);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aChangeOnAnEmptyTableKeepsTheConfigRowAndTheChangeInTheHistory(Jdbi jdbi) {
        RolloutStorePort store = new RolloutJdbiAdapter(jdbi, Clock.systemUTC());
        store.change(s -> s.withPercent(BigDecimal.ONE), RolloutSettings.initial(BigDecimal.TEN), "auto",
                Optional.of("fallback rate 3 % over 1 %"));

        assertThat(store.history(10)).extracting(RolloutChange::version, RolloutChange::actor).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, "auto"), org.assertj.core.groups.Tuple.tuple(0L, "config"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void noChangeWithoutItsHistoryRowAndNoRowWithoutItsChange(Jdbi jdbi) {
        RolloutStorePort store = new RolloutJdbiAdapter(jdbi, Clock.systemUTC());
        RolloutSettings before = store.update(s -> s.withPercent(BigDecimal.TEN), RolloutSettings.initial(BigDecimal.ONE),
                "ops");
        int rows = store.history(100).size();

        assertThatThrownBy(() -> store.change(s -> s.withPercent(new BigDecimal("101")),
                RolloutSettings.initial(BigDecimal.ONE), "ops", Optional.of("refused")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.history(100)).as("a refused change has no row").hasSize(rows);

        // The history cannot be written: the change is rolled back with it (one transaction).
        jdbi.useHandle(h -> h.execute("ALTER TABLE home_rollout_history RENAME TO home_rollout_history_away"));
        assertThatThrownBy(() -> store.change(s -> s.withPercent(new BigDecimal("50")),
                RolloutSettings.initial(BigDecimal.ONE), "ops", Optional.of("lost"))).isInstanceOf(RuntimeException.class);
        jdbi.useHandle(h -> h.execute("ALTER TABLE home_rollout_history_away RENAME TO home_rollout_history"));
        assertThat(store.load()).as("the change without its history row was not stored").contains(before);
        assertThat(store.history(100)).hasSize(rows);
    }

    @ParameterizedTest
    @MethodSource("emptyDatabases")
    void aRolloutStoredBeforeTheHistoryGetsItsFirstRow(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations(DatabaseMigrations.LOCATION).target("3").load().migrate();
        Jdbi jdbi = Jdbi.create(dataSource);
        jdbi.useHandle(h -> h.execute("INSERT INTO home_rollout (id, percent, shadow_rate, version, changed_at, "
                + "changed_by) VALUES (1, 7, 0, 4, TIMESTAMP WITH TIME ZONE '2026-02-01 10:00:00+00', 'admin task (bob)')"));

        DatabaseMigrations.migrate(dataSource);

        List<RolloutChange> history = new RolloutJdbiAdapter(jdbi, Clock.systemUTC()).history(10);
        assertThat(history).hasSize(1);
        assertThat(history.getFirst().version()).isEqualTo(4);
        assertThat(history.getFirst().actor()).isEqualTo("admin task (bob)");
        assertThat(history.getFirst().toPercent()).isEqualByComparingTo("7");
        assertThat(history.getFirst().changedAt()).isEqualTo(Instant.parse("2026-02-01T10:00:00Z"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void mismatchesAreCountedPerPathWithTheNewestExamplesAndPrunedBeyondTheLimit(Jdbi jdbi) {
        MismatchJdbiAdapter store = new MismatchJdbiAdapter(jdbi, Clock.systemUTC(), 5);
        store.record("r1", Side.HEARTH, List.of(
                new Difference("sections[banners].data[b1].title", "sections[banners].data[*].title", "\"a\"", "\"b\""),
                new Difference("sections[profile].data.displayName", "sections[profile].data.displayName", "\"x\"",
                        Difference.ABSENT)));
        store.record("r2", Side.LEGACY, List.of(
                new Difference("sections[banners].data[b2].title", "sections[banners].data[*].title", "\"c\"", "\"d\"")));

        List<MismatchStorePort.Group> groups = store.groups(10, 1);

        assertThat(groups).extracting(MismatchStorePort.Group::path, MismatchStorePort.Group::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sections[banners].data[*].title", 2L),
                org.assertj.core.groups.Tuple.tuple("sections[profile].data.displayName", 1L));
        MismatchStorePort.Example newest = groups.getFirst().examples().getFirst();
        assertThat(newest.path()).isEqualTo("sections[banners].data[b2].title");
        assertThat(newest.requestId()).isEqualTo("r2");
        assertThat(newest.servedBy()).isEqualTo("legacy");
        assertThat(groups.get(1).examples().getFirst().legacy()).isEqualTo(Difference.ABSENT);

        store.prune();
        assertThat(store.groups(10, 0).stream().mapToLong(MismatchStorePort.Group::count).sum()).isEqualTo(3);
        store.record("r3", Side.HEARTH, IntStream.range(0, 4).mapToObj(i -> new Difference("p" + i, "g", "1", "2"))
                .toList());
        store.prune();
        assertThat(store.groups(10, 0).stream().mapToLong(MismatchStorePort.Group::count).sum())
                .as("the newest 5 kept").isEqualTo(5);
        assertThat(store.clear()).isEqualTo(5);
        assertThat(store.groups(10, 0)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void retentionDeletesOnlyTheMismatchesFoundBeforeTheCutoffInBoundedBatchesEvenWithTwoInstancesAtOnce(Jdbi jdbi)
            throws Exception {
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        MutableClock clock = new MutableClock(start);
        MismatchJdbiAdapter store = new MismatchJdbiAdapter(jdbi, clock, 100_000);
        for (int day = 0; day < 20; day++) {
            clock.now = start.plus(Duration.ofDays(day));
            int today = day;
            store.record("day-" + day, Side.HEARTH, IntStream.range(0, 10)
                    .mapToObj(i -> new Difference("p" + today + "." + i, "g" + today, "1", "2")).toList());
        }
        Instant cutoff = start.plus(Duration.ofDays(14)); // days 0..13 are older: 140 rows

        assertThat(store.expire(cutoff, 25)).as("one bounded batch").isEqualTo(25);
        MismatchJdbiAdapter other = new MismatchJdbiAdapter(jdbi, clock, 100_000);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> drain = () -> {
                int total = 0;
                int deleted;
                do {
                    deleted = (total % 2 == 0 ? store : other).expire(cutoff, 7);
                    total += deleted;
                } while (deleted > 0);
                return total;
            };
            Future<Integer> a = pool.submit(drain);
            Future<Integer> b = pool.submit(drain);
            assertThat(a.get() + b.get()).as("each old row deleted once").isEqualTo(140 - 25);
        } finally {
            pool.shutdownNow();
        }

        List<MismatchStorePort.Group> left = store.groups(100, 0);
        assertThat(left).extracting(MismatchStorePort.Group::path)
                .containsExactlyInAnyOrder("g14", "g15", "g16", "g17", "g18", "g19");
        assertThat(left).allSatisfy(group -> assertThat(group.count()).isEqualTo(10));
        assertThat(store.expire(cutoff, 25)).isZero();
    }

    /** A clock the test sets. */
    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
