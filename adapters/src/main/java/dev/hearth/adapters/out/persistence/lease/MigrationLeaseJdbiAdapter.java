package dev.hearth.adapters.out.persistence.lease;

import dev.hearth.ports.domain.model.MigrationLease;
import dev.hearth.ports.domain.port.out.MigrationLeasePort;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Leases in {@code migration_lease} (migration V7). Taking one is a single conditional UPDATE (holder is the caller, or
 * the lease has expired): the database's row lock makes of two at once exactly one win (PostgreSQL re-checks the
 * condition on the row the winner wrote; H2 locks the row the same way). The row is first inserted when missing (ON
 * CONFLICT DO NOTHING). Times come from {@code clock}: the fleet's clocks are assumed within a second of each other
 * (NTP); the lease's ttl is a few seconds (docs/adr/026-rollout-plan-lease.md).
 */
public final class MigrationLeaseJdbiAdapter implements MigrationLeasePort {
    private static final int STATEMENT_TIMEOUT_SECONDS = 2;

    private final Jdbi jdbi;
    private final Clock clock;

    public MigrationLeaseJdbiAdapter(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean acquire(String name, String holder, Duration ttl) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(holder, "holder");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease's ttl is positive, e.g. 5s; not " + ttl);
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        OffsetDateTime expires = now.plus(ttl);
        return jdbi.withHandle(handle -> {
            // An expired lease, so that the UPDATE below decides who takes it; a winner of this INSERT takes it there.
            handle.createUpdate("""
                            INSERT INTO migration_lease (name, holder, expires_at) VALUES (:name, '', :now)
                            ON CONFLICT DO NOTHING""")
                    .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                    .bind("name", name).bind("now", now.minusSeconds(1))
                    .execute();
            return handle.createUpdate("""
                            UPDATE migration_lease SET holder = :holder, expires_at = :expires
                            WHERE name = :name AND (holder = :holder OR expires_at < :now)""")
                    .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                    .bind("name", name).bind("holder", holder).bind("expires", expires).bind("now", now)
                    .execute() == 1;
        });
    }

    @Override
    public void release(String name, String holder) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE migration_lease SET expires_at = :expired WHERE name = :name AND holder = :holder""")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("name", name).bind("holder", holder).bind("expired", now.minusSeconds(1))
                .execute());
    }

    @Override
    public Optional<MigrationLease> current(String name) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT name, holder, expires_at FROM migration_lease WHERE name = :name")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("name", name)
                .map((rs, ctx) -> new MigrationLease(rs.getString("name"), rs.getString("holder"),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .findOne()
                .filter(lease -> !lease.holder().isEmpty()));
    }
}
