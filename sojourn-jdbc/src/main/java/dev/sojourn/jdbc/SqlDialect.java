package dev.sojourn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of one dialect for one table: statement texts, how expiry instants become column values,
 * and the few behaviours that differ (upsert, transactions, pruning, error codes). Immutable.
 *
 * <p>Every statement binds its parameters in the order documented on its method, the same for all
 * dialects. "Now" parameters are always {@link #nowValue(long)} of the store's clock, never the
 * database's clock, so tests can move time and servers with skewed clocks agree.
 */
abstract sealed class SqlDialect permits PostgresSql, MySqlSql, MillisecondExpirySql {
    /** The schema-qualified, quoted table name. */
    final String table;
    /** The table as shown in messages (unquoted, schema-qualified). */
    final String tableDisplay;
    final String idColumn;
    final String dataColumn;
    final String expiryColumn;
    final int pruneBatchSize;

    SqlDialect(@Nullable String schema, String table, String quote, String idColumn, String dataColumn,
            String expiryColumn, int pruneBatchSize) {
        this.table = (schema == null ? "" : quoted(schema, quote) + ".") + quoted(table, quote);
        this.tableDisplay = (schema == null ? "" : schema + ".") + table;
        this.idColumn = idColumn;
        this.dataColumn = dataColumn;
        this.expiryColumn = expiryColumn;
        this.pruneBatchSize = pruneBatchSize;
    }

    /** An identifier between {@code quote} characters, embedded quote characters doubled. */
    static String quoted(String identifier, String quote) {
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    abstract Dialect dialect();

    // ---- expiry values ----

    /** The expiry column's value for a session that expires at {@code epochMillis}. */
    abstract long expiryValue(long epochMillis);

    /** The value compared with the expiry column by {@link #liveCondition()} at {@code nowMillis}. */
    abstract long nowValue(long nowMillis);

    /** The expiry column's value for a session with this cookie expiry (null: {@code now + ttl}). */
    long expiryValue(@Nullable Instant cookieExpires, long nowMillis, long ttlMillis) {
        return expiryValue(cookieExpires != null ? cookieExpires.toEpochMilli() : nowMillis + ttlMillis);
    }

    // ---- fragments ----

    /** The placeholder expression of an expiry column value. */
    String expiryParam() {
        return "?";
    }

    /** The placeholder expression of a JSON text written to the data column. */
    String dataParam() {
        return "?";
    }

    /** The condition a row that has not expired satisfies; one parameter: {@link #nowValue}. */
    abstract String liveCondition();

    /** The negation of {@link #liveCondition()}; one parameter: {@link #nowValue}. */
    abstract String deadCondition();

    String lockSuffix() {
        return " FOR UPDATE";
    }

    // ---- statements ----

    /** Params: id, now. Columns: id, data. */
    String selectLive() {
        return "SELECT " + idColumn + ", " + dataColumn + " FROM " + table + " WHERE " + idColumn + " = ? AND "
                + liveCondition();
    }

    /** Params: id, now. Columns: id, data. Locks the row until the transaction ends. */
    String selectLiveForUpdate() {
        return selectLive() + lockSuffix();
    }

    /** Params: now. Columns: id, data. */
    String selectAllLive() {
        return "SELECT " + idColumn + ", " + dataColumn + " FROM " + table + " WHERE " + liveCondition();
    }

    /** Params: id, data, expiry. Inserts or replaces. */
    abstract String upsert();

    /** Params: data, expiry, id. */
    String update() {
        return "UPDATE " + table + " SET " + dataColumn + " = " + dataParam() + ", " + expiryColumn + " = "
                + expiryParam() + " WHERE " + idColumn + " = ?";
    }

    /** Params: data, id. Leaves the expiry column as it is. */
    String updateData() {
        return "UPDATE " + table + " SET " + dataColumn + " = " + dataParam() + " WHERE " + idColumn + " = ?";
    }

    /** Params: id. */
    String delete() {
        return "DELETE FROM " + table + " WHERE " + idColumn + " = ?";
    }

    /** No params. */
    String deleteAll() {
        return "DELETE FROM " + table;
    }

    /** No params; fails unless the table and its three columns exist. */
    String probe() {
        return "SELECT " + idColumn + ", " + dataColumn + ", " + expiryColumn + " FROM " + table + " WHERE 1 = 0";
    }

    /** The DDL: the table and its expiry index, each only if missing. */
    abstract List<String> createTable();

    /** The DDL for the server behind {@code connection} (where it matters, MySQL asks for its collations). */
    List<String> createTable(Connection connection) throws SQLException {
        return createTable();
    }

    /**
     * Deletes at most {@link #pruneBatchSize} expired rows in one short autocommitted statement (or
     * two), without waiting on rows that requests hold locked where the dialect allows it.
     */
    abstract PruneBatch pruneBatch(Connection connection, long nowValue) throws SQLException;

    /**
     * What one prune batch did.
     *
     * @param found the expired rows it selected (a full batch means there may be more)
     * @param deleted the rows it deleted (fewer than found when a concurrent pruner was faster)
     */
    record PruneBatch(int found, int deleted) {
        static PruneBatch of(int deleted) {
            return new PruneBatch(deleted, deleted);
        }
    }

    /** The one-statement patch, or null when the dialect has none (see {@link PostgresSql}). */
    @Nullable String patchInPlace() {
        return null;
    }

    // ---- transactions and errors ----

    /** Starts a transaction whose locking reads take write locks at once. */
    void begin(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
    }

    void commit(Connection connection) throws SQLException {
        connection.commit();
    }

    void rollback(Connection connection) throws SQLException {
        connection.rollback();
    }

    /** Restores the connection after {@link #begin}, committed or not. */
    void end(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
    }

    /**
     * Whether the database admits one writer at a time (SQLite): the store then queues its own writes
     * on a fair lock instead of letting them poll for the database lock.
     */
    boolean singleWriter() {
        return false;
    }

    /** Whether the failure says the table (or its schema) does not exist. */
    abstract boolean isMissingTable(SQLException e);

    /** Whether the failure is a deadlock or serialisation failure that a retry may cure. */
    boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("40001") || state.equals("40P01"));
    }

    static int executeUpdate(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    static long ceilDiv1000(long millis) {
        return Math.floorDiv(millis + 999, 1000);
    }

    @Override
    public String toString() {
        return dialect().displayName() + " " + tableDisplay;
    }
}
