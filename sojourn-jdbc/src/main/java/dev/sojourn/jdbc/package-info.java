/**
 * {@link dev.sojourn.jdbc.JdbcStore}: sessions in one SQL table over any {@link javax.sql.DataSource},
 * with a {@link dev.sojourn.jdbc.Dialect} per database (PostgreSQL with connect-pg-simple's table,
 * MySQL/MariaDB with express-mysql-session's, H2, SQLite).
 */
@NullMarked
package dev.sojourn.jdbc;

import org.jspecify.annotations.NullMarked;
