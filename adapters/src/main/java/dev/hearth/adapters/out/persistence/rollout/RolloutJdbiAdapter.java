package dev.hearth.adapters.out.persistence.rollout;

import dev.hearth.ports.domain.model.RolloutChange;
import dev.hearth.ports.domain.model.RolloutSettings;
import dev.hearth.ports.domain.port.out.RolloutStorePort;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Update;

/**
 * The rollout as stored in {@code home_rollout} (migration V2) and its allow-list in {@code home_rollout_allow}, one
 * customer id a row (V3), shared by every instance on the database. Writes are atomic and bump {@code version}, so
 * instances can tell a change from the value they already follow. Each change has its row in
 * {@code home_rollout_history} (V4), written in the same transaction.
 */
public final class RolloutJdbiAdapter implements RolloutStorePort {
    private static final int STATEMENT_TIMEOUT_SECONDS = 5;
    private static final String CONFIG = "config";
    private static final String FIRST_WRITTEN_BY_A_CHANGE = "migration.initialPercent in config.yml, first stored by "
            + "the change after it";

    private final Jdbi jdbi;
    private final Clock clock;

    public RolloutJdbiAdapter(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<RolloutSettings> load() {
        return jdbi.withHandle(RolloutJdbiAdapter::load);
    }

    /**
     * In one transaction holding the row: the row is written first if there is none ({@code ifNone}, version 0, seen
     * by nobody before this transaction commits), so that there always is a row to lock: the first two changes on an
     * empty table take turns too instead of both inserting. The history entries (the first write's, then the change's)
     * are in the same transaction.
     */
    @Override
    public Changed change(UnaryOperator<RolloutSettings> change, RolloutSettings ifNone, String actor,
            Optional<String> reason) {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(ifNone, "ifNone");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        return jdbi.inTransaction(handle -> {
            insertIfNone(handle, ifNone, now, CONFIG, Optional.of(FIRST_WRITTEN_BY_A_CHANGE));
            RolloutSettings before = lockedLoad(handle);
            RolloutSettings settings = change.apply(before);
            bind(handle.createUpdate("""
                            UPDATE home_rollout
                            SET percent = :percent, shadow_rate = :shadowRate,
                                version = version + 1, changed_at = :changedAt, changed_by = :changedBy
                            WHERE id = 1"""), settings, now, actor).execute();
            storeAllowList(handle, before.allowList(), settings.allowList());
            RolloutSettings after = load(handle).orElseThrow();
            RolloutChange entry = RolloutChange.between(before, after, truncate(actor, 200), reason.map(RolloutJdbiAdapter::reason));
            record(handle, entry);
            return new Changed(after, entry);
        });
    }

    @Override
    public Initialized initialize(RolloutSettings initial, String actor, Optional<String> reason) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        return jdbi.inTransaction(handle -> {
            Optional<RolloutChange> written = insertIfNone(handle, initial, now, actor, reason);
            return new Initialized(load(handle).orElseThrow(), written);
        });
    }

    /** Writes {@code settings} as version 0 with its history entry when there is no row; the entry when it did. */
    private static Optional<RolloutChange> insertIfNone(Handle handle, RolloutSettings settings, OffsetDateTime now,
            String actor, Optional<String> reason) {
        // ON CONFLICT DO NOTHING waits for a concurrent insert of the row, then does nothing (PostgreSQL and H2).
        int inserted = bind(handle.createUpdate("""
                        INSERT INTO home_rollout (id, percent, shadow_rate, version, changed_at, changed_by)
                        VALUES (1, :percent, :shadowRate, 0, :changedAt, :changedBy)
                        ON CONFLICT DO NOTHING"""), settings, now, actor).execute();
        if (inserted != 1) {
            return Optional.empty();
        }
        storeAllowList(handle, Set.of(), settings.allowList());
        RolloutChange entry = RolloutChange.between(null, load(handle).orElseThrow(), truncate(actor, 200),
                reason.map(RolloutJdbiAdapter::reason));
        record(handle, entry);
        return Optional.of(entry);
    }

