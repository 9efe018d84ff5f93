package dev.sojourn.jdbc;

import dev.sojourn.CookieData;
import dev.sojourn.CorruptSessionException;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionIds;
import dev.sojourn.SessionJson;
import dev.sojourn.SessionRecord;
import dev.sojourn.SessionStore;
import dev.sojourn.SessionStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SessionStore} in one SQL table reached through any {@link DataSource} (bring a pool such
 * as HikariCP). The table is wire-compatible with Node's stores where one exists: connect-pg-simple's
 * on PostgreSQL and express-mysql-session's on MySQL/MariaDB, so Java and Node applications can
 * share sessions (see {@link Dialect}).
 *
 * <ul>
 *   <li><b>Expiry</b> is the row's expiry column, computed from the cookie's {@code expires} (or now +
 *       {@link Builder#defaultTtl(Duration)} for a browser-session cookie) as the Node store does, and
 *       compared with the store's {@link Clock}, never the database's. A record whose
 *       {@code cookie.expires} has passed is not returned either.</li>
 *   <li><b>{@link #patch} and {@link #touch}</b> lock the row ({@code SELECT … FOR UPDATE}; SQLite:
 *       {@code BEGIN IMMEDIATE}), merge in Java and write back in one transaction, so parallel
 *       requests never lose each other's changes; {@link #increment} takes the same path and leaves the
 *       expiry column alone. On PostgreSQL a patch is first tried as one
 *       {@code UPDATE} merging with {@code jsonb} operators; {@code jsonb} reorders the record's keys
 *       (JSON readers, Node's included, do not care).</li>
 *   <li><b>{@link #touch}</b> moves the expiry column and also rewrites the stored {@code cookie}
 *       (connect-pg-simple and express-mysql-session move only the column), so the stored
 *       {@code cookie.expires} stays true.</li>
 *   <li><b>Pruning</b>: expired rows are deleted every {@link Builder#pruneInterval(Duration)} on a
 *       daemon thread, in batches of {@link Builder#pruneBatchSize(int)} rows, each its own short
 *       statement that deletes by primary key (and on PostgreSQL skips rows requests hold locked), so
 *       it neither blocks request traffic for long nor deadlocks with it.</li>
 *   <li><b>Failures</b>: {@link SessionStoreException}s naming the store, dialect and operation, with
 *       only a redacted session id; unreadable records are {@link CorruptSessionException}s; a missing
 *       table says so and how to create it. Deadlocks and serialisation failures are retried twice.</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} stops the pruning thread; the data source stays the caller's.
 */
public final class JdbcStore implements SessionStore, AutoCloseable {
    /** The lifetime of a session whose cookie has no expiry: one day, connect-pg-simple's {@code ttl}. */
    public static final Duration DEFAULT_TTL = Duration.ofDays(1);
    /** How often expired rows are deleted: 15 minutes, connect-pg-simple's {@code pruneSessionInterval}. */
    public static final Duration DEFAULT_PRUNE_INTERVAL = Duration.ofMinutes(15);
    /** The most rows one prune statement deletes. */
    public static final int DEFAULT_PRUNE_BATCH_SIZE = 500;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

    private final DataSource dataSource;
    private final SqlDialect sql;
    private final SqlRunner runner;
    private final Clock clock;
    private final long ttlMillis;
    private final @Nullable Pruner pruner;
    private volatile boolean closed;

    private JdbcStore(Builder builder, SqlDialect sql) {
        this.dataSource = builder.dataSource;
        this.sql = sql;
        this.runner = new SqlRunner(builder.dataSource, sql);
        this.clock = builder.clock;
        this.ttlMillis = builder.defaultTtl.toMillis();
        Duration interval = builder.pruneInterval;
        this.pruner = interval == null || interval.isZero()
                ? null
                : new Pruner("sojourn-jdbc-prune-" + sql.tableDisplay, interval, this::pruneExpired);
    }

    /** A builder for a store on {@code dataSource}. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The dialect in use (given or detected). */
    public Dialect dialect() {
        return sql.dialect();
    }

    @Override
    public Optional<SessionRecord> get(String id) {
        Objects.requireNonNull(id, "id");
        long now = clock.millis();
        String json = runner.read("get", id, connection -> selectLive(connection, sql.selectLive(), "get", id, now));
        if (json == null) {
            return Optional.empty();
        }
        SessionRecord record = parse("get", id, json);
        return record.isExpiredAt(now) ? Optional.empty() : Optional.of(record);
    }

    @Override
    public void set(String id, SessionRecord record) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(record, "record");
        long now = clock.millis();
        if (record.isExpiredAt(now)) {
            destroy(id);
            return;
        }
        String json = SessionJson.write(record);
        long expiry = sql.expiryValue(record.cookie().expires(), now, ttlMillis);
        runner.write("set", id, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.upsert())) {
                statement.setString(1, id);
                statement.setString(2, json);
                statement.setLong(3, expiry);
                return statement.executeUpdate();
            }
        });
    }

    @Override
    public void destroy(String id) {
        Objects.requireNonNull(id, "id");
        runner.write("destroy", id, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.delete())) {
                statement.setString(1, id);
                return statement.executeUpdate();
            }
        });
    }

    /** Stores {@code cookie} in the live session and moves its expiry; a missing or expired session is left alone. */
    @Override
    public void touch(String id, CookieData cookie) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cookie, "cookie");
        modify("touch", id, false, record -> record.withCookie(cookie));
    }

    @Override
    public boolean patch(String id, SessionDelta delta) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(delta, "delta");
        String inPlace = sql.patchInPlace();
        long now = clock.millis();
        if (inPlace != null && !delta.set().containsKey(SessionJson.COOKIE_KEY) && !delta.cookie().isExpiredAt(now)
                && patchInPlace(inPlace, id, delta, now)) {
            return true;
        }
        return modify("patch", id, false, record -> record.apply(delta));
    }

    /**
     * Locks the live row, adds in Java and writes the record back in one transaction, as the locking
     * path of {@link #patch} does; the expiry column is left as it is.
     */
    @Override
    public Optional<SessionRecord> increment(String id, String key, long by) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        SessionRecord[] result = {null};
        boolean applied = modify("increment", id, true, record -> {
            result[0] = record.incremented(key, by);
            return result[0];
        });
        return applied ? Optional.of(result[0]) : Optional.empty();
    }

    /** Every live session by id. Reads every row; meant for administration, not for requests. Unreadable rows are skipped. */
    @Override
    public Map<String, SessionRecord> all() {
        long now = clock.millis();
        return runner.read("all", null, connection -> {
            Map<String, SessionRecord> live = new LinkedHashMap<>();
            forEachLive(connection, now, (id, record) -> live.put(id, record));
            return live;
        });
    }

    /** The number of live sessions. Reads every row (expiry is in the JSON as well); meant for administration. */
    @Override
    public long length() {
        long now = clock.millis();
        return runner.read("length", null, connection -> {
            long[] count = {0};
            forEachLive(connection, now, (id, record) -> count[0]++);
            return count[0];
        });
    }

    /** Deletes every row of the table. */
    @Override
    public void clear() {
        runner.write("clear", null, connection -> SqlDialect.executeUpdate(connection, sql.deleteAll()));
    }

    /**
     * Deletes every expired row now, in batches of {@link Builder#pruneBatchSize(int)} rows, each its own
     * statement; what the pruning thread runs.
     *
     * @return the number of rows this call deleted
     */
    public long pruneExpired() {
        long nowValue = sql.nowValue(clock.millis());
        long deleted = 0;
        SqlDialect.PruneBatch batch;
        do {
            batch = runner.write("prune", null, connection -> sql.pruneBatch(connection, nowValue));
            deleted += batch.deleted();
        } while (batch.found() >= sql.pruneBatchSize && !closed && !Thread.currentThread().isInterrupted());
        return deleted;
    }

    /**
     * Checks that the database answers and the table has the expected columns, for a clear failure at
     * start-up rather than at the first request.
     *
     * @throws SessionStoreException with a one-line message when the database cannot be reached or the table is missing
     */
    public void verify() {
        SqlRunner.verify(dataSource, sql);
    }

    /** Stops the pruning thread. The data source is not closed. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (pruner != null) {
            pruner.close();
        }
    }

    // ---- internals ----

    private @Nullable String selectLive(Connection connection, String query, String operation, String id, long now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, id);
            statement.setLong(2, sql.nowValue(now));
            try (ResultSet row = statement.executeQuery()) {
                // The id must match exactly (a MySQL PAD SPACE or case-insensitive collation matches more).
                if (!row.next() || !id.equals(row.getString(1))) {
                    return null;
                }
                String json = row.getString(2);
                if (json == null) {
                    throw new CorruptSessionException(runner.describe(operation, id) + ": the stored session has no data");
                }
                return json;
            }
        }
    }

    private boolean patchInPlace(String statementText, String id, SessionDelta delta, long now) {
        String merge = SessionJson.write(new SessionRecord(delta.cookie(), delta.set()));
        long expiry = sql.expiryValue(delta.cookie().expires(), now, ttlMillis);
        return runner.write("patch", id, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(statementText)) {
                statement.setArray(1, connection.createArrayOf("text", delta.removed().toArray()));
                statement.setString(2, merge);
                statement.setLong(3, expiry);
                statement.setString(4, id);
                statement.setLong(5, sql.nowValue(now));
                statement.setLong(6, now);
                return statement.executeUpdate() == 1;
            } catch (SQLException e) {
                if (PostgresSql.isDataException(e)) {
                    return false; // e.g. \u0000 in a string, which jsonb refuses: the locking path handles it
                }
                throw e;
            }
        });
    }

    /**
     * Locks the live row, changes its record in Java and writes it back (or deletes it when the change
     * expires it), in one transaction. With {@code keepExpiry} the expiry column is not rewritten.
     *
     * @return false, changing nothing, when there is no live session
     */
    private boolean modify(String operation, String id, boolean keepExpiry, UnaryOperator<SessionRecord> change) {
        return runner.write(operation, id, connection -> {
            sql.begin(connection);
            boolean ended = false;
            try {
                boolean applied = modifyLocked(connection, operation, id, keepExpiry, change);
                if (applied) {
                    sql.commit(connection);
                } else {
                    sql.rollback(connection); // releases the lock of a row found expired
                }
                ended = true;
                return applied;
            } catch (SQLException | RuntimeException e) {
                try {
                    sql.rollback(connection);
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            } finally {
                try {
                    sql.end(connection);
                } catch (SQLException e) {
                    if (ended) {
                        throw e;
                    }
                }
            }
        });
    }

    /** The body of {@link #modify}, inside the transaction: false when there is no live session. */
    private boolean modifyLocked(Connection connection, String operation, String id, boolean keepExpiry,
            UnaryOperator<SessionRecord> change) throws SQLException {
        long now = clock.millis();
        String json = selectLive(connection, sql.selectLiveForUpdate(), operation, id, now);
        if (json == null) {
            return false;
        }
        SessionRecord current = parse(operation, id, json);
        if (current.isExpiredAt(now)) {
            return false;
        }
        SessionRecord next = change.apply(current);
        if (next.isExpiredAt(now)) {
            try (PreparedStatement statement = connection.prepareStatement(sql.delete())) {
                statement.setString(1, id);
                statement.executeUpdate();
            }
        } else if (keepExpiry) {
            try (PreparedStatement statement = connection.prepareStatement(sql.updateData())) {
                statement.setString(1, SessionJson.write(next));
                statement.setString(2, id);
                statement.executeUpdate();
            }
        } else {
            try (PreparedStatement statement = connection.prepareStatement(sql.update())) {
                statement.setString(1, SessionJson.write(next));
                statement.setLong(2, sql.expiryValue(next.cookie().expires(), now, ttlMillis));
                statement.setString(3, id);
                statement.executeUpdate();
            }
        }
        return true;
    }

    private interface RowVisitor {
        void visit(String id, SessionRecord record);
    }

    private void forEachLive(Connection connection, long now, RowVisitor visitor) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql.selectAllLive())) {
            statement.setLong(1, sql.nowValue(now));
            statement.setFetchSize(sql.pruneBatchSize);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String id = rows.getString(1);
                    String json = rows.getString(2);
                    try {
                        SessionRecord record = json == null ? null : SessionJson.read(json);
                        if (record != null && !record.isExpiredAt(now)) {
                            visitor.visit(id, record);
                        }
                    } catch (CorruptSessionException e) {
                        LOG.debug("{}: skipping unreadable session {}: {}", this, SessionIds.redact(id), e.getMessage());
                    }
                }
            }
        }
    }

    private SessionRecord parse(String operation, String id, String json) {
        try {
            return SessionJson.read(json);
        } catch (CorruptSessionException e) {
            throw new CorruptSessionException(runner.describe(operation, id) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "JdbcStore[" + sql + "]";
    }

    /** Builds a {@link JdbcStore}; setters validate their argument at once. */
    public static final class Builder {
        private final DataSource dataSource;
        private @Nullable Dialect dialect;
        private @Nullable String schemaName;
        private @Nullable String tableName;
        private boolean createTableIfMissing;
        private boolean verifyOnStart;
        private Clock clock = Clock.systemUTC();
        private Duration defaultTtl = DEFAULT_TTL;
        private @Nullable Duration pruneInterval = DEFAULT_PRUNE_INTERVAL;
        private int pruneBatchSize = DEFAULT_PRUNE_BATCH_SIZE;
        private @Nullable ZoneId timeZone;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The SQL dialect; by default {@link #build()} asks the database's metadata (one connection). */
        public Builder dialect(Dialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /** The table's schema (MySQL: database; SQLite: attached database); default none, i.e. the connection's. */
        public Builder schemaName(@Nullable String schemaName) {
            this.schemaName = schemaName == null ? null : identifier("schemaName", schemaName);
            return this;
        }

        /** The table; default {@link Dialect#defaultTableName()}: {@code session} on PostgreSQL, else {@code sessions}. */
        public Builder tableName(String tableName) {
            this.tableName = identifier("tableName", Objects.requireNonNull(tableName, "tableName"));
            return this;
        }

        /**
         * Whether {@link #build()} creates the table and its expiry index when missing; default false
         * (create it with the README's DDL, or with your migration tool).
         */
        public Builder createTableIfMissing(boolean createTableIfMissing) {
            this.createTableIfMissing = createTableIfMissing;
            return this;
        }

        /** Whether {@link #build()} runs {@link JdbcStore#verify()}, failing at start-up when the database or table is not there; default false. */
        public Builder verifyOnStart(boolean verifyOnStart) {
            this.verifyOnStart = verifyOnStart;
            return this;
        }

        /** The clock expiry is measured with; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The lifetime of sessions whose cookie has no expiry; default one day. Must be positive. */
        public Builder defaultTtl(Duration defaultTtl) {
            Objects.requireNonNull(defaultTtl, "defaultTtl");
            if (defaultTtl.isNegative() || defaultTtl.isZero()) {
                throw new IllegalArgumentException("defaultTtl must be positive; got " + defaultTtl);
            }
            this.defaultTtl = defaultTtl;
            return this;
        }

        /** How often expired rows are deleted; default 15 minutes; null or zero: never (call {@link JdbcStore#pruneExpired()} yourself). */
        public Builder pruneInterval(@Nullable Duration pruneInterval) {
            if (pruneInterval != null && pruneInterval.isNegative()) {
                throw new IllegalArgumentException("pruneInterval must not be negative; got " + pruneInterval);
            }
            this.pruneInterval = pruneInterval;
            return this;
        }

        /** The most rows one prune statement deletes; default {@value #DEFAULT_PRUNE_BATCH_SIZE}; 1 to 10000. */
        public Builder pruneBatchSize(int pruneBatchSize) {
            if (pruneBatchSize < 1 || pruneBatchSize > 10_000) {
                throw new IllegalArgumentException("pruneBatchSize must be between 1 and 10000; got " + pruneBatchSize);
            }
            this.pruneBatchSize = pruneBatchSize;
            return this;
        }

        /**
         * PostgreSQL only: the zone whose wall clock the {@code expire} column ({@code timestamp} without
         * time zone) holds. By default the connection's {@code TimeZone} converts, which pgjdbc sets to the
         * JVM's default zone while Node's pg leaves the server's: set this to the server's zone (e.g.
         * {@code UTC}) when the two differ and Node shares the table. A region id or UTC, not an offset
         * (PostgreSQL reads offsets with POSIX's inverted sign).
         */
        public Builder timeZone(@Nullable ZoneId timeZone) {
            if (timeZone instanceof ZoneOffset offset && !offset.equals(ZoneOffset.UTC)) {
                throw new IllegalArgumentException("timeZone must be a region id such as Europe/Paris, or UTC; got the offset "
                        + offset);
            }
            this.timeZone = timeZone == null ? null : timeZone.equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : timeZone;
            return this;
        }

        /**
         * The store. Opens a connection only to detect the dialect (when none was given), to create the
         * table ({@link #createTableIfMissing}) or to verify it ({@link #verifyOnStart}).
         *
         * @throws SessionStoreException when one of those fails
         * @throws IllegalStateException when the options contradict each other
         */
        public JdbcStore build() {
            Dialect chosen = dialect != null ? dialect : SqlRunner.detect(dataSource);
            if (timeZone != null && chosen != Dialect.POSTGRESQL) {
                throw new IllegalStateException("timeZone applies to PostgreSQL only; the dialect is " + chosen.displayName());
            }
            SqlDialect sql = chosen.sql(schemaName, tableName != null ? tableName : chosen.defaultTableName(), timeZone,
                    pruneBatchSize);
            if (createTableIfMissing) {
                SqlRunner.createTable(dataSource, sql);
            }
            if (verifyOnStart) {
                SqlRunner.verify(dataSource, sql);
            }
            return new JdbcStore(this, sql);
        }

        private static String identifier(String option, String name) {
            if (name.isBlank() || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(option + " must be a non-blank name without NUL characters; got '" + name + "'");
            }
            return name;
        }
    }
}
