package dev.sojourn.example;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sojourn.CookieData;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionRecord;
import dev.sojourn.SessionStore;
import dev.sojourn.SessionStoreException;
import dev.sojourn.jdbc.JdbcStore;
import dev.sojourn.redis.RedisStore;
import dev.sojourn.store.FileStore;
import dev.sojourn.store.MemoryStore;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.regex.Pattern;

/**
 * The value of {@code --store}: which {@link SessionStore} the app uses. This is the one place that
 * maps the flag's text to a store. {@link #parse(String)} checks the text without any I/O (so a
 * bad value fails at start-up with a usage error); {@link #open()} creates the store.
 *
 * <p>Supported: {@code memory}, {@code file:PATH}, Redis ({@code redis://}, {@code rediss://},
 * {@code redis-sentinel://}, {@code redis-cluster://}…, passed to {@link RedisStore#create(String)})
 * and SQL ({@code jdbc:postgresql:}, {@code jdbc:mariadb:}, {@code jdbc:mysql:}, {@code jdbc:h2:},
 * {@code jdbc:sqlite:}: a HikariCP pool and a {@link JdbcStore} that creates its table). To add a
 * store: add a record implementing this interface, recognise its prefix in {@link #parse(String)},
 * and list it in {@link #SUPPORTED}.
 */
public sealed interface StoreSpec {
    /** The forms accepted, for messages. */
    String SUPPORTED = "memory, file:PATH, redis://…, rediss://…, redis-sentinel://…, redis-cluster://…, "
            + "jdbc:postgresql:…, jdbc:mariadb:…, jdbc:mysql:…, jdbc:h2:…, jdbc:sqlite:…";

    /** The default: a file store in {@value #DEFAULT_FILE_DIRECTORY} under the working directory, so sessions survive a restart. */
    String DEFAULT_FILE_DIRECTORY = ".sojourn-sessions";

    /**
     * Creates the store. Stores that hold resources implement {@link AutoCloseable}; the app closes
     * them on stop.
     *
     * @throws IllegalArgumentException when the value turns out to be malformed (a check that needs
     *     the store's own parser or driver); the message is one line fit for the user
     * @throws RuntimeException (typically {@link SessionStoreException}) when the store cannot be
     *     reached or opened; the message is one line fit for the user
     */
    SessionStore open();

    /** The bounded in-process {@link MemoryStore} with its defaults. */
    record Memory() implements StoreSpec {
        @Override
        public SessionStore open() {
            return MemoryStore.create();
        }

        @Override
        public String toString() {
            return "memory";
        }
    }

    /** A {@link FileStore}: one file per session under {@code directory}; survives restarts with nothing to install. */
    record File(Path directory) implements StoreSpec {
        @Override
        public SessionStore open() {
            return FileStore.create(directory);
        }

        @Override
        public String toString() {
            return "file:" + directory;
        }
    }

    /**
     * A {@link RedisStore} on the Redis the URI names (standalone, Sentinel or Cluster). {@link #open()}
     * connects and checks the server, so an unreachable Redis fails at start-up.
     */
    record Redis(String uri) implements StoreSpec {
        @Override
        public SessionStore open() {
            return RedisStore.create(uri);
        }

        /** The URI without credentials. */
        @Override
        public String toString() {
            return redactUserInfo(uri);
        }
    }

    /** The SQL databases a {@link Jdbc} store can use, recognised by the URL's prefix. */
    enum Database {
        POSTGRESQL("jdbc:postgresql:"),
        MARIADB("jdbc:mariadb:"),
        /** MySQL URLs, served by the MariaDB driver (it accepts them with {@code permitMysqlScheme}). */
        MYSQL("jdbc:mysql:"),
        H2("jdbc:h2:"),
        SQLITE("jdbc:sqlite:");

        final String prefix;

        Database(String prefix) {
            this.prefix = prefix;
        }

