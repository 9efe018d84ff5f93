package dev.sojourn.jdbc;

import java.time.Instant;
import javax.sql.DataSource;

/** The store conformance kit and JdbcStore's own tests on a SQLite file in WAL mode. */
class SqliteJdbcStoreTest extends JdbcStoreContractTest {

    @Override
    protected DataSource dataSource() {
        return TestDatabases.sqlite();
    }

    @Override
    protected Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    protected String table() {
        return "\"sessions\"";
    }

    @Override
    protected String idColumn() {
        return "sid";
    }

    @Override
    protected String dataColumn() {
        return "sess";
    }

    @Override
    protected String expiryColumn() {
        return "expires";
    }

    @Override
    protected String rawUpsert() {
        return "INSERT OR REPLACE INTO \"sessions\" (sid, sess, expires) VALUES (?, ?, ?)";
    }

    @Override
    protected long expiryValue(Instant expires) {
        return expires.toEpochMilli();
    }
}
