package dev.sojourn.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * SQLite on Sojourn's table: {@code sid text} primary key, {@code sess text} (the JSON text),
 * {@code expires integer} in epoch milliseconds, indexed. SQLite locks the whole database for
 * writes, so the locking path starts with {@code BEGIN IMMEDIATE} (two deferred transactions that
 * both read and then write would fail with {@code SQLITE_BUSY} instead of waiting); connections
 * should have a busy timeout (sqlite-jdbc's default is 3 s) and, for concurrent readers, WAL mode.
 * A store queues its own writes on a fair lock ({@link #singleWriter()}), so they do not compete
 * for the database lock by polling; the busy timeout still covers other processes and stores.
 */
final class SqliteSql extends MillisecondExpirySql {
    private final String indexName;
    private final String tableOnly;

    SqliteSql(@Nullable String schema, String table, int pruneBatchSize) {
        super(schema, table, pruneBatchSize);
        // SQLite qualifies the index, not the table, with the schema.
        this.indexName = (schema == null ? "" : quoted(schema, "\"") + ".") + quoted("IDX_" + table + "_expires", "\"");
        this.tableOnly = quoted(table, "\"");
    }

    @Override
    Dialect dialect() {
        return Dialect.SQLITE;
    }

    /** SQLite has no row locks: {@code BEGIN IMMEDIATE} already holds the database's write lock. */
    @Override
    String lockSuffix() {
        return "";
    }

    @Override
    String upsert() {
        return "INSERT INTO " + table + " (sid, sess, expires) VALUES (?, ?, ?)"
                + " ON CONFLICT (sid) DO UPDATE SET sess = excluded.sess, expires = excluded.expires";
    }

    @Override
    List<String> createTable() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + table + " ("
                        + "sid TEXT NOT NULL PRIMARY KEY, "
                        + "sess TEXT NOT NULL, "
                        + "expires INTEGER NOT NULL)",
                "CREATE INDEX IF NOT EXISTS " + indexName + " ON " + tableOnly + " (expires)");
    }

    @Override
    PruneBatch pruneBatch(Connection connection, long nowValue) throws SQLException {
        String sql = "DELETE FROM " + table + " WHERE rowid IN (SELECT rowid FROM " + table + " WHERE " + deadCondition()
                + " LIMIT " + pruneBatchSize + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, nowValue);
            return PruneBatch.of(statement.executeUpdate());
        }
    }

    /** With autocommit left on, so that the driver does not open a deferred transaction of its own. */
    @Override
    void begin(Connection connection) throws SQLException {
        executeUpdate(connection, "BEGIN IMMEDIATE");
    }

    @Override
    void commit(Connection connection) throws SQLException {
        executeUpdate(connection, "COMMIT");
    }

    @Override
    void rollback(Connection connection) throws SQLException {
        executeUpdate(connection, "ROLLBACK");
    }

    @Override
    void end(Connection connection) {
        // autocommit was never turned off
    }

    @Override
    boolean singleWriter() {
        return true;
    }

    @Override
    boolean isMissingTable(SQLException e) {
        String message = e.getMessage();
        return message != null && message.toLowerCase(Locale.ROOT).contains("no such table");
    }
}
