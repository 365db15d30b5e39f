package dev.hearth.adapters.out.persistence.nickname;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.migrations.DatabaseMigrations;
import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.AccountId;
import dev.hearth.ports.domain.model.AccountType;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.Nickname;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What {@link NicknameJdbiAdapter} promises, run against every database Hearth supports: each
 * subclass supplies a freshly migrated database ({@code NicknameJdbiAdapterH2IT},
 * {@code NicknameJdbiAdapterPostgresIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NicknameJdbiAdapterContract {
    private static final CustomerId ALICE = new CustomerId("alice");
    private static final RequestContext REQUEST = RequestContext.of("req-1", ALICE);

    private Jdbi jdbi;
    private NicknameJdbiAdapter adapter;

    /** A new, empty database of the kind under test, for this class alone. */
    abstract DataSource newDatabase() throws Exception;

    @BeforeAll
    void migrate() throws Exception {
        DataSource dataSource = newDatabase();
        DatabaseMigrations.migrate(dataSource);
        jdbi = Jdbi.create(dataSource);
        adapter = new NicknameJdbiAdapter(jdbi);
    }

    @AfterAll
    void closeAdapter() {
        adapter.close();
    }

    @BeforeEach
    void emptyTable() {
        jdbi.useHandle(handle -> handle.execute("DELETE FROM account_nickname"));
    }

    @Test
    void assignsAndStoresTheDefaultNicknameOnFirstSight() throws Exception {
        Account account = account("acc-1", "Everyday Account", "DE** **** 1234");

        Nickname nickname = adapter.loadOrAssignNickname(REQUEST, account);

        assertThat(nickname).isEqualTo(Nickname.defaultFor(account));
        assertThat(nickname.value()).isEqualTo("Everyday Account ··1234");
        assertThat(nickname.assignedByDefault()).isTrue();
        assertThat(rows()).containsExactly(Map.of("account_id", "acc-1", "customer_id", "alice",
                "nickname", "Everyday Account ··1234", "assigned_by_default", true));
    }

    @Test
    void returnsTheStoredDefaultAfterwardsEvenWhenTheAccountsProductChanged() throws Exception {
        adapter.loadOrAssignNickname(REQUEST, account("acc-1", "Everyday Account", "DE** 1234"));

        Nickname later = adapter.loadOrAssignNickname(REQUEST, account("acc-1", "Premium Account", "DE** 1234"));

        assertThat(later).isEqualTo(new Nickname(new AccountId("acc-1"), "Everyday Account ··1234", true));
        assertThat(rows()).hasSize(1);
    }

    @Test
    void returnsACustomerChosenNicknameAsIs() throws Exception {
        jdbi.useHandle(handle -> handle.execute("""
                INSERT INTO account_nickname (account_id, customer_id, nickname, assigned_by_default)
                VALUES ('acc-1', 'alice', 'Holiday money', FALSE)"""));

        Nickname nickname = adapter.loadOrAssignNickname(REQUEST, account("acc-1", "Everyday Account", "DE** 1234"));

        assertThat(nickname).isEqualTo(new Nickname(new AccountId("acc-1"), "Holiday money", false));
        assertThat(rows()).hasSize(1);
    }

    @Test
    void storesDefaultsLongerThanTheLimitCutToSixtyFourCharacters() throws Exception {
        Account account = account("acc-1", "A".repeat(80), "DE** 1234");

        Nickname nickname = adapter.loadOrAssignNickname(REQUEST, account);

        assertThat(nickname.value()).hasSize(Nickname.MAX_LENGTH);
        assertThat(rows()).singleElement().extracting(row -> row.get("nickname")).isEqualTo(nickname.value());
    }

    @Test
    void concurrentFirstCallsForOneAccountWriteExactlyOneRowAndAllAgree() throws Exception {
        int callers = 32;
        for (int round = 0; round < 10; round++) {
            Account account = account("acc-" + round, "Everyday Account", "DE** 12" + round);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Nickname>> results = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < callers; i++) {
                    results.add(threads.submit(() -> {
                        start.await();
                        return adapter.loadOrAssignNickname(REQUEST, account);
                    }));
                }
                start.countDown();
                for (Future<Nickname> result : results) {
                    assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(Nickname.defaultFor(account));
                }
            }
        }
        assertThat(rows()).hasSize(10);
    }

    /**
     * The engine cancels by interrupting the caller. Regression guard for H2: an interrupt during
     * H2's file I/O closes its FileChannel and breaks the database for every later caller.
     */
    @Test
    void callersInterruptedMidCallLeaveTheDatabaseWorkingAndEveryRowWhole() throws Exception {
        int calls = 300;
        AtomicInteger interruptedCallers = new AtomicInteger();
        List<Throwable> unexpected = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            Account account = account("acc-" + i, "Everyday Account", "DE** " + (1000 + i));
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    assertThat(adapter.loadOrAssignNickname(REQUEST, account)).isEqualTo(Nickname.defaultFor(account));
                } catch (DownstreamException e) {
                    if (e.kind() != DownstreamException.Kind.UNAVAILABLE || !Thread.currentThread().isInterrupted()) {
                        synchronized (unexpected) {
                            unexpected.add(e);
                        }
                    }
                    interruptedCallers.incrementAndGet();
                } catch (Throwable t) {
                    synchronized (unexpected) {
                        unexpected.add(t);
                    }
                }
            });
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(0, 2_000_000));
            caller.interrupt();
            assertThat(caller.join(Duration.ofSeconds(30))).isTrue();
        }

        assertThat(unexpected).isEmpty();
        assertThat(interruptedCallers).as("interrupts that landed mid-call").hasPositiveValue();
        // Abandoned statements finish on their own; then every account answers, with one whole row each.
        for (int i = 0; i < calls; i++) {
            Account account = account("acc-" + i, "Everyday Account", "DE** " + (1000 + i));
            assertThat(adapter.loadOrAssignNickname(REQUEST, account)).isEqualTo(Nickname.defaultFor(account));
        }
        List<Map<String, Object>> rows = rows();
        assertThat(rows).hasSize(calls);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get("customer_id")).isEqualTo("alice");
            assertThat(row.get("assigned_by_default")).isEqualTo(true);
            assertThat((String) row.get("nickname")).matches("Everyday Account ··1\\d{3}");
        });
    }

    @Test
    void aDatabaseFailureIsUnavailableAndNamesOnlyTheDatabaseAndTheAccountId() throws Exception {
        DataSource unmigrated = newDatabase();
        try (NicknameJdbiAdapter broken = new NicknameJdbiAdapter(Jdbi.create(unmigrated))) {
            Account account = account("acc-1", "Secret Product", "DE** 9876");

            assertThatThrownBy(() -> broken.loadOrAssignNickname(REQUEST, account))
                    .isInstanceOfSatisfying(DownstreamException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DownstreamException.Kind.UNAVAILABLE);
                        assertThat(e.downstream()).isEqualTo(NicknameJdbiAdapter.DOWNSTREAM);
                        assertThat(e.getMessage()).contains("hearth-db", "account_nickname", "acc-1", "SQLState");
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            assertThat(String.valueOf(t.getMessage())).doesNotContain("Secret", "9876", "alice");
                        }
                    });
        }
    }

    @Test
    void aCallTheFullQueueRefusesIsRefusedNotUnavailable() {
        ExecutorService full = Executors.newSingleThreadExecutor();
        full.shutdown(); // refuses every task, as a full queue does
        try (NicknameJdbiAdapter refusing = new NicknameJdbiAdapter(jdbi, full)) {
            assertThatThrownBy(() -> refusing.loadOrAssignNickname(REQUEST, account("acc-1", "Everyday", "DE** 1234")))
                    .isInstanceOfSatisfying(DownstreamException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DownstreamException.Kind.REFUSED);
                        assertThat(e.getMessage()).contains("hearth-db", "acc-1", "not started",
                                "too many database calls waiting");
                    });
        }
        assertThat(rows()).isEmpty();
    }

    @Test
    void anInterruptedCallerIsToldImmediatelyAndKeepsItsInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> adapter.loadOrAssignNickname(REQUEST, account("acc-1", "Everyday", "DE** 1234")))
                    .isInstanceOfSatisfying(DownstreamException.class,
                            e -> assertThat(e.kind()).isEqualTo(DownstreamException.Kind.UNAVAILABLE));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aHomesNicknamesAreOneQueryAndItsMissingDefaultsOneStatement() throws Exception {
        jdbi.useHandle(handle -> handle.execute("""
                INSERT INTO account_nickname (account_id, customer_id, nickname, assigned_by_default)
                VALUES ('acc-1', 'alice', 'Holiday money', FALSE)"""));
        List<Account> accounts = List.of(account("acc-1", "Everyday Account", "DE** 1231"),
                account("acc-2", "Savings", "DE** 1232"), account("acc-3", "Credit", "DE** 1233"));
        List<String> statements = new java.util.concurrent.CopyOnWriteArrayList<>();
        jdbi.setSqlLogger(new org.jdbi.v3.core.statement.SqlLogger() {
            @Override
            public void logBeforeExecution(org.jdbi.v3.core.statement.StatementContext context) {
                statements.add(context.getRawSql().strip().split("\\s+")[0]);
            }
        });
        try {
            Map<AccountId, Nickname> first = adapter.loadOrAssignNicknames(REQUEST, accounts);

            assertThat(first).containsExactly(
                    Map.entry(new AccountId("acc-1"), new Nickname(new AccountId("acc-1"), "Holiday money", false)),
                    Map.entry(new AccountId("acc-2"), Nickname.defaultFor(accounts.get(1))),
                    Map.entry(new AccountId("acc-3"), Nickname.defaultFor(accounts.get(2))));
            // One read of all three, one insert of both missing defaults, one read of those two.
            assertThat(statements).containsExactly("SELECT", "INSERT", "SELECT");
            assertThat(rows()).hasSize(3);

            statements.clear();
            assertThat(adapter.loadOrAssignNicknames(REQUEST, accounts)).isEqualTo(first);
            assertThat(statements).as("every row there: one query").containsExactly("SELECT");
        } finally {
            jdbi.setSqlLogger(org.jdbi.v3.core.statement.SqlLogger.NOP_SQL_LOGGER);
        }
    }

    @Test
    void concurrentHomesOverlappingAccountsWriteOneRowEachAndAllAgree() throws Exception {
        int callers = 16;
        for (int round = 0; round < 10; round++) {
            List<Account> accounts = new ArrayList<>();
            for (int a = 0; a < 6; a++) {
                accounts.add(account("r" + round + "-acc-" + a, "Account " + a, "DE** 12" + a));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Map<AccountId, Nickname>>> results = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < callers; i++) {
                    // Each caller asks for four of the six, in its own order: overlapping batches.
                    List<Account> mine = new ArrayList<>(accounts.subList(i % 3, i % 3 + 4));
                    java.util.Collections.rotate(mine, i);
                    results.add(threads.submit(() -> {
                        start.await();
                        return adapter.loadOrAssignNicknames(REQUEST, mine);
                    }));
                }
                start.countDown();
                for (Future<Map<AccountId, Nickname>> result : results) {
                    Map<AccountId, Nickname> answer = result.get(30, TimeUnit.SECONDS);
                    assertThat(answer).hasSize(4).allSatisfy((id, nickname) -> assertThat(nickname)
                            .isEqualTo(Nickname.defaultFor(accounts.stream().filter(a -> a.id().equals(id))
                                    .findFirst().orElseThrow())));
                }
            }
        }
        assertThat(rows()).hasSize(60);
    }

    private List<Map<String, Object>> rows() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT account_id, customer_id, nickname, assigned_by_default
                        FROM account_nickname ORDER BY account_id""")
                .mapToMap()
                .list());
    }

    private static Account account(String id, String productName, String maskedIban) {
        return new Account(new AccountId(id), ALICE, AccountType.CURRENT, productName, maskedIban, "EUR");
    }
}
