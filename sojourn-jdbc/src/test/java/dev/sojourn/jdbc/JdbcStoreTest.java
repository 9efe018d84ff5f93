package dev.sojourn.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.SessionStoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The builder's validation, dialect detection, start-up failures and the DDL of each dialect. */
class JdbcStoreTest {

    @Test
    void fromProductName_eachSupportedDatabase_isRecognised() {
        assertThat(Dialect.fromProductName("PostgreSQL")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.fromProductName("MySQL")).isEqualTo(Dialect.MYSQL);
        assertThat(Dialect.fromProductName("MariaDB")).isEqualTo(Dialect.MYSQL);
        assertThat(Dialect.fromProductName("H2")).isEqualTo(Dialect.H2);
        assertThat(Dialect.fromProductName("SQLite")).isEqualTo(Dialect.SQLITE);
        assertThatThrownBy(() -> Dialect.fromProductName("Oracle"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Oracle")
                .hasMessageContaining("choose a dialect explicitly");
    }

    @Test
    void builder_badOptions_failAtOnceNamingTheOption() {
        JdbcStore.Builder builder = JdbcStore.builder(unreachable());
        assertThatThrownBy(() -> builder.defaultTtl(Duration.ZERO)).hasMessageContaining("defaultTtl");
        assertThatThrownBy(() -> builder.pruneInterval(Duration.ofSeconds(-1))).hasMessageContaining("pruneInterval");
        assertThatThrownBy(() -> builder.pruneBatchSize(0)).hasMessageContaining("pruneBatchSize");
        assertThatThrownBy(() -> builder.tableName(" ")).hasMessageContaining("tableName");
        assertThatThrownBy(() -> builder.schemaName("a\0b")).hasMessageContaining("schemaName");
        assertThatThrownBy(() -> builder.timeZone(ZoneOffset.ofHours(2))).hasMessageContaining("region id");
        assertThatThrownBy(() -> JdbcStore.builder(unreachable()).dialect(Dialect.H2).timeZone(ZoneId.of("UTC")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PostgreSQL only");
        assertThatThrownBy(() -> JdbcStore.builder(null)).isInstanceOf(NullPointerException.class).hasMessage("dataSource");
    }

    @Test
    void build_unreachableDatabase_withVerifyOnStart_failsWithOneLine() {
        assertThatThrownBy(() -> JdbcStore.builder(unreachable()).dialect(Dialect.POSTGRESQL).verifyOnStart(true).build())
                .isInstanceOf(SessionStoreException.class)
                .hasMessageStartingWith("JdbcStore[PostgreSQL] verify failed: cannot connect to the database: ")
                .hasMessageContaining("refused")
                .matches(e -> !e.getMessage().contains("\n"), "is one line");
    }

    @Test
    void build_unreachableDatabase_withoutDialect_failsWithOneLine() {
        assertThatThrownBy(() -> JdbcStore.builder(unreachable()).build())
                .isInstanceOf(SessionStoreException.class)
                .hasMessageStartingWith("JdbcStore cannot detect the database's dialect: cannot connect to the database: ")
                .matches(e -> !e.getMessage().contains("\n"), "is one line");
    }

    @Test
    void build_unreachableDatabase_withoutVerify_succeedsAndFailsPerOperation() {
        try (JdbcStore store = JdbcStore.builder(unreachable()).dialect(Dialect.POSTGRESQL).pruneInterval(null).build()) {
            assertThatThrownBy(() -> store.get("abcdefghijklmnop"))
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageStartingWith("JdbcStore[PostgreSQL] get of session abcd… failed: ")
                    .hasMessageNotContaining("abcdefghijklmnop");
        }
    }

    @Test
    void createTableStatements_defaultNames_areTheReadmesDdl() {
        assertThat(Dialect.POSTGRESQL.createTableStatements(null, Dialect.POSTGRESQL.defaultTableName())).containsExactly(
                "CREATE TABLE IF NOT EXISTS \"session\" (sid varchar NOT NULL COLLATE \"default\", sess json NOT NULL,"
                        + " expire timestamp(6) NOT NULL, CONSTRAINT \"session_pkey\" PRIMARY KEY (sid))",
                "CREATE INDEX IF NOT EXISTS \"IDX_session_expire\" ON \"session\" (expire)");
        assertThat(Dialect.MYSQL.createTableStatements(null, "sessions")).containsExactly(
                "CREATE TABLE IF NOT EXISTS `sessions` (`session_id` varchar(255) COLLATE utf8mb4_nopad_bin NOT NULL,"
                        + " `expires` int(11) unsigned NOT NULL, `data` mediumtext COLLATE utf8mb4_bin,"
                        + " PRIMARY KEY (`session_id`), KEY `IDX_sessions_expires` (`expires`)) ENGINE=InnoDB");
        assertThat(Dialect.H2.createTableStatements(null, "sessions")).containsExactly(
                "CREATE TABLE IF NOT EXISTS \"sessions\" (sid VARCHAR(255) NOT NULL PRIMARY KEY, sess CLOB NOT NULL,"
                        + " expires BIGINT NOT NULL)",
                "CREATE INDEX IF NOT EXISTS \"IDX_sessions_expires\" ON \"sessions\" (expires)");
        assertThat(Dialect.SQLITE.createTableStatements(null, "sessions")).containsExactly(
                "CREATE TABLE IF NOT EXISTS \"sessions\" (sid TEXT NOT NULL PRIMARY KEY, sess TEXT NOT NULL,"
                        + " expires INTEGER NOT NULL)",
                "CREATE INDEX IF NOT EXISTS \"IDX_sessions_expires\" ON \"sessions\" (expires)");
    }

    @Test
    void createTableStatements_customNames_areQuoted() {
        assertThat(Dialect.POSTGRESQL.createTableStatements("app", "web\"sessions")).containsExactly(
                "CREATE TABLE IF NOT EXISTS \"app\".\"web\"\"sessions\" (sid varchar NOT NULL COLLATE \"default\","
                        + " sess json NOT NULL, expire timestamp(6) NOT NULL,"
                        + " CONSTRAINT \"web\"\"sessions_pkey\" PRIMARY KEY (sid))",
                "CREATE INDEX IF NOT EXISTS \"IDX_web\"\"sessions_expire\" ON \"app\".\"web\"\"sessions\" (expire)");
        assertThat(Dialect.MYSQL.createTableStatements("app", "a`b").get(0)).startsWith("CREATE TABLE IF NOT EXISTS `app`.`a``b`");
    }

    /** A PostgreSQL data source on a local port nothing listens on. */
    private static DataSource unreachable() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {"127.0.0.1"});
        source.setPortNumbers(new int[] {closedPort()});
        source.setDatabaseName("postgres");
        source.setUser("postgres");
        source.setConnectTimeout(5);
        return source;
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
