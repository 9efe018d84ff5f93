package dev.sojourn.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * MySQL and MariaDB on express-mysql-session's table (2.1 and later, unchanged through 3.x):
 * {@code session_id varchar(128) COLLATE utf8mb4_bin} primary key, {@code expires int(11) unsigned}
 * in epoch seconds, {@code data mediumtext COLLATE utf8mb4_bin} holding {@code JSON.stringify(session)}.
 * Like express-mysql-session, expiry seconds are {@code Math.round(ms / 1000)}, a row is live while
 * {@code expires >= round(now / 1000)}, and upserts are {@code INSERT … ON DUPLICATE KEY UPDATE}.
 *
 * <p>Sojourn's DDL differs in three compatible ways: an index on {@code expires} (express-mysql-session
 * has none); {@code session_id} is {@code varchar(255)}; and its collation is the server's
 * <em>NO PAD</em> binary one ({@code utf8mb4_nopad_bin} on MariaDB, {@code utf8mb4_0900_bin} on
 * MySQL 8; {@code utf8mb4_bin} where neither exists), because {@code utf8mb4_bin} pads with spaces and
 * so makes {@code "a"} and {@code "a "} one key. Reads compare the id exactly in Java as well, so an
 * existing express-mysql-session table can never hand one session to another id.
 */
final class MySqlSql extends SqlDialect {
    /** The largest value of {@code int unsigned}: 2106-02-07. */
    private static final long MAX_SECONDS = 4_294_967_295L;

    /** The id collation of {@link #createTable()} (MariaDB's); {@link #createTable(Connection)} asks the server. */
    static final String DEFAULT_ID_COLLATION = "utf8mb4_nopad_bin";
    private static final List<String> NO_PAD_BINARY_COLLATIONS = List.of("utf8mb4_nopad_bin", "utf8mb4_0900_bin");

    private final String indexName;

    MySqlSql(@Nullable String schema, String table, int pruneBatchSize) {
        super(schema, table, "`", "session_id", "data", "expires", pruneBatchSize);
        this.indexName = quoted("IDX_" + table + "_expires", "`");
    }

    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }

    /** {@code Math.round(ms / 1000)}, as express-mysql-session. */
    @Override
    long expiryValue(long epochMillis) {
        return Math.max(0, Math.min(MAX_SECONDS, Math.floorDiv(epochMillis + 500, 1000)));
    }

    @Override
    long nowValue(long nowMillis) {
        return Math.floorDiv(nowMillis + 500, 1000);
    }

    @Override
    String liveCondition() {
        return "expires >= ?";
    }

    @Override
    String deadCondition() {
        return "expires < ?";
    }

    @Override
    String upsert() {
        return "INSERT INTO " + table + " (session_id, data, expires) VALUES (?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE data = VALUES(data), expires = VALUES(expires)";
    }

    @Override
    List<String> createTable() {
        return createTable(DEFAULT_ID_COLLATION);
    }

    /** With the server's NO PAD binary collation for the id, or express-mysql-session's {@code utf8mb4_bin}. */
    @Override
    List<String> createTable(Connection connection) throws SQLException {
        String query = "SELECT COLLATION_NAME FROM information_schema.COLLATIONS WHERE COLLATION_NAME IN ("
                + "?, ".repeat(NO_PAD_BINARY_COLLATIONS.size() - 1) + "?)";
        List<String> available = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < NO_PAD_BINARY_COLLATIONS.size(); i++) {
                statement.setString(i + 1, NO_PAD_BINARY_COLLATIONS.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    available.add(rows.getString(1));
                }
            }
        }
        String collation = NO_PAD_BINARY_COLLATIONS.stream().filter(available::contains).findFirst().orElse("utf8mb4_bin");
        return createTable(collation);
    }

    private List<String> createTable(String idCollation) {
        return List.of("CREATE TABLE IF NOT EXISTS " + table + " ("
                + "`session_id` varchar(255) COLLATE " + idCollation + " NOT NULL, "
                + "`expires` int(11) unsigned NOT NULL, "
                + "`data` mediumtext COLLATE utf8mb4_bin, "
                + "PRIMARY KEY (`session_id`), "
                + "KEY " + indexName + " (`expires`)"
                + ") ENGINE=InnoDB");
    }

    /**
     * Reads a batch of expired ids without locking, then deletes them by primary key, re-checking
     * expiry. Deleting by primary key locks rows in key order, as request statements do, so it cannot
     * deadlock with them (a range delete over the expiry index can).
     */
    @Override
    PruneBatch pruneBatch(Connection connection, long nowValue) throws SQLException {
        List<String> ids = new ArrayList<>();
        String select = "SELECT session_id FROM " + table + " WHERE " + deadCondition() + " LIMIT " + pruneBatchSize;
        try (PreparedStatement statement = connection.prepareStatement(select)) {
            statement.setLong(1, nowValue);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        if (ids.isEmpty()) {
            return new PruneBatch(0, 0);
        }
        String delete = "DELETE FROM " + table + " WHERE session_id IN (" + "?, ".repeat(ids.size() - 1) + "?) AND "
                + deadCondition();
        try (PreparedStatement statement = connection.prepareStatement(delete)) {
            int i = 1;
            for (String id : ids) {
                statement.setString(i++, id);
            }
            statement.setLong(i, nowValue);
            // A full batch means there may be more, even if a concurrent pruner deleted some of these first.
            return new PruneBatch(ids.size(), statement.executeUpdate());
        }
    }

    @Override
    boolean isMissingTable(SQLException e) {
        return e.getErrorCode() == 1146 || e.getErrorCode() == 1049 || "42S02".equals(e.getSQLState());
    }

    @Override
    boolean isTransient(SQLException e) {
        return super.isTransient(e) || e.getErrorCode() == 1213;
    }
}
