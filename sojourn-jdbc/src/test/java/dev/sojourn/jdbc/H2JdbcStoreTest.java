package dev.sojourn.jdbc;

import java.time.Instant;
import javax.sql.DataSource;

/** The store conformance kit and JdbcStore's own tests on an in-memory H2 database. */
class H2JdbcStoreTest extends JdbcStoreContractTest {

    @Override
    protected DataSource dataSource() {
        return TestDatabases.h2();
    }

    @Override
    protected Dialect dialect() {
        return Dialect.H2;
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
        return "MERGE INTO \"sessions\" (sid, sess, expires) KEY (sid) VALUES (?, ?, ?)";
    }

    @Override
    protected long expiryValue(Instant expires) {
        return expires.toEpochMilli();
    }
}
