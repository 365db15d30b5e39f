package dev.hearth.adapters.out.persistence.mismatch;

import dev.hearth.ports.domain.model.Difference;
import dev.hearth.ports.domain.model.Side;
import dev.hearth.ports.domain.port.out.MismatchStorePort;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The mismatches shadow comparison found, in {@code shadow_mismatch} (migration V2): every differing field of every
 * compared request, so counts per path are exact and shared by all instances. Bounded: past {@code keep} rows the
 * oldest are deleted (checked every 100 writes), so counts cover the most recent {@code keep} mismatches.
 */
public final class MismatchJdbiAdapter implements MismatchStorePort {
    private static final int STATEMENT_TIMEOUT_SECONDS = 5;
    private static final int VALUE_LENGTH = 1000;

    private final Jdbi jdbi;
    private final Clock clock;
    private final long keep;
    private final AtomicLong writes = new AtomicLong();

    public MismatchJdbiAdapter(Jdbi jdbi, Clock clock, long keep) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (keep < 1) {
            throw new IllegalArgumentException("migration.shadow.keepMismatches must be at least 1, not " + keep);
        }
        this.keep = keep;
    }

    @Override
    public void record(String requestId, Side servedBy, List<Difference> differences) {
        if (differences.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        jdbi.useTransaction(handle -> {
            PreparedBatch batch = handle.prepareBatch("""
                    INSERT INTO shadow_mismatch (path_group, path, hearth_value, legacy_value, request_id, served_by,
                        found_at)
                    VALUES (:group, :path, :hearth, :legacy, :requestId, :servedBy, :foundAt)""");
            for (Difference difference : differences) {
                batch.bind("group", cut(difference.group(), 500))
                        .bind("path", cut(difference.path(), VALUE_LENGTH))
                        .bind("hearth", cut(difference.hearth(), VALUE_LENGTH))
                        .bind("legacy", cut(difference.legacy(), VALUE_LENGTH))
                        .bind("requestId", cut(requestId, 128))
                        .bind("servedBy", servedBy.label())
                        .bind("foundAt", now)
                        .add();
            }
            batch.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            batch.execute();
        });
        if (writes.incrementAndGet() % 100 == 0) {
            prune();
        }
    }

    @Override
    public List<Group> groups(int maxGroups, int examples) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                                SELECT path_group, COUNT(*) AS found, MAX(found_at) AS last_seen
                                FROM shadow_mismatch
                                GROUP BY path_group
                                ORDER BY found DESC, path_group
                                LIMIT :maxGroups""")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("maxGroups", maxGroups)
                .map((rs, ctx) -> new Group(rs.getString("path_group"), rs.getLong("found"),
                        rs.getObject("last_seen", OffsetDateTime.class).toInstant(), List.of()))
                .list()
                .stream()
                .map(group -> examples == 0 ? group : withExamples(handle, group, examples))
                .toList());
    }

    /** {@code group} with its newest {@code examples} mismatches (a query only when some are asked for). */
    private static Group withExamples(Handle handle, Group group, int examples) {
        return new Group(group.path(), group.count(), group.lastSeen(), handle.createQuery("""
                        SELECT path, hearth_value, legacy_value, request_id, served_by, found_at
                        FROM shadow_mismatch
                        WHERE path_group = :group
                        ORDER BY id DESC
                        LIMIT :examples""")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("group", group.path())
                .bind("examples", examples)
                .map((rs, ctx) -> new Example(rs.getString("path"), rs.getString("hearth_value"),
                        rs.getString("legacy_value"), rs.getString("request_id"), rs.getString("served_by"),
                        rs.getObject("found_at", OffsetDateTime.class).toInstant()))
                .list());
    }

    @Override
    public int clear() {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM shadow_mismatch").execute());
    }

    /**
     * One bounded batch of the retention: deletes up to {@code batch} of the oldest rows found before {@code cutoff}
     * (index of migration V5). Instances running it at once may pick the same rows; each row is deleted once, the other
     * delete finds it gone and counts nothing, and no row found at or after the cutoff is touched.
     */
    @Override
    public int expire(Instant cutoff, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, not " + batch);
        }
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        DELETE FROM shadow_mismatch
                        WHERE id IN (SELECT id FROM shadow_mismatch WHERE found_at < :cutoff
                                     ORDER BY found_at, id LIMIT :batch)""")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                .bind("batch", batch)
                .execute());
    }

    /** Deletes all but the newest {@code keep} mismatches; {@link #record} does it every 100 writes. */
    public void prune() {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        DELETE FROM shadow_mismatch
                        WHERE id <= (SELECT MAX(id) FROM shadow_mismatch) - :keep""")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("keep", keep)
                .execute());
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
