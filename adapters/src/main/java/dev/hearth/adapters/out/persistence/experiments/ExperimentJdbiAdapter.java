package dev.hearth.adapters.out.persistence.experiments;

import dev.hearth.ports.domain.model.Experiment;
import dev.hearth.ports.domain.model.ExperimentChange;
import dev.hearth.ports.domain.port.out.ExperimentStorePort;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The experiments as stored in {@code experiment} (one row per screen running one) and {@code experiment_history}
 * (migration V9), shared by every instance on the database. Each change and its history row are one transaction.
 */
public final class ExperimentJdbiAdapter implements ExperimentStorePort {
    private static final int STATEMENT_TIMEOUT_SECONDS = 5;
    private static final String COLUMNS = "screen_id, name, arms, version, started_at, changed_at, actor";

    private final Jdbi jdbi;

    public ExperimentJdbiAdapter(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    @Override
    public List<Experiment> running() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM experiment ORDER BY screen_id")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .map((rs, ctx) -> experiment(rs))
                .list());
    }

    /** ON CONFLICT DO NOTHING: of two starts on one screen at once, one is stored and the other told which. */
    @Override
    public Optional<Experiment> start(Experiment experiment, Optional<String> reason) {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(reason, "reason");
        return jdbi.inTransaction(handle -> {
            int inserted = handle.createUpdate("INSERT INTO experiment (" + COLUMNS + ") VALUES (:screen, :name, :arms, "
                            + ":version, :startedAt, :changedAt, :actor) ON CONFLICT DO NOTHING")
                    .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                    .bind("screen", experiment.screen())
                    .bind("name", experiment.name())
                    .bind("arms", Experiment.format(experiment.arms()))
                    .bind("version", experiment.version())
                    .bind("startedAt", time(experiment.startedAt()))
                    .bind("changedAt", time(experiment.changedAt()))
                    .bind("actor", truncate(experiment.actor(), 200))
                    .execute();
            if (inserted != 1) {
                return find(handle, experiment.screen());
            }
            history(handle, new ExperimentChange(experiment.screen(), experiment.name(), ExperimentChange.Action.START,
                    experiment.startedAt(), experiment.actor(), reason, Optional.empty(),
                    Optional.of(Experiment.format(experiment.arms()))));
            return Optional.empty();
        });
    }

    @Override
    public Optional<Experiment> change(String screen, String name, List<Experiment.Arm> arms, Instant at, String actor,
            Optional<String> reason) {
        return jdbi.inTransaction(handle -> {
            Optional<Experiment> before = find(handle, screen).filter(e -> e.name().equals(name));
            before.ifPresent(was -> {
                Experiment after = was.changed(arms, at, actor);
                handle.createUpdate("UPDATE experiment SET arms = :arms, version = :version, changed_at = :changedAt, "
                                + "actor = :actor WHERE screen_id = :screen")
                        .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                        .bind("arms", Experiment.format(after.arms()))
                        .bind("version", after.version())
                        .bind("changedAt", time(at))
                        .bind("actor", truncate(actor, 200))
                        .bind("screen", screen)
                        .execute();
                history(handle, new ExperimentChange(screen, name, ExperimentChange.Action.CHANGE, at, actor, reason,
                        Optional.of(Experiment.format(was.arms())), Optional.of(Experiment.format(after.arms()))));
            });
            return before;
        });
    }

    @Override
    public Optional<Experiment> stop(String screen, String name, Instant at, String actor, Optional<String> reason) {
        return jdbi.inTransaction(handle -> {
            Optional<Experiment> stopped = find(handle, screen).filter(e -> e.name().equals(name));
            stopped.ifPresent(was -> {
                handle.createUpdate("DELETE FROM experiment WHERE screen_id = :screen")
                        .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                        .bind("screen", screen)
                        .execute();
                history(handle, new ExperimentChange(screen, name, ExperimentChange.Action.STOP, at, actor, reason,
                        Optional.of(Experiment.format(was.arms())), Optional.empty()));
            });
            return stopped;
        });
    }

    @Override
    public List<ExperimentChange> history(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT screen_id, experiment, action, changed_at, actor, "
                        + "reason, from_arms, to_arms FROM experiment_history ORDER BY changed_at DESC, id DESC "
                        + "LIMIT :limit")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("limit", Math.max(0, limit))
                .map((rs, ctx) -> new ExperimentChange(rs.getString("screen_id"), rs.getString("experiment"),
                        ExperimentChange.Action.valueOf(rs.getString("action")),
                        rs.getObject("changed_at", OffsetDateTime.class).toInstant(), rs.getString("actor"),
                        Optional.ofNullable(rs.getString("reason")), Optional.ofNullable(rs.getString("from_arms")),
                        Optional.ofNullable(rs.getString("to_arms"))))
                .list());
    }

    private static Optional<Experiment> find(Handle handle, String screen) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM experiment WHERE screen_id = :screen FOR UPDATE")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("screen", screen)
                .map((rs, ctx) -> experiment(rs))
                .findOne();
    }

    private static void history(Handle handle, ExperimentChange change) {
        handle.createUpdate("INSERT INTO experiment_history (screen_id, experiment, action, changed_at, actor, reason, "
                        + "from_arms, to_arms) VALUES (:screen, :experiment, :action, :changedAt, :actor, :reason, "
                        + ":fromArms, :toArms)")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("screen", change.screen())
                .bind("experiment", change.experiment())
                .bind("action", change.action().name())
                .bind("changedAt", time(change.changedAt()))
                .bind("actor", truncate(change.actor(), 200))
                .bindByType("reason", change.reason().map(r -> truncate(r, 500)).orElse(null), String.class)
                .bindByType("fromArms", change.fromArms().orElse(null), String.class)
                .bindByType("toArms", change.toArms().orElse(null), String.class)
                .execute();
    }

    private static Experiment experiment(ResultSet rs) throws SQLException {
        return new Experiment(rs.getString("screen_id"), rs.getString("name"), Experiment.parseArms(rs.getString("arms")),
                rs.getLong("version"), rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                rs.getObject("changed_at", OffsetDateTime.class).toInstant(), rs.getString("actor"));
    }

    private static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
