package dev.sojourn.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JdbcStore shares connect-pg-simple's table with Node: the same layout, rows either side writes are
 * read by the other, and expiry means the same thing. "Node" here is connect-pg-simple's SQL (10.0.0,
 * spec §6) run with untyped parameters, as node-postgres sends them.
 */
class PostgresWireCompatibilityTest {
    /** connect-pg-simple's table.sql, verbatim apart from the schema set by search_path. */
    private static final String CONNECT_PG_SIMPLE_DDL = """
            CREATE TABLE "session" (
              "sid" varchar NOT NULL COLLATE "default",
              "sess" json NOT NULL,
              "expire" timestamp(6) NOT NULL
            )
            WITH (OIDS=FALSE);

            ALTER TABLE "session" ADD CONSTRAINT "session_pkey" PRIMARY KEY ("sid") NOT DEFERRABLE INITIALLY IMMEDIATE;

            CREATE INDEX "IDX_session_expire" ON "session" ("expire");
            """;
    private static final String TABLE = "wire.\"session\"";
    /** JavaScript's {@code Date.prototype.toISOString()}. */
    static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ManualClock clock = ManualClock.frozenNow();
    private DataSource db;
    private JdbcStore store;

    @BeforeAll
    static void schemas() throws SQLException {
        DataSource db = TestDatabases.postgres();
        TestDatabases.execute(db, "DROP SCHEMA IF EXISTS node_layout CASCADE");
        TestDatabases.execute(db, "DROP SCHEMA IF EXISTS sojourn_layout CASCADE");
        TestDatabases.execute(db, "CREATE SCHEMA IF NOT EXISTS wire");
    }

    @BeforeEach
    void open() throws SQLException {
        db = TestDatabases.postgres();
        store = JdbcStore.builder(db).dialect(Dialect.POSTGRESQL).schemaName("wire").createTableIfMissing(true)
                .clock(clock).pruneInterval(null).build();
        TestDatabases.execute(db, "DELETE FROM " + TABLE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void createTableIfMissing_makesExactlyConnectPgSimplesTable() throws SQLException {
        TestDatabases.execute(db, "CREATE SCHEMA node_layout");
        try (Connection connection = TestDatabases.unpooledPostgresConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO node_layout");
            statement.execute(CONNECT_PG_SIMPLE_DDL);
        }
        TestDatabases.execute(db, "CREATE SCHEMA sojourn_layout");
        JdbcStore.builder(db).dialect(Dialect.POSTGRESQL).schemaName("sojourn_layout").createTableIfMissing(true)
                .pruneInterval(null).build().close();

        List<String> ours = layout("sojourn_layout");
        assertThat(ours).isEqualTo(layout("node_layout"));
        assertThat(ours).containsExactly(
                "column sid character varying NO precision=null collation=null",
                "column sess json NO precision=null collation=null",
                "column expire timestamp without time zone NO precision=6 collation=null",
                "constraint session_pkey p PRIMARY KEY (sid) deferrable=false",
                "index IDX_session_expire CREATE INDEX \"IDX_session_expire\" ON SCHEMA.session USING btree (expire)",
                "index session_pkey CREATE UNIQUE INDEX session_pkey ON SCHEMA.session USING btree (sid)");
    }

    private List<String> layout(String schema) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = db.getConnection()) {
            query(connection, "SELECT column_name, data_type, is_nullable, datetime_precision, collation_name"
                    + " FROM information_schema.columns WHERE table_schema = ? AND table_name = 'session'"
                    + " ORDER BY ordinal_position", schema, row -> lines.add("column " + row.getString(1) + " "
                    + row.getString(2) + " " + row.getString(3) + " precision=" + row.getObject(4)
                    + " collation=" + row.getString(5)));
            query(connection, "SELECT conname, contype, pg_get_constraintdef(c.oid), condeferrable FROM pg_constraint c"
                    + " JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = ? ORDER BY conname", schema,
                    row -> lines.add("constraint " + row.getString(1) + " " + row.getString(2) + " " + row.getString(3)
                            + " deferrable=" + row.getBoolean(4)));
            query(connection, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = ? AND tablename = 'session'"
                    + " ORDER BY indexname", schema,
                    row -> lines.add("index " + row.getString(1) + " " + row.getString(2).replace(schema + ".", "SCHEMA.")));
        }
        return lines;
    }

