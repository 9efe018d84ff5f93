package dev.sojourn.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL on connect-pg-simple's table (spec §6): {@code sid varchar} primary key (constraint
 * {@code session_pkey}), {@code sess json}, {@code expire timestamp(6)} without time zone (index
 * {@code IDX_session_expire}). Timestamps travel as epoch seconds through {@code to_timestamp(?)},
 * exactly as connect-pg-simple sends them, so the stored wall-clock value is the same whichever
 * client wrote it, provided both use the same session {@code TimeZone} (or {@code zone} is set to
 * the zone Node's connections use).
 */
final class PostgresSql extends SqlDialect {
    /** connect-pg-simple's timestamps are capped here: the last second of year 9999. */
    private static final long MAX_SECONDS = 253_402_300_799L;

    private final String defaultTableName;
    private final String tableName;
    private final @Nullable String zoneLiteral;

    PostgresSql(@Nullable String schema, String table, @Nullable ZoneId zone, int pruneBatchSize) {
        super(schema, table, "\"", "sid", "sess", "expire", pruneBatchSize);
        this.defaultTableName = Dialect.POSTGRESQL.defaultTableName();
        this.tableName = table;
        this.zoneLiteral = zone == null ? null : "'" + zone.getId().replace("'", "''") + "'";
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    /** {@code ceil(expires / 1000)}, as connect-pg-simple. */
    @Override
    long expiryValue(long epochMillis) {
        return Math.min(MAX_SECONDS, ceilDiv1000(epochMillis));
    }

    /** {@code ceil(now / 1000)}, as connect-pg-simple's {@code currentTimestamp()}. */
    @Override
    long nowValue(long nowMillis) {
        return ceilDiv1000(nowMillis);
    }

    /** Without a cookie expiry: {@code ceil(ceil(now / 1000) + ttl)}, as connect-pg-simple. */
    @Override
    long expiryValue(@Nullable Instant cookieExpires, long nowMillis, long ttlMillis) {
        if (cookieExpires != null) {
            return expiryValue(cookieExpires.toEpochMilli());
        }
        return Math.min(MAX_SECONDS, nowValue(nowMillis) + ceilDiv1000(ttlMillis));
    }

    @Override
    String expiryParam() {
        return timestamp("?");
    }

    @Override
    String dataParam() {
        return "CAST(? AS json)";
    }

    @Override
    String liveCondition() {
        return "expire >= " + timestamp("?");
    }

    @Override
    String deadCondition() {
        return "expire < " + timestamp("?");
    }

    /** {@code to_timestamp(seconds)}, converted to the wall clock of {@code zone} when one is set. */
    private String timestamp(String seconds) {
        String value = "to_timestamp(" + seconds + ")";
        return zoneLiteral == null ? value : "(" + value + " AT TIME ZONE " + zoneLiteral + ")";
    }

    @Override
    String upsert() {
        return "INSERT INTO " + table + " (sid, sess, expire) VALUES (?, " + dataParam() + ", " + expiryParam()
                + ") ON CONFLICT (sid) DO UPDATE SET sess = EXCLUDED.sess, expire = EXCLUDED.expire";
    }

    /**
     * The patch as one statement: removes keys and merges the new attributes and cookie with jsonb
     * operators ({@code jsonb} reorders keys and normalises spacing; JSON readers do not care). The
     * row must be live by its {@code expire} column and by its {@code cookie.expires}, and well
     * formed; when it is not (or is missing), no row is updated and the caller falls back to the
     * locking path, which tells missing, expired and corrupt apart.
     *
     * <p>Params: removed keys (text[]), attributes and cookie to merge (a JSON object text), new
     * expiry, id, now ({@link #nowValue}), now in epoch milliseconds.
     */
    @Override
    String patchInPlace() {
        String expires = "sess -> 'cookie' ->> 'expires'";
        return "UPDATE " + table + " SET sess = ((sess::jsonb - CAST(? AS text[])) || CAST(? AS jsonb))::json, expire = "
                + expiryParam() + " WHERE sid = ? AND " + liveCondition()
                + " AND json_typeof(sess) = 'object' AND json_typeof(sess -> 'cookie') = 'object'"
                + " AND CASE coalesce(json_typeof(sess -> 'cookie' -> 'expires'), 'missing')"
                + " WHEN 'null' THEN true"
                + " WHEN 'boolean' THEN " + expires + " = 'false'"
                + " WHEN 'string' THEN CASE WHEN " + expires
                + " ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9}){0,1}Z$'"
                + " THEN CAST(" + expires + " AS timestamptz) > to_timestamp(CAST(? AS bigint) / 1000.0)"
                + " ELSE false END"
                + " ELSE false END";
    }

    @Override
    List<String> createTable() {
        boolean byDefault = tableName.equals(defaultTableName);
        String primaryKey = quoted(byDefault ? "session_pkey" : tableName + "_pkey", "\"");
        String index = quoted(byDefault ? "IDX_session_expire" : "IDX_" + tableName + "_expire", "\"");
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + table + " ("
                        + "sid varchar NOT NULL COLLATE \"default\", "
                        + "sess json NOT NULL, "
                        + "expire timestamp(6) NOT NULL, "
                        + "CONSTRAINT " + primaryKey + " PRIMARY KEY (sid))",
                "CREATE INDEX IF NOT EXISTS " + index + " ON " + table + " (expire)");
    }

    /** Locks a batch of expired rows, skipping rows that requests hold, and deletes them by primary key. */
    @Override
    PruneBatch pruneBatch(Connection connection, long nowValue) throws SQLException {
        String sql = "DELETE FROM " + table + " WHERE sid IN (SELECT sid FROM " + table + " WHERE " + deadCondition()
                + " LIMIT " + pruneBatchSize + " FOR UPDATE SKIP LOCKED)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, nowValue);
            return PruneBatch.of(statement.executeUpdate());
        }
    }

    @Override
    boolean isMissingTable(SQLException e) {
        return "42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState());
    }

    /** Whether a failure of {@link #patchInPlace()} is about the data (then the locking path decides). */
    static boolean isDataException(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("22");
    }
}
