package dev.hearth.adapters.out.persistence.nickname;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.TemplateEngine;

/**
 * The SQL of {@code account_nickname} (migrations V1). Each statement is atomic on its own, so a call
 * abandoned half-way leaves either no row or a whole one. {@code ON CONFLICT DO NOTHING} runs
 * unchanged on PostgreSQL and on H2 in PostgreSQL mode; H2 rejects a conflict target such as
 * {@code (account_id)}, and the primary key is the table's only unique constraint anyway.
 *
 * <p>Fluent JDBI rather than a SqlObject: the row type stays package-private (JDBI's reflective
 * mappers need public types), and the adapter does not have to install plugins on the caller's Jdbi.
 */
final class AccountNicknameDao {
    /** Bounds how long an abandoned statement may hold a connection; nickname statements take milliseconds. */
    static final int STATEMENT_TIMEOUT_SECONDS = 10;

    private static final RowMapper<NicknameRow> ROW = (rs, ctx) -> new NicknameRow(rs.getString("account_id"),
            rs.getString("customer_id"), rs.getString("nickname"), rs.getBoolean("assigned_by_default"));

    private final Handle handle;

    AccountNicknameDao(Handle handle) {
        // The SQL below has no <attributes>, so nothing to render: JDBI's default template engine would run its
        // lexer over each statement again (it showed in every nickname read of a JFR profile of Hearth).
        this.handle = handle.setTemplateEngine(TemplateEngine.NOP);
    }

    /** Stores the nickname unless the account already has one; returns the number of rows inserted (0 or 1). */
    int insertIfAbsent(String accountId, String customerId, String nickname, boolean assignedByDefault) {
        return handle.createUpdate("""
                        INSERT INTO account_nickname (account_id, customer_id, nickname, assigned_by_default)
                        VALUES (:accountId, :customerId, :nickname, :assignedByDefault)
                        ON CONFLICT DO NOTHING""")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("accountId", accountId)
                .bind("customerId", customerId)
                .bind("nickname", nickname)
                .bind("assignedByDefault", assignedByDefault)
                .execute();
    }

    /**
     * Stores each default nickname whose account has none, in ONE statement; returns the rows inserted. Rows are in
     * account-id order, so concurrent callers take the primary key's locks in one order (no deadlock).
     */
    int insertAllIfAbsent(List<NicknameRow> rows) {
        List<NicknameRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(NicknameRow::accountId));
        StringBuilder sql = new StringBuilder(
                "INSERT INTO account_nickname (account_id, customer_id, nickname, assigned_by_default) VALUES ");
        for (int i = 0; i < sorted.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:a").append(i).append(", :c").append(i).append(", :n").append(i)
                    .append(", :d").append(i).append(')');
        }
        sql.append(" ON CONFLICT DO NOTHING");
        var update = handle.createUpdate(sql.toString()).setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
        for (int i = 0; i < sorted.size(); i++) {
            NicknameRow row = sorted.get(i);
            update.bind("a" + i, row.accountId()).bind("c" + i, row.customerId()).bind("n" + i, row.nickname())
                    .bind("d" + i, row.assignedByDefault());
        }
        return update.execute();
    }

    /** The rows of {@code accountIds} that exist, by account id, in ONE query. */
    Map<String, NicknameRow> findAll(List<String> accountIds) {
        StringBuilder sql = new StringBuilder("SELECT account_id, customer_id, nickname, assigned_by_default "
                + "FROM account_nickname WHERE account_id IN (");
        for (int i = 0; i < accountIds.size(); i++) {
            sql.append(i == 0 ? ":a" : ", :a").append(i);
        }
        sql.append(')');
        var query = handle.createQuery(sql.toString()).setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
        for (int i = 0; i < accountIds.size(); i++) {
            query.bind("a" + i, accountIds.get(i));
        }
        Map<String, NicknameRow> rows = new HashMap<>();
        query.map(ROW).forEach(row -> rows.put(row.accountId(), row));
        return rows;
    }

    Optional<NicknameRow> find(String accountId) {
        return handle.createQuery("""
                        SELECT account_id, customer_id, nickname, assigned_by_default
                        FROM account_nickname
                        WHERE account_id = :accountId""")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("accountId", accountId)
                .map(ROW)
                .findOne();
    }
}
