package dev.sojourn.jdbc;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The SQL databases {@link JdbcStore} speaks, each with its table layout. Two layouts are shared
 * with Node stores so that a Java and a Node application can serve the same sessions:
 *
 * <ul>
 *   <li>{@link #POSTGRESQL}: connect-pg-simple's table {@code session(sid varchar, sess json,
 *       expire timestamp(6))}, expiry in whole seconds rounded up, compared as connect-pg-simple does;</li>
 *   <li>{@link #MYSQL}: express-mysql-session's table {@code sessions(session_id varchar(128),
 *       expires int unsigned, data mediumtext)}, expiry in epoch seconds rounded to the nearest;</li>
 *   <li>{@link #H2} and {@link #SQLITE}: Sojourn's own table {@code sessions(sid, sess, expires)},
 *       expiry in epoch milliseconds.</li>
 * </ul>
 *
 * <p>The DDL of each is {@link #createTableStatements(String, String)}; {@code sojourn-jdbc}'s README
 * prints it for the default names.
 */
public enum Dialect {
    /** PostgreSQL 10 or later, with connect-pg-simple's table. */
    POSTGRESQL("PostgreSQL", "session"),
    /** MySQL 5.7+/8 and MariaDB 10.3+, with express-mysql-session's table. */
    MYSQL("MySQL/MariaDB", "sessions"),
    /** H2 2.x. */
    H2("H2", "sessions"),
    /** SQLite 3.24 or later (upserts), e.g. through xerial's sqlite-jdbc. */
    SQLITE("SQLite", "sessions");

    private final String displayName;
    private final String defaultTableName;

    Dialect(String displayName, String defaultTableName) {
        this.displayName = displayName;
        this.defaultTableName = defaultTableName;
    }

    /** The name used in messages, e.g. {@code "PostgreSQL"}. */
    public String displayName() {
        return displayName;
    }

    /** The table name used when none is given: connect-pg-simple's {@code session}, else {@code sessions}. */
    public String defaultTableName() {
        return defaultTableName;
    }

    /**
     * The statements that create the table and its expiry index if they do not exist, in order;
     * what {@link JdbcStore.Builder#createTableIfMissing(boolean)} runs. For {@link #MYSQL} the id
     * column's collation is MariaDB's {@code utf8mb4_nopad_bin}; on MySQL 8 use {@code utf8mb4_0900_bin}
     * (the builder picks the right one by asking the server).
     *
     * @param schemaName the schema (MySQL: database; SQLite: attached database), or null for the default
     * @param tableName the table name, quoted as given
     */
    public List<String> createTableStatements(@Nullable String schemaName, String tableName) {
        return sql(schemaName, tableName, null, 1).createTable();
    }

    /**
     * The dialect of a database product as JDBC names it ({@code DatabaseMetaData#getDatabaseProductName()}).
     *
     * @throws IllegalArgumentException when the product is none of the supported ones
     */
    public static Dialect fromProductName(String productName) {
        String name = Objects.requireNonNull(productName, "productName").toLowerCase(Locale.ROOT);
        if (name.contains("postgres")) {
            return POSTGRESQL;
        }
        if (name.contains("mysql") || name.contains("mariadb")) {
            return MYSQL;
        }
        if (name.equals("h2")) {
            return H2;
        }
        if (name.contains("sqlite")) {
            return SQLITE;
        }
        throw new IllegalArgumentException("JdbcStore supports PostgreSQL, MySQL/MariaDB, H2 and SQLite; the database is "
                + productName + ": choose a dialect explicitly if it is compatible with one of them");
    }

    SqlDialect sql(@Nullable String schemaName, String tableName, @Nullable ZoneId zone, int pruneBatchSize) {
        return switch (this) {
            case POSTGRESQL -> new PostgresSql(schemaName, tableName, zone, pruneBatchSize);
            case MYSQL -> new MySqlSql(schemaName, tableName, pruneBatchSize);
            case H2 -> new H2Sql(schemaName, tableName, pruneBatchSize);
            case SQLITE -> new SqliteSql(schemaName, tableName, pruneBatchSize);
        };
    }
}
