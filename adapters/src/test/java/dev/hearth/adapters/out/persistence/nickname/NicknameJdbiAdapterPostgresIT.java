package dev.hearth.adapters.out.persistence.nickname;

import dev.hearth.adapters.out.persistence.PostgresFixture;
import javax.sql.DataSource;

/** The nickname contract on a real PostgreSQL 17 (embedded, see {@link PostgresFixture}). */
class NicknameJdbiAdapterPostgresIT extends NicknameJdbiAdapterContract {
    @Override
    DataSource newDatabase() {
        return PostgresFixture.newDatabase().dataSource();
    }
}
