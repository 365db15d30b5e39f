package dev.hearth.adapters.out.persistence.switches;

import dev.hearth.ports.domain.model.SectionSwitch;
import dev.hearth.ports.domain.port.out.KillSwitchStorePort;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The kill switches as stored in {@code section_kill_switch} (migration V8), one row per section switched off for
 * every platform ({@code platform = '*'}) or for one, shared by every instance on the database.
 */
public final class KillSwitchJdbiAdapter implements KillSwitchStorePort {
    /** The platform column of a switch for every platform (the key needs a value: NULLs never conflict). */
    static final String EVERY_PLATFORM = "*";
    private static final int STATEMENT_TIMEOUT_SECONDS = 5;
    private static final String COLUMNS = "screen_id, section_id, platform, switched_at, actor, reason";

    private final Jdbi jdbi;

    public KillSwitchJdbiAdapter(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    @Override
    public List<SectionSwitch> load() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM section_kill_switch "
                        + "ORDER BY screen_id, section_id, platform")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .map((rs, ctx) -> row(rs.getString("screen_id"), rs.getString("section_id"), rs.getString("platform"),
                        rs.getObject("switched_at", OffsetDateTime.class), rs.getString("actor"),
                        rs.getString("reason")))
                .list());
    }

    /** ON CONFLICT DO NOTHING: two instances switching the same section off at once store one row, the first. */
    @Override
    public Switched switchOff(SectionSwitch off) {
        Objects.requireNonNull(off, "off");
        return jdbi.inTransaction(handle -> {
            int inserted = handle.createUpdate("INSERT INTO section_kill_switch (" + COLUMNS + ") "
                            + "VALUES (:screen, :section, :platform, :switchedAt, :actor, :reason) ON CONFLICT DO NOTHING")
                    .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                    .bind("screen", off.screen())
                    .bind("section", off.section())
                    .bind("platform", platform(off.platform()))
                    .bind("switchedAt", OffsetDateTime.ofInstant(off.switchedAt(), ZoneOffset.UTC))
                    .bind("actor", truncate(off.actor(), 200))
                    .bindByType("reason", off.reason().map(r -> truncate(r, 500)).orElse(null), String.class)
                    .execute();
            return new Switched(find(handle, off.screen(), off.section(), off.platform()).orElseThrow(), inserted == 1);
        });
    }

    @Override
    public Optional<SectionSwitch> switchOn(String screen, String section, Optional<String> platform) {
        Objects.requireNonNull(screen, "screen");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(platform, "platform");
        return jdbi.inTransaction(handle -> {
            Optional<SectionSwitch> stored = find(handle, screen, section, platform);
            stored.ifPresent(s -> handle.createUpdate("DELETE FROM section_kill_switch "
                            + "WHERE screen_id = :screen AND section_id = :section AND platform = :platform")
                    .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                    .bind("screen", screen)
                    .bind("section", section)
                    .bind("platform", platform(platform))
                    .execute());
            return stored;
        });
    }

    private static Optional<SectionSwitch> find(Handle handle, String screen, String section, Optional<String> platform) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM section_kill_switch "
                        + "WHERE screen_id = :screen AND section_id = :section AND platform = :platform FOR UPDATE")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("screen", screen)
                .bind("section", section)
                .bind("platform", platform(platform))
                .map((rs, ctx) -> row(rs.getString("screen_id"), rs.getString("section_id"), rs.getString("platform"),
                        rs.getObject("switched_at", OffsetDateTime.class), rs.getString("actor"),
                        rs.getString("reason")))
                .findOne();
    }

    private static SectionSwitch row(String screen, String section, String platform, OffsetDateTime at, String actor,
            String reason) {
        return new SectionSwitch(screen, section, EVERY_PLATFORM.equals(platform) ? Optional.empty()
                : Optional.of(platform), at.toInstant(), actor, Optional.ofNullable(reason));
    }

    private static String platform(Optional<String> platform) {
        return platform.orElse(EVERY_PLATFORM);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