    private interface RowConsumer {
        void accept(ResultSet row) throws SQLException;
    }

    private static void query(Connection connection, String sql, String parameter, RowConsumer consumer)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    consumer.accept(row);
                }
            }
        }
    }

    // ---- Node writes, Java reads ----

    @Test
    void get_rowWrittenByConnectPgSimple_isRead() throws SQLException {
        Instant expires = clock.instant().plus(Duration.ofMinutes(30));
        String json = "{\"cookie\":{\"originalMaxAge\":1800000,\"expires\":\"" + ISO.format(expires)
                + "\",\"secure\":false,\"httpOnly\":true,\"path\":\"/\"},\"views\":3,\"passport\":{\"user\":\"alice\"}}";
        nodeSet("sid-node", json, nodeExpire(expires));

        SessionRecord read = store.get("sid-node").orElseThrow();
        assertThat(read).isEqualTo(SessionJson.read(json));
        assertThat(List.copyOf(read.attributes().keySet())).containsExactly("views", "passport");
        assertThat(SessionJson.write(read)).as("re-serialised by Java").isEqualTo(json);
    }

    @Test
    void get_rowTouchedByConnectPgSimple_staysReadableUntilItsCookieExpires() throws SQLException {
        Instant expires = clock.instant().plus(Duration.ofMinutes(30));
        SessionRecord record = record(expires, Map.of("views", IntNode.valueOf(1)));
        store.set("sid-touched", record);
        nodeTouch("sid-touched", nodeExpire(expires.plus(Duration.ofHours(1))));
        clock.advance(Duration.ofMinutes(29));
        assertThat(store.get("sid-touched")).contains(record);
        clock.advance(Duration.ofMinutes(1));
        assertThat(store.get("sid-touched")).as("the stored cookie.expires is checked too").isEmpty();
    }

    @Test
    void get_rowWhoseExpireColumnPassed_isNotReadEvenIfItsCookieSaysOtherwise() throws SQLException {
        Instant cookieExpires = clock.instant().plus(Duration.ofHours(1));
        nodeSet("sid-col", SessionJson.write(record(cookieExpires, Map.of())), nodeNow() - 1);
        assertThat(store.get("sid-col")).isEmpty();
    }

    // ---- Java writes, Node reads ----

    @Test
    void set_writesTheExactJsonAndConnectPgSimplesExpiry() throws SQLException {
        Instant expires = clock.instant().plus(Duration.ofMinutes(10)).plusMillis(1);
        SessionRecord record = record(expires, Map.of("views", IntNode.valueOf(2), "user", TextNode.valueOf("bob")));
        store.set("sid-java", record);

        assertThat(nodeGet("sid-java")).contains(SessionJson.write(record));
        assertThat(expireEquals("sid-java", nodeExpire(expires))).as("expire = to_timestamp(ceil(expires / 1000))").isTrue();
    }

    @Test
    void set_browserSessionCookie_expiresAfterConnectPgSimplesDefaultTtl() throws SQLException {
        SessionRecord record = record(null, Map.of("a", IntNode.valueOf(1)));
        store.set("sid-browser", record);
        assertThat(expireEquals("sid-browser", nodeNow() + 86_400)).as("expire = ceil(now) + ttl").isTrue();
        assertThat(nodeGet("sid-browser")).contains(SessionJson.write(record));
    }

    @Test
    void touch_movesTheExpireColumnAsConnectPgSimpleWould() throws SQLException {
        store.set("sid-t", record(clock.instant().plus(Duration.ofMinutes(1)), Map.of("a", IntNode.valueOf(1))));
        Instant later = clock.instant().plus(Duration.ofHours(2));
        store.touch("sid-t", cookie(later));
        assertThat(expireEquals("sid-t", nodeExpire(later))).isTrue();
        assertThat(SessionJson.read(nodeGet("sid-t").orElseThrow()).cookie().expires()).isEqualTo(later);
    }

    @Test
    void patch_isOneStatementAndLeavesARecordNodeReads() throws SQLException {
        Instant expires = clock.instant().plus(Duration.ofHours(1));
        Map<String, JsonNode> data = new LinkedHashMap<>();
        data.put("keep", TextNode.valueOf("k"));
        data.put("drop", TextNode.valueOf("d"));
        store.set("sid-p", record(expires, data));
        AtomicInteger connections = new AtomicInteger();
        Instant later = expires.plus(Duration.ofHours(1));
        try (JdbcStore counted = JdbcStore.builder(JdbcStoreContractTest.counting(db, connections))
                .dialect(Dialect.POSTGRESQL).schemaName("wire").clock(clock).pruneInterval(null).build()) {
            assertThat(counted.patch("sid-p", new SessionDelta(Map.of("added", IntNode.valueOf(5)), Set.of("drop"),
                    cookie(later)))).isTrue();
        }
        assertThat(connections).as("statements").hasValue(1);
        SessionRecord patched = SessionJson.read(nodeGet("sid-p").orElseThrow());
        assertThat(patched.cookie()).isEqualTo(cookie(later));
        assertThat(new LinkedHashMap<>(patched.attributes()))
                .isEqualTo(Map.of("keep", TextNode.valueOf("k"), "added", IntNode.valueOf(5)));
        assertThat(expireEquals("sid-p", nodeExpire(later))).isTrue();
    }

    @Test
    void patch_recordJsonbCannotHold_fallsBackToTheLockingPathAndKeepsTheText() throws SQLException {
        Instant expires = clock.instant().plus(Duration.ofHours(1));
        store.set("sid-nul", record(expires, Map.of("nul", TextNode.valueOf("a\u0000b"))));
        assertThat(store.patch("sid-nul", new SessionDelta(Map.of("n", IntNode.valueOf(1)), Set.of(), cookie(expires))))
                .isTrue();
        Map<String, JsonNode> attributes = new LinkedHashMap<>();
        attributes.put("nul", TextNode.valueOf("a\u0000b"));
        attributes.put("n", IntNode.valueOf(1));
        SessionRecord expected = record(expires, attributes);
        assertThat(nodeGet("sid-nul")).contains(SessionJson.write(expected));
    }

    // ---- time zones ----

    @Test
    void timeZone_matchingNodesConnections_agreesOnExpiry() throws SQLException {
        String zone = "Pacific/Auckland";
        try (JdbcStore zoned = JdbcStore.builder(db).dialect(Dialect.POSTGRESQL).schemaName("wire")
                .timeZone(ZoneId.of(zone)).clock(clock).pruneInterval(null).build()) {
            // A browser-session record: only the expire column decides.
            long expire = nodeNow() + 600;
            try (Connection node = TestDatabases.unpooledPostgresConnection()) { // SET TIME ZONE must not reach the pool
                setTimeZone(node, zone);
                nodeSet(node, "sid-tz", SessionJson.write(record(null, Map.of())), expire);
            }
            clock.set(Instant.ofEpochSecond(expire).minusSeconds(1));
            assertThat(zoned.get("sid-tz")).as("a second before Node's expiry").isPresent();
            clock.set(Instant.ofEpochSecond(expire).plusSeconds(1));
            assertThat(zoned.get("sid-tz")).as("a second after Node's expiry").isEmpty();

            Instant expires = clock.instant().plus(Duration.ofMinutes(5));
            zoned.set("sid-tz-java", record(expires, Map.of()));
            try (Connection node = TestDatabases.unpooledPostgresConnection()) { // SET TIME ZONE must not reach the pool
                setTimeZone(node, zone);
                assertThat(expireEquals(node, "sid-tz-java", nodeExpire(expires))).as("Node's view of Java's row").isTrue();
            }
        }
    }

    private static void setTimeZone(Connection connection, String zone) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TIME ZONE '" + zone + "'");
        }
    }

    // ---- pruning ----

    @Test
    void pruneExpired_skipsRowsThatRequestsHoldLocked() throws Exception {
        long past = nodeNow() - 60;
        for (String id : List.of("sid-old-1", "sid-old-2", "sid-old-locked")) {
            nodeSet(id, SessionJson.write(record(null, Map.of())), past);
        }
        try (Connection request = db.getConnection()) {
            request.setAutoCommit(false);
            try (PreparedStatement lock = request.prepareStatement("SELECT sid FROM " + TABLE + " WHERE sid = ? FOR UPDATE")) {
                lock.setString(1, "sid-old-locked");
                lock.executeQuery().close();
            }
            long deleted = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> store.pruneExpired());
            assertThat(deleted).isEqualTo(2);
            request.commit();
        }
        assertThat(store.pruneExpired()).isEqualTo(1);
    }

    // ---- connect-pg-simple's statements ----

    private long nodeNow() {
        return (long) Math.ceil(clock.millis() / 1000.0);
    }

    private static long nodeExpire(Instant expires) {
        return (long) Math.ceil(expires.toEpochMilli() / 1000.0);
    }

    private void nodeSet(String sid, String json, long expire) throws SQLException {
        try (Connection connection = db.getConnection()) {
            nodeSet(connection, sid, json, expire);
        }
    }

    private static void nodeSet(Connection connection, String sid, String json, long expire) throws SQLException {
        String sql = "INSERT INTO " + TABLE + " (sess, expire, sid) SELECT ?, to_timestamp(?), ?"
                + " ON CONFLICT (sid) DO UPDATE SET sess = ?, expire = to_timestamp(?) RETURNING sid";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            untyped(statement, 1, json);
            untyped(statement, 2, expire);
            untyped(statement, 3, sid);
            untyped(statement, 4, json);
            untyped(statement, 5, expire);
            statement.executeQuery().close();
        }
    }

    private void nodeTouch(String sid, long expire) throws SQLException {
        try (Connection connection = db.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "UPDATE " + TABLE + " SET expire = to_timestamp(?) WHERE sid = ? RETURNING sid")) {
            untyped(statement, 1, expire);
            untyped(statement, 2, sid);
            statement.executeQuery().close();
        }
    }

    private Optional<String> nodeGet(String sid) throws SQLException {
        try (Connection connection = db.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "SELECT sess FROM " + TABLE + " WHERE sid = ? AND expire >= to_timestamp(?)")) {
            untyped(statement, 1, sid);
            untyped(statement, 2, nodeNow());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    private boolean expireEquals(String sid, long seconds) throws SQLException {
        try (Connection connection = db.getConnection()) {
            return expireEquals(connection, sid, seconds);
        }
    }

    private static boolean expireEquals(Connection connection, String sid, long seconds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM " + TABLE + " WHERE sid = ? AND expire = to_timestamp(?)")) {
            untyped(statement, 1, sid);
            untyped(statement, 2, seconds);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1) == 1;
            }
        }
    }

    /** A parameter of no declared type, as node-postgres sends every parameter. */
    private static void untyped(PreparedStatement statement, int index, Object value) throws SQLException {
        statement.setObject(index, String.valueOf(value), Types.OTHER);
    }

    private static CookieData cookie(@Nullable Instant expires) {
        Long maxAge = expires == null ? null : 3_600_000L;
        return new CookieData(maxAge, null, null, expires, null, true, null, "/", null);
    }

    private static SessionRecord record(@Nullable Instant expires, Map<String, JsonNode> attributes) {
        return new SessionRecord(cookie(expires), attributes);
    }
}
