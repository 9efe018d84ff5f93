package dev.sojourn.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sojourn.CookieData;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionJson;
import dev.sojourn.SessionRecord;
import dev.sojourn.tck.ManualClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JdbcStore shares express-mysql-session's table with Node on a real MariaDB: its own DDL keeps
 * express-mysql-session's columns, an existing express-mysql-session table works unchanged, and rows
 * either side writes are read by the other. "Node" is express-mysql-session's SQL (2.1 to 3.x).
 */
class MariaDbWireCompatibilityTest {
    /** express-mysql-session's schema.sql (2.1 and later), with the table renamed. */
    private static final String EXPRESS_MYSQL_SESSION_DDL = """
            CREATE TABLE IF NOT EXISTS `ems_sessions` (
              `session_id` varchar(128) COLLATE utf8mb4_bin NOT NULL,
              `expires` int(11) unsigned NOT NULL,
              `data` mediumtext COLLATE utf8mb4_bin,
              PRIMARY KEY (`session_id`)
            ) ENGINE=InnoDB""";
    private static final String TABLE = "wire_sessions";

    private final ManualClock clock = ManualClock.frozenNow();
    private DataSource db;
    private JdbcStore store;

    @BeforeEach
    void open() throws SQLException {
        db = TestDatabases.mariaDb();
        store = JdbcStore.builder(db).dialect(Dialect.MYSQL).tableName(TABLE).createTableIfMissing(true)
                .clock(clock).pruneInterval(null).build();
        TestDatabases.execute(db, "DELETE FROM " + TABLE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void createTableIfMissing_keepsExpressMysqlSessionsColumnsAndIndexesExpiry() throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = db.getConnection()) {
            query(connection, "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLLATION_NAME FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
                    row -> lines.add(row.getString(1) + " " + row.getString(2) + " " + row.getString(3) + " "
                            + row.getString(4)));
            query(connection, "SELECT INDEX_NAME, COLUMN_NAME, NON_UNIQUE FROM information_schema.STATISTICS"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX",
                    row -> lines.add("index " + row.getString(1) + " (" + row.getString(2) + ") non-unique="
                            + row.getInt(3)));
        }
        assertThat(lines).containsExactly(
                "session_id varchar(255) NO utf8mb4_nopad_bin",
                "expires int(11) unsigned NO null",
                "data mediumtext YES utf8mb4_bin",
                "index IDX_wire_sessions_expires (expires) non-unique=1",
                "index PRIMARY (session_id) non-unique=0");
    }

    private interface RowConsumer {
        void accept(ResultSet row) throws SQLException;
    }

    private static void query(Connection connection, String sql, RowConsumer consumer) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, TABLE);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    consumer.accept(row);
                }
            }
        }
    }

    @Test
    void existingExpressMysqlSessionTable_worksUnchanged() throws SQLException {
        TestDatabases.execute(db, "DROP TABLE IF EXISTS ems_sessions");
        TestDatabases.execute(db, EXPRESS_MYSQL_SESSION_DDL);
        try (JdbcStore theirs = JdbcStore.builder(db).dialect(Dialect.MYSQL).tableName("ems_sessions").verifyOnStart(true)
                .clock(clock).pruneInterval(null).build()) {
            Instant expires = clock.instant().plus(Duration.ofMinutes(10));
            theirs.set("sid-1", record(expires, Map.of("a", IntNode.valueOf(1))));
            assertThat(theirs.patch("sid-1", new SessionDelta(Map.of("b", IntNode.valueOf(2)), Set.of("a"), cookie(expires))))
                    .isTrue();
            theirs.touch("sid-1", cookie(expires.plus(Duration.ofHours(1))));
            assertThat(theirs.get("sid-1").orElseThrow().attributes()).isEqualTo(Map.of("b", IntNode.valueOf(2)));
            assertThat(theirs.length()).isEqualTo(1);
            clock.advance(Duration.ofHours(2));
            assertThat(theirs.pruneExpired()).isEqualTo(1);
        }
    }

    @Test
    void get_rowWrittenByExpressMysqlSession_isRead() throws SQLException {
        Instant expires = clock.instant().plus(Duration.ofMinutes(30));
        String json = "{\"cookie\":{\"originalMaxAge\":1800000,\"expires\":\""
                + PostgresWireCompatibilityTest.ISO.format(expires)
                + "\",\"secure\":false,\"httpOnly\":true,\"path\":\"/\"},\"views\":3,\"flash\":{}}";
        nodeSet("sid-node", json, nodeExpires(expires));
        SessionRecord read = store.get("sid-node").orElseThrow();
        assertThat(read).isEqualTo(SessionJson.read(json));
        assertThat(SessionJson.write(read)).isEqualTo(json);
    }

    @Test
    void set_writesTheExactJsonAndExpressMysqlSessionsExpiry() throws SQLException {
        Instant expires = clock.instant().plus(Duration.ofMinutes(10)).plusMillis(499);
        SessionRecord record = record(expires, Map.of("user", TextNode.valueOf("bob")));
        store.set("sid-java", record);
        assertThat(nodeGet("sid-java")).containsExactly(SessionJson.write(record), String.valueOf(nodeExpires(expires)));

        SessionRecord browser = record(null, Map.of());
        store.set("sid-browser", browser);
        assertThat(nodeGet("sid-browser")).containsExactly(SessionJson.write(browser),
                String.valueOf(Math.round((clock.millis() + 86_400_000L) / 1000.0)));
    }

    @Test
    void get_afterExpressMysqlSessionsExpiry_isEmpty() throws SQLException {
        // A browser-session record: only the expires column decides, compared as express-mysql-session does.
        long expiresSeconds = Math.round(clock.millis() / 1000.0) + 60;
        nodeSet("sid-col", SessionJson.write(record(null, Map.of())), expiresSeconds);
        clock.set(Instant.ofEpochSecond(expiresSeconds));
        assertThat(store.get("sid-col")).as("expires == round(now)").isPresent();
        clock.set(Instant.ofEpochSecond(expiresSeconds).plusMillis(500));
        assertThat(store.get("sid-col")).as("expires < round(now)").isEmpty();
    }

    // ---- express-mysql-session's statements ----

    private static long nodeExpires(Instant expires) {
        return Math.round(expires.toEpochMilli() / 1000.0);
    }

    private void nodeSet(String id, String json, long expires) throws SQLException {
        try (Connection connection = db.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO " + TABLE + " (session_id, expires, data) VALUES (?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE expires = VALUES(expires), data = VALUES(data)")) {
            statement.setString(1, id);
            statement.setLong(2, expires);
            statement.setString(3, json);
            statement.executeUpdate();
        }
    }

    /** The data and expires express-mysql-session's get selects (it then compares expires itself). */
    private List<String> nodeGet(String id) throws SQLException {
        try (Connection connection = db.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "SELECT data AS data, expires as expires FROM " + TABLE + " WHERE session_id = ?")) {
            statement.setString(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? List.of(row.getString(1), row.getString(2)) : List.of();
            }
        }
    }

    private static CookieData cookie(@Nullable Instant expires) {
        return new CookieData(expires == null ? null : 600_000L, null, null, expires, null, true, null, "/", null);
    }

    private static SessionRecord record(@Nullable Instant expires, Map<String, JsonNode> attributes) {
        return new SessionRecord(cookie(expires), attributes);
    }
}
