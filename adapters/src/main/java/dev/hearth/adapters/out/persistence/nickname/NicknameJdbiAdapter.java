package dev.hearth.adapters.out.persistence.nickname;

import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.AccountId;
import dev.hearth.ports.domain.model.Nickname;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.NicknamePort;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * Account nicknames in Hearth's own database (table {@code account_nickname}), on PostgreSQL or H2.
 *
 * <p>As the legacy home did, an account without a nickname gets {@link Nickname#defaultFor(Account)},
 * and that default is <em>stored</em> (other systems depend on it); afterwards the stored nickname is
 * returned, a customer-chosen one as is. A call reads the row; only when there is none does it run
 * one {@code INSERT ... ON CONFLICT DO NOTHING} and read again. Idempotent: under concurrent first
 * calls for one account exactly one row is written and every caller gets that row.
 *
 * <p><b>Cancellation.</b> The engine cancels a call by interrupting its thread. An interrupt that
 * reaches H2 during file I/O closes H2's {@code FileChannel} and breaks the database for every
 * caller, so the JDBC work never runs on the caller's thread: it runs on a small executor of
 * platform threads that nobody interrupts, and the caller only waits for it. An interrupted caller
 * stops waiting at once (with {@link DownstreamException.Kind#UNAVAILABLE}) while its statement
 * finishes on its own — whole, because each statement is atomic — or, still queued, never starts.
 *
 * <p>Failures become {@link DownstreamException} naming the database and the account id only: the
 * driver's message (which may quote a nickname or the SQL's arguments) is not passed on, just its
 * exception type, SQLState and stack trace. Thread-safe.
 */
public final class NicknameJdbiAdapter implements NicknamePort, AutoCloseable {
    /** The downstream name this adapter's failures carry. */
    public static final String DOWNSTREAM = "hearth-db";
    /** Threads of the default executor; the connection pool is the real limit, this only needs to reach it. */
    public static final int DEFAULT_THREADS = 8;
    private static final int DEFAULT_QUEUE = 1_000;

    private final Jdbi jdbi;
    private final ExecutorService executor;
    private final boolean ownsExecutor;

    /**
     * An adapter with its own executor of {@value #DEFAULT_THREADS} daemon threads (idle ones end),
     * released by {@link #close()}.
     */
    public NicknameJdbiAdapter(Jdbi jdbi) {
        this(jdbi, defaultExecutor(), true);
    }

    /**
     * An adapter that runs its JDBC work on {@code executor}, e.g. one shared by all of Hearth's JDBI
     * adapters. It must use platform threads and must never be shut down with {@code shutdownNow()}
     * (that interrupts); the caller owns it, and {@link #close()} leaves it running.
     */
    public NicknameJdbiAdapter(Jdbi jdbi, ExecutorService executor) {
        this(jdbi, executor, false);
    }

    private NicknameJdbiAdapter(Jdbi jdbi, ExecutorService executor, boolean ownsExecutor) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.ownsExecutor = ownsExecutor;
    }

    /**
     * Runs the lookup path once (on the adapter's own threads, for an id no account has) so the first
     * customer does not pay for class loading, statement preparation and connection set-up: without it
     * the first home screen after start-up missed the alias deadline.
     */
    public void warmUp() throws DownstreamException {
        try {
            executor.submit(() -> jdbi.withHandle(handle -> new AccountNicknameDao(handle).find("warm-up"))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new DownstreamException(DOWNSTREAM, DownstreamException.Kind.UNAVAILABLE,
                    "the nickname table could not be read at start-up", e.getCause());
        }
    }

    @Override
    public Nickname loadOrAssignNickname(RequestContext context, Account account) throws DownstreamException {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(account, "account");
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(account, "before it started; nothing was written");
        }
        Nickname byDefault = Nickname.defaultFor(account);
        Future<NicknameRow> row;
        try {
            row = executor.submit(() -> loadOrAssign(account, byDefault));
        } catch (RejectedExecutionException e) {
            throw new DownstreamException(DOWNSTREAM, DownstreamException.Kind.REFUSED, "Hearth's database "
                    + "(account_nickname): the call for account " + account.id() + " was not started, too many database "
                    + "calls waiting (or the adapter is closed)", e);
        }
        try {
            return toNickname(account, row.get());
        } catch (InterruptedException e) {
            // Not cancel(true): interrupting the worker is exactly what must not happen.
            row.cancel(false);
            Thread.currentThread().interrupt();
            throw interrupted(account, "while waiting; a statement already running completes on its own");
        } catch (ExecutionException e) {
            throw failure(account, "could not load or assign the nickname", e.getCause());
        }
    }

    /**
     * The nicknames of every account of one home: ONE query for all of them, and only when some have none, ONE
     * {@code INSERT ... VALUES (...), (...) ON CONFLICT DO NOTHING} for their defaults and one read of those. As
     * idempotent and safe under concurrency as the single call (whoever inserts first, every caller reads the rows
     * stored), with the same cancellation: the work runs on the adapter's threads, the caller only waits. A stored
     * nickname that is malformed leaves its account out of the answer (that account alone degrades).
     */
    @Override
    public Map<AccountId, Nickname> loadOrAssignNicknames(RequestContext context, List<Account> accounts)
            throws DownstreamException {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(accounts, "accounts");
        if (accounts.isEmpty()) {
            return Map.of();
        }
        String which = accounts.size() == 1 ? "account " + accounts.getFirst().id()
                : accounts.size() + " accounts (" + accounts.getFirst().id() + ", ...)";
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(which, "before it started; nothing was written");
        }
        Future<Map<String, NicknameRow>> rows;
        try {
            rows = executor.submit(() -> loadOrAssignAll(accounts));
        } catch (RejectedExecutionException e) {
            throw new DownstreamException(DOWNSTREAM, DownstreamException.Kind.REFUSED, "Hearth's database "
                    + "(account_nickname): the call for " + which + " was not started, too many database "
                    + "calls waiting (or the adapter is closed)", e);
        }
        Map<String, NicknameRow> found;
        try {
            found = rows.get();
        } catch (InterruptedException e) {
            rows.cancel(false);
            Thread.currentThread().interrupt();
            throw interrupted(which, "while waiting; a statement already running completes on its own");
        } catch (ExecutionException e) {
            throw failure(which, "could not load or assign the nicknames", e.getCause());
        }
        Map<AccountId, Nickname> nicknames = new LinkedHashMap<>();
        for (Account account : accounts) {
            NicknameRow row = found.get(account.id().value());
            if (row != null) {
                try {
                    nicknames.put(account.id(), toNickname(account, row));
                } catch (DownstreamException malformed) {
                    // left out: that account's field degrades, the others are answered
                }
            }
        }
        return nicknames;
    }

    /** Runs on the executor's thread. */
    private Map<String, NicknameRow> loadOrAssignAll(List<Account> accounts) {
        List<String> ids = accounts.stream().map(a -> a.id().value()).distinct().toList();
        return jdbi.withHandle(handle -> {
            AccountNicknameDao dao = new AccountNicknameDao(handle);
            // Almost every home finds every row: one query.
            Map<String, NicknameRow> stored = dao.findAll(ids);
            if (stored.size() == ids.size()) {
                return stored;
            }
            Map<String, NicknameRow> defaults = new LinkedHashMap<>();
            for (Account account : accounts) {
                String id = account.id().value();
                if (!stored.containsKey(id)) {
                    defaults.putIfAbsent(id, new NicknameRow(id, account.owner().value(),
                            Nickname.defaultFor(account).value(), true));
                }
            }
            dao.insertAllIfAbsent(List.copyOf(defaults.values()));
            Map<String, NicknameRow> all = new HashMap<>(stored);
            all.putAll(dao.findAll(List.copyOf(defaults.keySet())));
            return all;
        });
    }

    /** Runs on the executor's thread. */
    private NicknameRow loadOrAssign(Account account, Nickname byDefault) {
        String accountId = account.id().value();
        return jdbi.withHandle(handle -> {
            AccountNicknameDao dao = new AccountNicknameDao(handle);
            // Almost every call finds the row; only the first sight of an account inserts.
            Optional<NicknameRow> stored = dao.find(accountId);
            if (stored.isPresent()) {
                return stored.get();
            }
            dao.insertIfAbsent(accountId, account.owner().value(), byDefault.value(), true);
            return dao.find(accountId).orElseThrow(() -> new IllegalStateException(
                    "no account_nickname row right after inserting it (deleted concurrently?)"));
        });
    }

    private static DownstreamException interrupted(Account account, String when) {
        return interrupted("account " + account.id(), when);
    }

    private static DownstreamException interrupted(String which, String when) {
        return new DownstreamException(DOWNSTREAM, DownstreamException.Kind.UNAVAILABLE,
                "the call for the nickname of " + which + " was interrupted " + when);
    }

    private static Nickname toNickname(Account account, NicknameRow row) throws DownstreamException {
        try {
            return new Nickname(account.id(), row.nickname(), row.assignedByDefault());
        } catch (IllegalArgumentException e) {
            throw new DownstreamException(DOWNSTREAM, DownstreamException.Kind.BAD_RESPONSE,
                    "the stored nickname of account " + account.id() + " is malformed (blank or longer than "
                            + Nickname.MAX_LENGTH + " characters)");
        }
    }

    private static DownstreamException failure(Account account, String what, Throwable cause) {
        return failure("account " + account.id(), what, cause);
    }

    private static DownstreamException failure(String which, String what, Throwable cause) {
        SQLException sql = sqlExceptionIn(cause);
        String detail = sql == null
                ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ", SQLState " + sql.getSQLState();
        return new DownstreamException(DOWNSTREAM, DownstreamException.Kind.UNAVAILABLE,
                "Hearth's database (account_nickname): " + what + " of " + which + " (" + detail + ")",
                redacted(cause, sql));
    }

    /**
     * A stand-in for {@code cause} that keeps its type, SQLState and stack trace but not its message:
     * JDBI's messages quote the statement's arguments, and drivers' messages may quote row values.
     */
    private static Throwable redacted(Throwable cause, SQLException sql) {
        String type = cause.getClass().getName() + (sql == null || sql == cause ? "" : " caused by " + sql.getClass().getName());
        SQLException redacted = sql == null
                ? new SQLException(type + " (message withheld: it may contain customer data)")
                : new SQLException(type + " (message withheld: it may contain customer data)",
                        sql.getSQLState(), sql.getErrorCode());
        redacted.setStackTrace(cause.getStackTrace());
        return redacted;
    }

    private static SQLException sqlExceptionIn(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** Stops the executor this adapter made (without interrupting running statements); a given one is left alone. */
    @Override
    public void close() {
        if (ownsExecutor) {
            executor.shutdown();
        }
    }

    private static ExecutorService defaultExecutor() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(DEFAULT_THREADS, DEFAULT_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(DEFAULT_QUEUE), runnable -> {
                    Thread thread = new Thread(runnable, "hearth-db-nickname-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
