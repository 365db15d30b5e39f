package dev.hearth.adapters.out.persistence.plan;

import dev.hearth.ports.domain.model.RolloutGates;
import dev.hearth.ports.domain.model.RolloutPlan;
import dev.hearth.ports.domain.port.out.RolloutPlanStorePort;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

/**
 * The rollout plan in {@code home_rollout_plan} (migration V7), one row, changed by compare-and-set on its version: an
 * update only where the version is still the one read, an insert only where no row is (ON CONFLICT DO NOTHING).
 */
public final class RolloutPlanJdbiAdapter implements RolloutPlanStorePort {
    private static final int STATEMENT_TIMEOUT_SECONDS = 5;
    private static final int MAX_WHY = 1000;

    private final Jdbi jdbi;

    public RolloutPlanJdbiAdapter(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    @Override
    public Optional<RolloutPlan> load() {
        return jdbi.withHandle(RolloutPlanJdbiAdapter::load);
    }

    @Override
    public Optional<RolloutPlan> save(RolloutPlan plan) {
        Objects.requireNonNull(plan, "plan");
        return jdbi.inTransaction(handle -> {
            int written;
            if (plan.version() == 0) {
                written = bind(handle.createUpdate("""
                        INSERT INTO home_rollout_plan (id, steps, step, step_started_at, dwell_ms, max_fallback_rate,
                            max_mismatch_rate, max_p99_ms, min_samples, state, why, started_by, started_at,
                            applied_version, version)
                        VALUES (1, :steps, :step, :stepStartedAt, :dwellMs, :maxFallbackRate, :maxMismatchRate,
                            :maxP99Ms, :minSamples, :state, :why, :startedBy, :startedAt, :appliedVersion, 1)
                        ON CONFLICT DO NOTHING"""), plan).execute();
            } else {
                written = bind(handle.createUpdate("""
                        UPDATE home_rollout_plan SET steps = :steps, step = :step, step_started_at = :stepStartedAt,
                            dwell_ms = :dwellMs, max_fallback_rate = :maxFallbackRate,
                            max_mismatch_rate = :maxMismatchRate, max_p99_ms = :maxP99Ms, min_samples = :minSamples,
                            state = :state, why = :why, started_by = :startedBy, started_at = :startedAt,
                            applied_version = :appliedVersion, version = version + 1
                        WHERE id = 1 AND version = :version"""), plan).bind("version", plan.version()).execute();
            }
            return written == 1 ? load(handle) : Optional.<RolloutPlan>empty();
        });
    }

    private static Update bind(Update update, RolloutPlan plan) {
        RolloutGates gates = plan.gates();
        return update.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("steps", plan.stepList())
                .bind("step", plan.step())
                .bind("stepStartedAt", utc(plan.stepStartedAt()))
                .bind("dwellMs", plan.dwell().toMillis())
                .bind("maxFallbackRate", gates.maxFallbackRate())
                .bind("maxMismatchRate", gates.maxMismatchRate())
                .bind("maxP99Ms", gates.maxP99().toMillis())
                .bind("minSamples", gates.minSamples())
                .bind("state", plan.state().name())
                .bind("why", plan.why().length() <= MAX_WHY ? plan.why() : plan.why().substring(0, MAX_WHY))
                .bind("startedBy", plan.startedBy().length() <= 200 ? plan.startedBy()
                        : plan.startedBy().substring(0, 200))
                .bind("startedAt", utc(plan.startedAt()))
                .bind("appliedVersion", plan.appliedVersion());
    }

    private static Optional<RolloutPlan> load(Handle handle) {
        return handle.createQuery("""
                        SELECT steps, step, step_started_at, dwell_ms, max_fallback_rate, max_mismatch_rate, max_p99_ms,
                            min_samples, state, why, started_by, started_at, applied_version, version
                        FROM home_rollout_plan WHERE id = 1""")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .map((rs, ctx) -> plan(rs))
                .findOne();
    }

    private static RolloutPlan plan(ResultSet rs) throws SQLException {
        return new RolloutPlan(Arrays.stream(rs.getString("steps").split(",")).map(BigDecimal::new).toList(),
                rs.getInt("step"), instant(rs, "step_started_at"), Duration.ofMillis(rs.getLong("dwell_ms")),
                new RolloutGates(rs.getDouble("max_fallback_rate"), rs.getDouble("max_mismatch_rate"),
                        Duration.ofMillis(rs.getLong("max_p99_ms")), rs.getLong("min_samples")),
                RolloutPlan.State.valueOf(rs.getString("state")), rs.getString("why"), rs.getString("started_by"),
                instant(rs, "started_at"), rs.getLong("applied_version"), rs.getLong("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
