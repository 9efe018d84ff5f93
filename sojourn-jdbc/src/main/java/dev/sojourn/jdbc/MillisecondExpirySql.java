package dev.sojourn.jdbc;

import org.jspecify.annotations.Nullable;

/**
 * The embedded dialects (H2, SQLite), which no Node store shares: a {@code sid, sess, expires}
 * table whose expiry is epoch milliseconds, live while {@code expires > now}.
 */
abstract sealed class MillisecondExpirySql extends SqlDialect permits H2Sql, SqliteSql {

    MillisecondExpirySql(@Nullable String schema, String table, int pruneBatchSize) {
        super(schema, table, "\"", "sid", "sess", "expires", pruneBatchSize);
    }

    @Override
    final long expiryValue(long epochMillis) {
        return epochMillis;
    }

    @Override
    final long nowValue(long nowMillis) {
        return nowMillis;
    }

    @Override
    final String liveCondition() {
        return "expires > ?";
    }

    @Override
    final String deadCondition() {
        return "expires <= ?";
    }
}