        static Optional<Database> of(String url) {
            String lower = url.toLowerCase(Locale.ROOT);
            for (Database database : values()) {
                if (lower.startsWith(database.prefix)) {
                    return Optional.of(database);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * A {@link JdbcStore} over a HikariCP pool of the JDBC URL: the table is created when missing
     * ({@code createTableIfMissing}) and checked at start-up ({@code verifyOnStart}); the dialect is
     * detected from the database. Closing the store closes the pool.
     */
    record Jdbc(String url) implements StoreSpec {
        private static final Pattern PASSWORD = Pattern.compile("(?i)((?:password|pwd)=)[^;&]*");

        /** The database, from the URL's prefix. */
        public Database database() {
            return Database.of(url).orElseThrow(() -> new IllegalStateException("not a supported JDBC URL"));
        }

        /** The URL given to the driver: MySQL URLs get {@code permitMysqlScheme}; an H2 in-memory database is kept while the app runs. */
        String driverUrl() {
            String lower = url.toLowerCase(Locale.ROOT);
            return switch (database()) {
                case MYSQL -> lower.contains("permitmysqlscheme") ? url : url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
                case H2 -> lower.startsWith("jdbc:h2:mem:") && !lower.contains("db_close_delay") ? url + ";DB_CLOSE_DELAY=-1" : url;
                default -> url;
            };
        }

        private boolean sqliteInMemory() {
            String lower = url.toLowerCase(Locale.ROOT);
            return database() == Database.SQLITE && (lower.contains(":memory:") || lower.contains("mode=memory"));
        }

        @Override
        public SessionStore open() {
            String driverUrl = driverUrl();
            Driver driver;
            // pgjdbc reports a URL it rejects as a two-line JUL warning; the one-line error below says it all.
            java.util.logging.Logger pgjdbc = java.util.logging.Logger.getLogger("org.postgresql.Driver");
            Level level = pgjdbc.getLevel();
            pgjdbc.setLevel(Level.OFF);
            try {
                driver = DriverManager.getDriver(driverUrl);
            } catch (SQLException e) {
                throw new IllegalArgumentException("no JDBC driver accepts " + this + " (is the URL well formed?)", e);
            } finally {
                pgjdbc.setLevel(level);
            }
            HikariConfig pool = new HikariConfig();
            pool.setPoolName("sojourn-example-" + database().name().toLowerCase(Locale.ROOT));
            pool.setDriverClassName(driver.getClass().getName());
            pool.setJdbcUrl(driverUrl);
            // Fail fast: the first connection is made now, and its failure is one exception (no retry loop).
            pool.setInitializationFailTimeout(1);
            if (sqliteInMemory()) {
                // Every SQLite connection to :memory: is a database of its own: keep exactly one, forever.
                pool.setMaximumPoolSize(1);
                pool.setMaxLifetime(0);
                pool.setIdleTimeout(0);
            }
            HikariDataSource dataSource;
            try {
                dataSource = new HikariDataSource(pool);
            } catch (RuntimeException e) {
                throw new SessionStoreException("cannot connect to " + this + ": " + driverMessage(e), e);
            }
            try {
                JdbcStore store = JdbcStore.builder(dataSource)
                        .createTableIfMissing(true)
                        .verifyOnStart(true)
                        .build();
                return new PooledJdbcStore(store, dataSource);
            } catch (RuntimeException e) {
                dataSource.close();
                throw e;
            }
        }

        /** The URL without passwords or user info. */
        @Override
        public String toString() {
            return PASSWORD.matcher(redactUserInfo(url)).replaceAll("$1****");
        }
    }

    /** The store used when {@code --store} is not given: {@code file:.sojourn-sessions}. */
    static StoreSpec defaultSpec() {
        return new File(Path.of(DEFAULT_FILE_DIRECTORY));
    }

    /** Redis schemes {@link RedisStore} understands. */
    List<String> REDIS_SCHEMES = List.of("redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-cluster",
            "rediss-cluster", "redis-socket", "redis+ssl", "redis+tls");

    /**
     * Parses the flag's value. Checks its form only; a deeper check (Redis's URI parser, the JDBC
     * driver) happens in {@link #open()}.
     *
     * @throws IllegalArgumentException with a message fit for the user when the value names no supported store
     */
    static StoreSpec parse(String value) {
        String text = value.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("memory")) {
            return new Memory();
        }
        if (lower.startsWith("file:")) {
            String path = text.substring("file:".length());
            if (path.isBlank()) {
                throw new IllegalArgumentException("file store needs a directory: file:PATH");
            }
            return new File(Path.of(path));
        }
        int schemeEnd = lower.indexOf("://");
        if (schemeEnd > 0 && REDIS_SCHEMES.contains(lower.substring(0, schemeEnd))) {
            String scheme = lower.substring(0, schemeEnd);
            String rest = text.substring(schemeEnd + 3);
            int at = rest.lastIndexOf('@');
            String afterUser = at < 0 ? rest : rest.substring(at + 1);
            String hosts = afterUser.split("[/?#]", 2)[0];
            if (scheme.equals("redis-socket") ? afterUser.isBlank() : hosts.isBlank() || hosts.startsWith(":")) {
                throw new IllegalArgumentException("Redis URI " + redactUserInfo(text) + " names no host: "
                        + scheme + "://HOST[:PORT]");
            }
            if (text.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("Redis URI " + redactUserInfo(text) + " contains white space");
            }
            return new Redis(text);
        }
        if (lower.startsWith("jdbc:")) {
            Optional<Database> database = Database.of(text);
            if (database.isEmpty()) {
                int colon = lower.indexOf(':', 5);
                String kind = colon < 0 ? lower.substring(5) : lower.substring(5, colon);
                throw new IllegalArgumentException("unsupported JDBC database '" + kind
                        + "'; supported: jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:, jdbc:h2:, jdbc:sqlite:");
            }
            Jdbc jdbc = new Jdbc(text);
            if (text.substring(database.get().prefix.length()).isBlank()) {
                throw new IllegalArgumentException("JDBC URL " + jdbc + " names no database");
            }
            return jdbc;
        }
        throw new IllegalArgumentException("unknown store '" + value + "'; supported: " + SUPPORTED);
    }

    /** {@code scheme://user:password@rest} without {@code user:password}; like RedisStore, the user info ends at the last {@code @} before any {@code ?} or {@code #}. */
    private static String redactUserInfo(String uri) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            return uri;
        }
        String rest = uri.substring(schemeEnd + 3);
        int queryOrFragment = rest.length();
        for (char c : new char[] {'?', '#'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < queryOrFragment) {
                queryOrFragment = i;
            }
        }
        int at = rest.lastIndexOf('@', queryOrFragment - 1);
        return at < 0 ? uri : uri.substring(0, schemeEnd + 3) + "****@" + rest.substring(at + 1);
    }