    private static void record(Handle handle, RolloutChange entry) {
        handle.createUpdate("""
                        INSERT INTO home_rollout_history (version, changed_at, actor, reason, from_percent, to_percent,
                            from_shadow_rate, to_shadow_rate, allow_added, allow_removed)
                        VALUES (:version, :changedAt, :actor, :reason, :fromPercent, :toPercent, :fromShadowRate,
                            :toShadowRate, :allowAdded, :allowRemoved)""")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("version", entry.version())
                .bind("changedAt", OffsetDateTime.ofInstant(entry.changedAt(), ZoneOffset.UTC))
                .bind("actor", entry.actor())
                .bindByType("reason", entry.reason().orElse(null), String.class)
                .bindByType("fromPercent", entry.fromPercent().orElse(null), BigDecimal.class)
                .bind("toPercent", entry.toPercent())
                .bindByType("fromShadowRate", entry.fromShadowRate().orElse(null), Double.class)
                .bind("toShadowRate", entry.toShadowRate())
                .bind("allowAdded", String.join(",", new TreeSet<>(entry.allowAdded())))
                .bind("allowRemoved", String.join(",", new TreeSet<>(entry.allowRemoved())))
                .execute();
    }

    @Override
    public List<RolloutChange> history(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, not " + limit);
        }
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT version, changed_at, actor, reason, from_percent, to_percent, from_shadow_rate,
                            to_shadow_rate, allow_added, allow_removed
                        FROM home_rollout_history ORDER BY id DESC LIMIT :limit""")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("limit", limit)
                .map((rs, ctx) -> {
                    double fromRate = rs.getDouble("from_shadow_rate");
                    Optional<Double> from = rs.wasNull() ? Optional.empty() : Optional.of(fromRate);
                    return new RolloutChange(rs.getLong("version"),
                            rs.getObject("changed_at", OffsetDateTime.class).toInstant(), rs.getString("actor"),
                            Optional.ofNullable(rs.getString("reason")),
                            Optional.ofNullable(rs.getBigDecimal("from_percent")), rs.getBigDecimal("to_percent"),
                            from, rs.getDouble("to_shadow_rate"), ids(rs.getString("allow_added")),
                            ids(rs.getString("allow_removed")));
                })
                .list());
    }

    private static Set<String> ids(String commaSeparated) {
        return commaSeparated == null || commaSeparated.isEmpty() ? Set.of() : Set.of(commaSeparated.split(","));
    }

    private static String reason(String reason) {
        return truncate(reason, RolloutChange.MAX_REASON);
    }

    private static Update bind(Update statement, RolloutSettings settings, OffsetDateTime now, String changedBy) {
        return statement.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("percent", settings.percent())
                .bind("shadowRate", settings.shadowRate())
                .bind("changedAt", now)
                .bind("changedBy", truncate(changedBy, 200));
    }

    /** Only the difference is written: the rows removed are deleted, the rows added inserted, in one batch each. */
    private static void storeAllowList(Handle handle, Set<String> before, Set<String> after) {
        PreparedBatch delete = handle.prepareBatch("DELETE FROM home_rollout_allow WHERE rollout_id = 1 AND customer_id = :id");
        before.stream().filter(id -> !after.contains(id)).forEach(id -> delete.bind("id", id).add());
        if (delete.size() > 0) {
            delete.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS).execute();
        }
        PreparedBatch insert = handle.prepareBatch("INSERT INTO home_rollout_allow (rollout_id, customer_id) VALUES (1, :id)");
        after.stream().filter(id -> !before.contains(id)).forEach(id -> insert.bind("id", id).add());
        if (insert.size() > 0) {
            insert.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS).execute();
        }
    }

    /** Locks the rollout row (every writer takes it first, so the allow-list rows stay as they are), then reads. */
    private static RolloutSettings lockedLoad(Handle handle) {
        handle.createQuery("SELECT version FROM home_rollout WHERE id = 1 FOR UPDATE")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS).mapTo(Long.class).one();
        return load(handle).orElseThrow();
    }

    /** The row with its allow-list, in one statement: one snapshot, never a list of another version. */
    private static Optional<RolloutSettings> load(Handle handle) {
        record Row(BigDecimal percent, double shadowRate, long version, Instant changedAt, String changedBy,
                String allowed) {
        }
        List<Row> rows = handle.createQuery("""
                        SELECT r.percent, r.shadow_rate, r.version, r.changed_at, r.changed_by, a.customer_id
                        FROM home_rollout r LEFT JOIN home_rollout_allow a ON a.rollout_id = r.id
                        WHERE r.id = 1""")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .map((rs, ctx) -> new Row(rs.getBigDecimal("percent"), rs.getDouble("shadow_rate"), rs.getLong("version"),
                        rs.getObject("changed_at", OffsetDateTime.class).toInstant(), rs.getString("changed_by"),
                        rs.getString("customer_id")))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Row r = rows.getFirst();
        Set<String> allowList = rows.stream().map(Row::allowed).filter(Objects::nonNull).collect(Collectors.toSet());
        return Optional.of(new RolloutSettings(r.percent(), allowList, r.shadowRate(), r.version(), r.changedAt(),
                r.changedBy()));
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
