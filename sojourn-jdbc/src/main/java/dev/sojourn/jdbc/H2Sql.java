package dev.sojourn.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * H2 2.x on Sojourn's table: {@code sid varchar(255)} primary key, {@code sess clob} (the JSON text),
 * {@code expires bigint} in epoch milliseconds, indexed. Identifiers of the table are quoted (so
 * case-sensitive); column names are plain and therefore upper-cased by H2 in DDL and queries alike.
 * Row locks wait at most H2's {@code LOCK_TIMEOUT} (default one second): raise it for busy sites.
 */
final class H2Sql extends MillisecondExpirySql {
    private final String indexName;

    H2Sql(@Nullable String schema, String table, int pruneBatchSize) {
        super(schema, table, pruneBatchSize);
        this.indexName = quoted("IDX_" + table + "_expires", "\"");
    }

    @Override
    Dialect dialect() {
        return Dialect.H2;
    }

    @Override
    String upsert() {
        return "MERGE INTO " + table + " t USING (VALUES (CAST(? AS VARCHAR(255)), CAST(? AS CLOB), CAST(? AS BIGINT)))"
                + " s(sid, sess, expires) ON t.sid = s.sid"
                + " WHEN MATCHED THEN UPDATE SET sess = s.sess, expires = s.expires"
                + " WHEN NOT MATCHED THEN INSERT (sid, sess, expires) VALUES (s.sid, s.sess, s.expires)";
    }

    @Override
    List<String> createTable() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + table + " ("
                        + "sid VARCHAR(255) NOT NULL PRIMARY KEY, "
                        + "sess CLOB NOT NULL, "
                        + "expires BIGINT NOT NULL)",
                "CREATE INDEX IF NOT EXISTS " + indexName + " ON " + table + " (expires)");
    }

    @Override
    PruneBatch pruneBatch(Connection connection, long nowValue) throws SQLException {
        String sql = "DELETE FROM " + table + " WHERE " + deadCondition() + " FETCH FIRST " + pruneBatchSize + " ROWS ONLY";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, nowValue);
            return PruneBatch.of(statement.executeUpdate());
        }
    }

    /** Two concurrent MERGEs of a new id can both try to insert: the loser's retry updates. */
    @Override
    boolean isTransient(SQLException e) {
        return super.isTransient(e) || "23505".equals(e.getSQLState());
    }

    @Override
    boolean isMissingTable(SQLException e) {
        int code = e.getErrorCode();
        return code == 42102 || code == 42103 || code == 90079 || "42S02".equals(e.getSQLState());
    }
}
