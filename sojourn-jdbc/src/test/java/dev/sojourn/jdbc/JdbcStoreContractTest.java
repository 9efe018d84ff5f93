package dev.sojourn.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.SessionStore;
import dev.sojourn.SessionStoreException;
import dev.sojourn.tck.SessionStoreContract;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The store conformance kit on one SQL database, plus what is particular to {@link JdbcStore}:
 * pruning in bounded batches, on schedule, a missing table, dialect detection. One subclass per
 * dialect provides the database and the back doors' SQL, written independently of the store's.
 */
abstract class JdbcStoreContractTest extends SessionStoreContract {

    /** The database, shared by the whole test class. */
    protected abstract DataSource dataSource();

    protected abstract Dialect dialect();

    /** The table, quoted as needed. */
    protected abstract String table();

    protected abstract String idColumn();

    protected abstract String dataColumn();

    protected abstract String expiryColumn();

    /** An upsert with parameters id, raw value, expiry column value (as {@link #expiryValue}). */
    protected abstract String rawUpsert();

    /** The expiry column's value for a row expiring at {@code expires}, as the Node store (or the table's definition) has it. */
    protected abstract long expiryValue(Instant expires);

    /** Reports (or aborts for) a raw value the backend cannot hold. */
    protected void rawWriteFailed(String rawValue, SQLException e) throws SQLException {
        throw e;
    }

    protected JdbcStore.Builder builder(DataSource dataSource) {
        return JdbcStore.builder(dataSource).dialect(dialect()).clock(clock).pruneInterval(null);
    }

    @Override
    protected SessionStore createStore(Clock storeClock) throws Exception {
        JdbcStore created = JdbcStore.builder(dataSource())
                .dialect(dialect())
                .clock(storeClock)
                .createTableIfMissing(true)
                .build();
        TestDatabases.execute(dataSource(), "DELETE FROM " + table());
        return created;
    }

    @Override
    protected void closeStore(SessionStore closing) {
        ((JdbcStore) closing).close();
    }

    @Override
    protected void writeRaw(String id, String rawValue) throws Exception {
        writeRawRow(id, rawValue, clock.instant().plus(Duration.ofHours(2)));
    }

