package dev.hearth.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.migrations.DatabaseMigrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * Hearth's migrations on a real PostgreSQL (the migrations module covers H2; it cannot reach this
 * module's PostgreSQL fixture).
 */
class SchemaMigrationsIT {
    @Test
    void applyToAnEmptyPostgresqlAndAgainAsANoOp() throws SQLException {
        DataSource database = PostgresFixture.newDatabase().dataSource();

        MigrateResult first = DatabaseMigrations.migrate(database);
        MigrateResult again = DatabaseMigrations.migrate(database);

        assertThat(first.success).isTrue();
        assertThat(first.migrationsExecuted).isPositive();
        assertThat(again.success).isTrue();
        assertThat(again.migrationsExecuted).isZero();
        assertThat(again.initialSchemaVersion).isEqualTo(first.targetSchemaVersion);
        assertThat(columnsOf(database, "account_nickname")).containsExactly(
                "account_id", "customer_id", "nickname", "assigned_by_default", "created_at", "updated_at");
        assertThat(columnsOf(database, "home_rollout")).containsExactly(
                "id", "percent", "shadow_rate", "version", "changed_at", "changed_by");
        assertThat(columnsOf(database, "home_rollout_allow")).containsExactly("rollout_id", "customer_id");
        assertThat(columnsOf(database, "shadow_mismatch")).containsExactly(
                "id", "path_group", "path", "hearth_value", "legacy_value", "request_id", "served_by", "found_at");
    }

    private static List<String> columnsOf(DataSource database, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection connection = database.getConnection();
                ResultSet rs = connection.getMetaData().getColumns(null, "public", table, null)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME"));
            }
        }
        return columns;
    }
}
