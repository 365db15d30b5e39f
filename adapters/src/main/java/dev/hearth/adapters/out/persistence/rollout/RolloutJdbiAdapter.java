package dev.hearth.adapters.out.persistence.rollout;

import dev.hearth.ports.domain.model.RolloutSettings;
import dev.hearth.ports.domain.port.out.RolloutStorePort;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

/**
 * The rollout as stored in {@code home_rollout} (migration V2), shared by every instance on the database. Writes are
 * atomic and bump {@code version}, so instances can tell a change from the value they already follow.
 */
public final class RolloutJdbiAdapter implements RolloutStorePort {
    private static final int STATEMENT_TIMEOUT_SECONDS = 5;

    private final Jdbi jdbi;
    private final Clock clock;

    public RolloutJdbiAdapter(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<RolloutSettings> load() {
        return jdbi.withHandle(handle -> load(handle, ""));
    }

    /**
     * In one transaction holding the row: the row is written first if there is none ({@code ifNone}, version 0, seen
     * by nobody before this transaction commits), so that there always is a row to lock: the first two changes on an
     * empty table take turns too instead of both inserting.
     */
    @Override
    public RolloutSettings update(UnaryOperator<RolloutSettings> change, RolloutSettings ifNone, String changedBy) {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(ifNone, "ifNone");
        Objects.requireNonNull(changedBy, "changedBy");
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        return jdbi.inTransaction(handle -> {
            // ON CONFLICT DO NOTHING waits for a concurrent insert of the row, then does nothing (PostgreSQL and H2).
            bind(handle.createUpdate("""
                            INSERT INTO home_rollout (id, percent, allow_list, shadow_rate, version, changed_at,
                                changed_by)
                            VALUES (1, :percent, :allowList, :shadowRate, 0, :changedAt, :changedBy)
                            ON CONFLICT DO NOTHING"""), ifNone, now, changedBy).execute();
            RolloutSettings settings = change.apply(load(handle, " FOR UPDATE").orElseThrow());
            bind(handle.createUpdate("""
                            UPDATE home_rollout
                            SET percent = :percent, allow_list = :allowList, shadow_rate = :shadowRate,
                                version = version + 1, changed_at = :changedAt, changed_by = :changedBy
                            WHERE id = 1"""), settings, now, changedBy).execute();
            return load(handle, "").orElseThrow();
        });
    }

    private static Update bind(Update statement, RolloutSettings settings, OffsetDateTime now, String changedBy) {
        return statement.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("percent", settings.percent())
                .bind("allowList", String.join(",", settings.allowList()))
                .bind("shadowRate", settings.shadowRate())
                .bind("changedAt", now)
                .bind("changedBy", truncate(changedBy));
    }

    private Optional<RolloutSettings> load(Handle handle, String lock) {
        return handle.createQuery("""
                        SELECT percent, allow_list, shadow_rate, version, changed_at, changed_by
                        FROM home_rollout WHERE id = 1""" + lock)
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .map((rs, ctx) -> new RolloutSettings(rs.getBigDecimal("percent"),
                        Arrays.stream(rs.getString("allow_list").split(",")).filter(s -> !s.isBlank())
                                .collect(Collectors.toSet()),
                        rs.getDouble("shadow_rate"), rs.getLong("version"),
                        rs.getObject("changed_at", OffsetDateTime.class).toInstant(), rs.getString("changed_by")))
                .findOne();
    }

    private static String truncate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200);
    }
}