    protected void writeRawRow(String id, String rawValue, Instant expires) throws SQLException {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(rawUpsert())) {
            statement.setString(1, id);
            statement.setString(2, rawValue);
            statement.setLong(3, expiryValue(expires));
            statement.executeUpdate();
        } catch (SQLException e) {
            rawWriteFailed(rawValue, e);
        }
    }

    @Override
    protected Optional<String> readRaw(String id) throws Exception {
        String query = "SELECT " + idColumn() + ", " + dataColumn() + " FROM " + table() + " WHERE " + idColumn() + " = ?";
        try (Connection connection = dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, id);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    if (id.equals(row.getString(1))) {
                        return Optional.ofNullable(row.getString(2));
                    }
                }
                return Optional.empty();
            }
        }
    }

    protected long rowCount() throws SQLException {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM " + table());
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Inserts {@code count} rows that expired an hour ago, in one transaction. */
    protected void insertExpiredRows(String prefix, int count) throws SQLException {
        String json = "{\"cookie\":{\"originalMaxAge\":60000,\"expires\":\"" + clock.instant().minus(Duration.ofHours(1))
                + "\",\"httpOnly\":true,\"path\":\"/\"}}";
        try (Connection connection = dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(rawUpsert())) {
                for (int i = 0; i < count; i++) {
                    statement.setString(1, prefix + i);
                    statement.setString(2, json);
                    statement.setLong(3, expiryValue(clock.instant().minus(Duration.ofHours(1))));
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            connection.commit();
            connection.setAutoCommit(true);
        }
    }

    // ---- JdbcStore's own behaviour, on every dialect ----

    @Test
    void pruneExpired_manyExpiredRows_deletesThemInBoundedBatches() throws Exception {
        insertExpiredRows("sid-old-", 1234);
        store.set("sid-live-1", record(Duration.ofHours(1), Map.of("a", 1)));
        store.set("sid-live-2", record(null, Map.of("b", 2)));
        AtomicInteger connections = new AtomicInteger();
        try (JdbcStore pruning = builder(counting(dataSource(), connections)).pruneBatchSize(100).build()) {
            assertThat(pruning.pruneExpired()).isEqualTo(1234);
        }
        assertThat(connections).as("statements, one batch of at most 100 rows each").hasValue(13);
        assertThat(rowCount()).isEqualTo(2);
        assertThat(store.get("sid-live-1")).isPresent();
        assertThat(store.get("sid-live-2")).isPresent();
    }

    @Test
    void pruneExpired_keepsRowsThatAreStillLive() throws Exception {
        store.set("sid-soon", record(Duration.ofSeconds(30), Map.of("a", 1)));
        store.set("sid-later", record(Duration.ofHours(1), Map.of("a", 1)));
        clock.advance(Duration.ofMinutes(1));
        assertThat(((JdbcStore) store).pruneExpired()).isEqualTo(1);
        assertThat(readRaw("sid-soon")).isEmpty();
        assertThat(readRaw("sid-later")).isPresent();
    }

    @Test
    void pruneInterval_short_prunesInTheBackgroundUntilClosed() throws Exception {
        insertExpiredRows("sid-bg-", 10);
        Set<Thread> threadsBefore = pruneThreads();
        JdbcStore pruning = JdbcStore.builder(dataSource()).dialect(dialect()).clock(clock)
                .pruneInterval(Duration.ofMillis(20)).build();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (rowCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(rowCount()).as("rows left by the background pruner").isZero();
        } finally {
            pruning.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!newThreads(threadsBefore).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(newThreads(threadsBefore)).as("this store's pruning thread after close()").isEmpty();
    }

    private static Set<Thread> pruneThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("sojourn-jdbc-prune-") && t.isAlive())
                .collect(Collectors.toSet());
    }

    private static Set<Thread> newThreads(Set<Thread> before) {
        Set<Thread> now = pruneThreads();
        now.removeAll(before);
        return now;
    }

    @Test
    void missingTable_withoutCreateTableIfMissing_failsWithAClearMessage() {
        JdbcStore missing = builder(dataSource()).tableName("no_such_sessions").build();
        for (Runnable operation : new Runnable[] {() -> missing.get("sid-missing-table"), missing::verify,
                () -> missing.set("sid-missing-table", record(Duration.ofHours(1), Map.of("a", 1)))}) {
            assertThatThrownBy(operation::run)
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining("JdbcStore[" + dialect().displayName() + "]")
                    .hasMessageContaining("no_such_sessions does not exist")
                    .hasMessageContaining("createTableIfMissing(true)")
                    .hasMessageNotContaining("sid-missing-table");
        }
        assertThatThrownBy(() -> builder(dataSource()).tableName("no_such_sessions").verifyOnStart(true).build())
                .isInstanceOf(SessionStoreException.class)
                .hasMessageContaining("no_such_sessions does not exist");
    }

    @Test
    void build_withoutDialect_detectsItFromTheDatabase() {
        try (JdbcStore detected = JdbcStore.builder(dataSource()).clock(clock).pruneInterval(null).build()) {
            assertThat(detected.dialect()).isEqualTo(dialect());
            detected.verify();
        }
    }

    @Test
    void createTableIfMissing_twice_isHarmless() {
        try (JdbcStore again = builder(dataSource()).createTableIfMissing(true).verifyOnStart(true).build()) {
            again.set("sid-again", record(Duration.ofHours(1), Map.of("a", 1)));
            assertThat(store.get("sid-again")).isPresent();
        }
    }

    /** {@code dataSource} counting the connections taken from it. */
    static DataSource counting(DataSource dataSource, AtomicInteger connections) {
        return (DataSource) Proxy.newProxyInstance(JdbcStoreContractTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                    }
                    try {
                        return method.invoke(dataSource, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
