package dev.hearth.adapters.out.persistence.nickname;

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