    /** The driver's message inside the pool's exception (its cause), on one line. */
    private static String driverMessage(Throwable e) {
        Throwable driver = e.getCause() != null ? e.getCause() : e;
        String message = driver.getMessage() == null ? driver.toString() : driver.getMessage();
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /** A {@link JdbcStore} that also closes its pool. Everything else goes to the store as it is. */
    final class PooledJdbcStore implements SessionStore, AutoCloseable {
        private final JdbcStore store;
        private final HikariDataSource pool;

        PooledJdbcStore(JdbcStore store, HikariDataSource pool) {
            this.store = store;
            this.pool = pool;
        }

        /** The store inside. */
        public JdbcStore jdbcStore() {
            return store;
        }

        @Override
        public Optional<SessionRecord> get(String id) {
            return store.get(id);
        }

        @Override
        public void set(String id, SessionRecord record) {
            store.set(id, record);
        }

        @Override
        public void destroy(String id) {
            store.destroy(id);
        }

        @Override
        public void touch(String id, CookieData cookie) {
            store.touch(id, cookie);
        }

        @Override
        public boolean patch(String id, SessionDelta delta) {
            return store.patch(id, delta);
        }

        @Override
        public Map<String, SessionRecord> all() {
            return store.all();
        }

        @Override
        public long length() {
            return store.length();
        }

        @Override
        public void clear() {
            store.clear();
        }

        /** Stops the store's pruning, then closes the pool. */
        @Override
        public void close() {
            try {
                store.close();
            } finally {
                pool.close();
            }
        }

        @Override
        public String toString() {
            return store.toString();
        }
    }
}
