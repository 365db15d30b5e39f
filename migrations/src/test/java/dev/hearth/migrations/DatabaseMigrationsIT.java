package dev.hearth.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The migrations on H2 in PostgreSQL mode, as the embedded default runs them. The same scripts on a
 * real PostgreSQL are covered in the adapters module ({@code SchemaMigrationsIT}), which owns the
 * embedded PostgreSQL fixture.
 */
class DatabaseMigrationsIT {
    private final JdbcDataSource h2 = freshH2();

    @Test
    void createsEveryTableOnAnEmptyDatabase() throws SQLException {
        MigrateResult result = DatabaseMigrations.migrate(h2);

        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isEqualTo(9);
        assertThat(result.targetSchemaVersion).isEqualTo("9");
        assertThat(columnsOf("account_nickname")).containsExactly(
                "account_id", "customer_id", "nickname", "assigned_by_default", "created_at", "updated_at");
        assertThat(columnsOf("home_rollout")).containsExactly(
                "id", "percent", "shadow_rate", "version", "changed_at", "changed_by");
        assertThat(columnsOf("home_rollout_allow")).containsExactly("rollout_id", "customer_id");
        assertThat(columnsOf("home_rollout_history")).containsExactly("id", "version", "changed_at", "actor", "reason",
                "from_percent", "to_percent", "from_shadow_rate", "to_shadow_rate", "allow_added", "allow_removed");
        assertThat(columnsOf("shadow_mismatch")).containsExactly(
                "id", "path_group", "path", "hearth_value", "legacy_value", "request_id", "served_by", "found_at");
        assertThat(columnsOf("home_rollout_plan")).containsExactly("id", "steps", "step", "step_started_at", "dwell_ms",
                "max_fallback_rate", "max_mismatch_rate", "max_p99_ms", "min_samples", "state", "why", "started_by",
                "started_at", "applied_version", "version");
        assertThat(columnsOf("migration_lease")).containsExactly("name", "holder", "expires_at");
        assertThat(columnsOf("migration_tally")).containsExactly("id", "instance", "from_at", "to_at", "hearth_served",
                "fallbacks", "compared", "mismatched", "hearth_latency", "mismatched_by_section");
        assertThat(columnsOf("section_kill_switch")).containsExactly(
                "screen_id", "section_id", "platform", "switched_at", "actor", "reason");
        assertThat(columnsOf("experiment")).containsExactly(
                "screen_id", "name", "arms", "version", "started_at", "changed_at", "actor");
        assertThat(columnsOf("experiment_history")).containsExactly(
                "id", "screen_id", "experiment", "action", "changed_at", "actor", "reason", "from_arms", "to_arms");
    }

    @Test
    void migratingAgainIsANoOp() {
        DatabaseMigrations.migrate(h2);

        MigrateResult again = DatabaseMigrations.migrate(h2);

        assertThat(again.success).isTrue();
        assertThat(again.migrationsExecuted).isZero();
        assertThat(again.initialSchemaVersion).isEqualTo("9");
    }

    @Test
    void refusesADatabaseMigratedByANewerBuild() throws SQLException {
        DatabaseMigrations.migrate(h2, DatabaseMigrations.LOCATION, "classpath:db/future");

        assertThatThrownBy(() -> DatabaseMigrations.migrate(h2))
                .isInstanceOf(DatabaseMigrations.SchemaNewerThanCodeException.class)
                .hasMessageContaining("newer than this build")
                .hasMessageContaining("999 (from a newer build)")
                .hasMessageContaining("only knows up to version 9");
        assertThat(columnsOf("from_a_newer_build")).containsExactly("id");
    }

    private List<String> columnsOf(String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection connection = h2.getConnection();
                ResultSet rs = connection.getMetaData().getColumns(null, null, table, null)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME"));
            }
        }
        return columns;
    }

    private static JdbcDataSource freshH2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        return dataSource;
    }
}
