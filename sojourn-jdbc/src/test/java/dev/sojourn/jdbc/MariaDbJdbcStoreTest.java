package dev.sojourn.jdbc;

import java.time.Instant;
import javax.sql.DataSource;

/**
 * The store conformance kit and JdbcStore's own tests on a real MariaDB server, with
 * express-mysql-session's table. The server comes from {@link MariaDbServer}: the tests fail, never
 * skip, when there is none.
 */
class MariaDbJdbcStoreTest extends JdbcStoreContractTest {

    @Override
    protected DataSource dataSource() {
        return TestDatabases.mariaDb();
    }

    @Override
    protected Dialect dialect() {
        return Dialect.MYSQL;
    }

    @Override
    protected String table() {
        return "sessions";
    }

    @Override
    protected String idColumn() {
        return "session_id";
    }

    @Override
    protected String dataColumn() {
        return "data";
    }

    @Override
    protected String expiryColumn() {
        return "expires";
    }

    /** express-mysql-session's own upsert. */
    @Override
    protected String rawUpsert() {
        return "INSERT INTO sessions (session_id, data, expires) VALUES (?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE data = VALUES(data), expires = VALUES(expires)";
    }

    /** {@code Math.round(expires.getTime() / 1000)}, as express-mysql-session. */
    @Override
    protected long expiryValue(Instant expires) {
        return Math.round(expires.toEpochMilli() / 1000.0);
    }
}
