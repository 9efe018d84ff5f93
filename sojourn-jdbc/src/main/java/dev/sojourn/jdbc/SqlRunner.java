package dev.sojourn.jdbc;

import dev.sojourn.SessionIds;
import dev.sojourn.SessionStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a store's SQL: one pooled connection per unit of work, deadlocks and serialisation failures
 * retried, writes queued on a fair lock where the database admits one writer (SQLite), and every
 * {@link SQLException} turned into a one-line {@link SessionStoreException} that names the store,
 * dialect and operation, shows only a redacted session id, and explains a missing table.
 * Also the start-up checks: dialect detection, table creation, verification.
 */
final class SqlRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SqlRunner.class);
    private static final int MAX_ATTEMPTS = 3;

    private final DataSource dataSource;
    private final SqlDialect sql;
    private final @Nullable Lock writeLock;

    SqlRunner(DataSource dataSource, SqlDialect sql) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.writeLock = sql.singleWriter() ? new ReentrantLock(true) : null;
    }

    /** Work on one connection; it may throw {@link SQLException}s, which {@link SqlRunner} translates. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on a pooled connection, retrying deadlocks and serialisation failures. */
    <T> T read(String operation, @Nullable String id, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            } catch (SQLException e) {
                if (attempt < MAX_ATTEMPTS && sql.isTransient(e)) {
                    LOG.debug("{}: retrying {} after SQLState {}", sql, operation, e.getSQLState());
                    continue;
                }
                throw failure(sql, describe(operation, id), id, e);
            }
        }
    }

    /** {@link #read}, holding the write lock where there is one. */
    <T> T write(String operation, @Nullable String id, Work<T> work) {
        if (writeLock == null) {
            return read(operation, id, work);
        }
        writeLock.lock();
        try {
            return read(operation, id, work);
        } finally {
            writeLock.unlock();
        }
    }

    /** {@code JdbcStore[PostgreSQL] patch of session abcd…}. */
    String describe(String operation, @Nullable String id) {
        return describe(sql, operation) + (id == null ? "" : " of session " + SessionIds.redact(id));
    }

    private static String describe(SqlDialect sql, String operation) {
        return "JdbcStore[" + sql.dialect().displayName() + "] " + operation;
    }

    private static SessionStoreException failure(SqlDialect sql, String what, @Nullable String id, SQLException e) {
        if (sql.isMissingTable(e)) {
            return new SessionStoreException(what + " failed: table " + sql.tableDisplay + " does not exist;"
                    + " create it (sojourn-jdbc's README has the DDL) or build the store with createTableIfMissing(true)", e);
        }
        return new SessionStoreException(what + " failed: " + summary(e, id), e);
    }

    /** The first line of the driver's message with the session id redacted, and the SQLState. */
    private static String summary(SQLException e, @Nullable String id) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage().strip();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline).strip();
        }
        if (id != null && !id.isEmpty()) {
            message = message.replace(id, SessionIds.redact(id));
        }
        return e.getSQLState() == null ? message : message + " (SQLState " + e.getSQLState() + ")";
    }

    // ---- start-up ----

    /** Checks that the database answers and the table has its three columns. */
    static void verify(DataSource dataSource, SqlDialect sql) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(sql.probe())) {
                statement.executeQuery().close(); // the table and its columns exist
            } catch (SQLException e) {
                throw failure(sql, describe(sql, "verify"), null, e);
            }
        } catch (SQLException e) {
            throw new SessionStoreException(describe(sql, "verify") + " failed: cannot connect to the database: "
                    + summary(e, null), e);
        }
    }

    /** Runs the dialect's DDL; a failure is fine if the table exists after all (another instance made it). */
    static void createTable(DataSource dataSource, SqlDialect sql) {
        try (Connection connection = dataSource.getConnection()) {
            for (String ddl : sql.createTable(connection)) {
                SqlDialect.executeUpdate(connection, ddl);
            }
        } catch (SQLException e) {
            try {
                verify(dataSource, sql);
            } catch (SessionStoreException notThere) {
                throw new SessionStoreException(describe(sql, "create table") + " " + sql.tableDisplay + " failed: "
                        + summary(e, null), e);
            }
        }
    }

    /** The dialect the database's metadata names. */
    static Dialect detect(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return Dialect.fromProductName(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new SessionStoreException("JdbcStore cannot detect the database's dialect: cannot connect to the database: "
                    + summary(e, null), e);
        }
    }
}
