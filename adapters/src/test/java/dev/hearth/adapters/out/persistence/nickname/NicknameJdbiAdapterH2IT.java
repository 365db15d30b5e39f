package dev.hearth.adapters.out.persistence.nickname;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nickname contract on an H2 <em>file</em> database in PostgreSQL mode, as the embedded default
 * config runs it (an in-memory database would not show what an interrupt does to H2's file I/O).
 *
 * <p>{@code WRITE_DELAY=0} makes every commit write the file on the committing thread instead of
 * H2's background writer: the worst case for interrupts. With it, running the adapter's JDBC work on
 * the caller's thread fails the interrupt test within a few dozen calls (SQLState 90098, "the
 * database has been closed"); with the default delay the hazard is rarer (cache misses, large
 * commits) but the same.
 */
class NicknameJdbiAdapterH2IT extends NicknameJdbiAdapterContract {
    @TempDir
    static Path directory;
    private int databases;
    private final List<JdbcConnectionPool> pools = new ArrayList<>();

    @Override
    DataSource newDatabase() {
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + directory.resolve("hearth-" + ++databases)
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0", "sa", "");
        pool.setMaxConnections(16);
        pools.add(pool);
        return pool;
    }

    @AfterAll
    void disposePools() {
        pools.forEach(JdbcConnectionPool::dispose);
    }
}
