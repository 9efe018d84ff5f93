/**
 * {@link dev.sojourn.redis.RedisStore}: a {@link dev.sojourn.SessionStore} on Redis (standalone,
 * Sentinel or Cluster) through Lettuce, compatible with Node's connect-redis.
 */
@NullMarked
package dev.sojourn.redis;

import org.jspecify.annotations.NullMarked;
