package dev.sojourn.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sojourn.CookieData;
import dev.sojourn.CorruptSessionException;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionIds;
import dev.sojourn.SessionJson;
import dev.sojourn.SessionRecord;
import dev.sojourn.SessionStore;
import dev.sojourn.SessionStoreException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SessionStore} on Redis through Lettuce (standalone, Sentinel or Cluster), compatible
 * with Node's connect-redis: sessions written by one are read by the other (spec §5).
 *
 * <ul>
 *   <li><b>Layout</b>: key {@code prefix + id} (prefix default {@value #DEFAULT_PREFIX}), value the
 *       express-session JSON ({@link SessionJson}), key TTL in whole seconds:
 *       {@code ceil((cookie.expires − now) / 1000)}, or {@link Builder#defaultTtl(Duration)} (one day)
 *       for a cookie without expiry. A TTL ≤ 0 deletes the key instead of writing it.</li>
 *   <li><b>One command per operation</b>: {@link #get} is one {@code GET}, {@link #set} one
 *       {@code SET … EX} (or {@code DEL}), {@link #destroy} one {@code DEL}; {@link #patch} and
 *       {@link #touch} are one {@code EVALSHA} of a script that merges the change into the stored JSON
 *       on the server, atomically, keeping every untouched member byte for byte (no cjson round trip).
 *       Unlike connect-redis, {@code touch} also rewrites {@code cookie.expires}, so the stored
 *       expiry never goes stale. {@link #increment} is one {@code EVALSHA} too: it rewrites only the
 *       number's text and keeps the key's TTL.</li>
 *   <li><b>Expiry</b>: Redis drops keys at their TTL; in addition, a record whose
 *       {@code cookie.expires} has passed by the store's {@link Builder#clock(Clock) clock} is never
 *       returned (and is deleted), as the {@link SessionStore} contract requires.</li>
 *   <li><b>Bulk operations</b> ({@link #all}, {@link #ids}, {@link #length}, {@link #clear}) use
 *       {@code SCAN MATCH prefix* COUNT n} on every master, never {@code KEYS}.</li>
 * </ul>
 *
 * <p>Thread-safe: Lettuce multiplexes all calls over one connection. Failures are
 * {@link SessionStoreException}s naming the operation and at most a redacted session id; a value
 * that is not a session is a {@link CorruptSessionException}. Close the store to release the
 * connection (and the client, when the store created it).
 */
public final class RedisStore implements SessionStore, AutoCloseable {
    /** The default key prefix, connect-redis's. */
    public static final String DEFAULT_PREFIX = "sess:";
    /** The default TTL of a session whose cookie has no expiry, connect-redis's (one day). */
    public static final Duration DEFAULT_TTL = Duration.ofDays(1);
    /** The default {@code COUNT} hint of {@code SCAN}, connect-redis's. */
    public static final int DEFAULT_SCAN_COUNT = 100;

    private static final String CORRUPT_REPLY = "SOJOURN_CORRUPT ";
    private static final String NOT_INTEGER_REPLY = "SOJOURN_NOT_INTEGER";
    private static final String OVERFLOW_REPLY = "SOJOURN_OVERFLOW";

    private final RedisTarget target;
    private final String prefix;
    private final Clock clock;
    private final long defaultTtlSeconds;
    private final boolean disableTouch;
    private final boolean expireByCookie;
    private final KeyScanner scanner;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisStore(Builder builder, RedisTarget target) {
        this.target = target;
        this.prefix = builder.prefix;
        this.clock = builder.clock;
        this.defaultTtlSeconds = builder.defaultTtl.toSeconds();
        this.disableTouch = builder.disableTouch;
        this.expireByCookie = builder.expireByCookie;
        this.scanner = new KeyScanner(target, prefix, builder.scanCount);
    }

    /** A store with the defaults on the Redis at {@code uri}; see {@link Builder#uri(String)}. */
    public static RedisStore create(String uri) {
        return builder().uri(uri).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<SessionRecord> get(String id) {
        String key = key(id);
        String json = call("get", id, () -> commands().get(key));
        if (json == null) {
            return Optional.empty();
        }
        SessionRecord record = parse("get", id, json);
        if (expireByCookie && record.isExpiredAt(clock.millis())) {
            call("get", id, () -> LuaScript.DELETE_IF_UNCHANGED.run(commands(), key, json));
            return Optional.empty();
        }
        return Optional.of(record);
    }

    @Override
    public void set(String id, SessionRecord record) {
        String key = key(id);
        long ttl = ttlSeconds(record.cookie());
        if (ttl <= 0) {
            call("set", id, () -> commands().del(key));
            return;
        }
        String json = SessionJson.write(record);
        call("set", id, () -> commands().set(key, json, SetArgs.Builder.ex(ttl)));
    }

    @Override
    public void destroy(String id) {
        String key = key(id);
        call("destroy", id, () -> commands().del(key));
    }

    /**
     * Extends the session to {@code cookie}'s expiry and stores {@code cookie}, in one {@code EVALSHA};
     * a missing or expired session is left alone. Does nothing when {@link Builder#disableTouch} is set.
     */
    @Override
    public void touch(String id, CookieData cookie) {
        if (!disableTouch) {
            runPatch("touch", id, Map.of(), Set.of(), cookie);
        }
    }

    /** Merges the delta into the stored JSON on the server, atomically, in one {@code EVALSHA}. */
    @Override
    public boolean patch(String id, SessionDelta delta) {
        if (delta.set().containsKey(SessionJson.COOKIE_KEY)) {
            throw new IllegalArgumentException("'cookie' is reserved for the session cookie and cannot be an attribute");
        }
        return runPatch("patch", id, delta.set(), delta.removed(), delta.cookie());
    }

    /**
     * Adds {@code by} to the integer attribute {@code key} on the server, atomically, in one
     * {@code EVALSHA}: only the number's text changes (every other byte, the cookie and the key's TTL
     * stay as they are); a missing or {@code null} attribute counts as 0 and a missing one is appended.
     * A missing session, or one expired by the store's clock (which is then deleted), gives empty.
     *
     * <p>Redis's Lua counts in doubles (exact only up to 2<sup>53</sup>), so the script adds the decimal
     * digits instead: exact over the whole range of a {@code long}. A sum outside that range is refused
     * rather than wrapped.
     *
     * @throws IllegalArgumentException when {@code key} is {@code cookie}, the attribute is not an integer
     *     within a {@code long}'s range, or the sum would overflow a {@code long}; nothing is changed
     */
    @Override
    public Optional<SessionRecord> increment(String id, String key, long by) {
        Objects.requireNonNull(key, "key");
        if (key.equals(SessionJson.COOKIE_KEY)) {
            throw new IllegalArgumentException("'cookie' is reserved for the session cookie and cannot be an attribute");
        }
        String redisKey = key(id);
        String now = expireByCookie ? Long.toString(clock.millis()) : "";
        String name = SessionJson.writeValue(TextNode.valueOf(key));
        String json = call("increment", id, () -> {
            try {
                return LuaScript.INCREMENT.runForText(commands(), redisKey, now, key, name, Long.toString(by));
            } catch (RedisCommandExecutionException e) {
                String message = String.valueOf(e.getMessage());
                if (message.startsWith(NOT_INTEGER_REPLY)) {
                    throw new RejectedArgument("session attribute '" + key + "' is not an integer, so it cannot be incremented");
                }
                if (message.startsWith(OVERFLOW_REPLY)) {
                    throw new RejectedArgument("adding " + by + " to session attribute '" + key + "' would overflow a long");
                }
                throw e;
            }
        });
        return json == null ? Optional.empty() : Optional.of(parse("increment", id, json));
    }

    /** An argument the script refused: passed through {@link #call} as it is. */
    private static final class RejectedArgument extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        RejectedArgument(String message) {
            super(message);
        }
    }

    private boolean runPatch(String operation, String id, Map<String, JsonNode> set, Set<String> removed,
            CookieData cookie) {
        List<String> args = new ArrayList<>(5 + removed.size() + 2 * set.size());
        args.add(expireByCookie ? Long.toString(clock.millis()) : "");
        args.add(Long.toString(ttlSeconds(cookie)));
        args.add(member(SessionJson.COOKIE_KEY, SessionJson.writeCookie(cookie)));
        args.add(Integer.toString(removed.size()));
        args.addAll(removed);
        set.forEach((name, value) -> {
            args.add(name);
            args.add(member(name, SessionJson.writeValue(value)));
        });
        String key = key(id);
        String[] argv = args.toArray(String[]::new);
        return call(operation, id, () -> LuaScript.PATCH.run(commands(), key, argv)) == 1;
    }

    /** Every live session by id; a record that cannot be read fails the call with a {@link CorruptSessionException}. */
    @Override
    public Map<String, SessionRecord> all() {
        Map<String, SessionRecord> sessions = new LinkedHashMap<>();
        call("all", null, () -> {
            scanner.forEachValue((id, json) -> {
                SessionRecord record = parse("all", id, json);
                if (!expireByCookie || !record.isExpiredAt(clock.millis())) {
                    sessions.put(id, record);
                }
            });
            return null;
        });
        return sessions;
    }

    /** The number of live sessions; an unreadable record counts, as it is there. */
    @Override
    public long length() {
        long[] count = {0};
        call("length", null, () -> {
            scanner.forEachValue((id, json) -> {
                if (!expireByCookie || !isExpired(json)) {
                    count[0]++;
                }
            });
            return null;
        });
        return count[0];
    }

    /**
     * The ids of the stored sessions (keys with the prefix stripped), as connect-redis's {@code ids};
     * sessions expired by the clock but not yet dropped by Redis are included.
     */
    public Set<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        call("ids", null, () -> {
            scanner.forEachBatch(keys -> keys.forEach(key -> ids.add(scanner.id(key))));
            return null;
        });
        return ids;
    }

    /** Deletes every key with the prefix, found with {@code SCAN}, one {@code DEL} per batch (per slot on a cluster). */
    @Override
    public void clear() {
        call("clear", null, () -> {
            scanner.forEachBatch(keys -> commands().del(keys.toArray(String[]::new)));
            return null;
        });
    }

    /** Closes the connection, and the client when the store created it. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            target.close();
        }
    }

    @Override
    public String toString() {
        return "RedisStore[" + target.description() + ", prefix=" + prefix + "]";
    }

    // ---- internals ----

    private RedisClusterCommands<String, String> commands() {
        return target.commands();
    }

    private String key(String id) {
        return prefix + Objects.requireNonNull(id, "id");
    }

    /** connect-redis's TTL: whole seconds to the cookie's expiry, rounded up, or the default. */
    private long ttlSeconds(CookieData cookie) {
        if (cookie.expires() == null) {
            return defaultTtlSeconds;
        }
        long millis = cookie.expires().toEpochMilli() - clock.millis();
        return -Math.floorDiv(-millis, 1000L);
    }

    private static String member(String name, String jsonValue) {
        return SessionJson.writeValue(TextNode.valueOf(name)) + ":" + jsonValue;
    }

    private boolean isExpired(String json) {
        try {
            return SessionJson.read(json).isExpiredAt(clock.millis());
        } catch (CorruptSessionException e) {
            return false;
        }
    }

    private SessionRecord parse(String operation, String id, String json) {
        try {
            return SessionJson.read(json);
        } catch (CorruptSessionException e) {
            throw new CorruptSessionException(where(operation, id) + ": " + e.getMessage(), e);
        }
    }

    /** Runs one Redis call, turning Lettuce's exceptions into the store's. */
    private <T> T call(String operation, @Nullable String id, Supplier<T> action) {
        if (closed.get()) {
            throw new SessionStoreException(where(operation, id) + " on " + target.description() + " failed: the store is closed");
        }
        try {
            return action.get();
        } catch (SessionStoreException | RejectedArgument e) {
            throw e;
        } catch (RedisCommandExecutionException e) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith(CORRUPT_REPLY)) {
                throw new CorruptSessionException(where(operation, id)
                        + ": stored session is not a JSON object with a 'cookie' object ("
                        + message.substring(CORRUPT_REPLY.length()) + ")");
            }
            if (message.startsWith("WRONGTYPE")) {
                throw new CorruptSessionException(where(operation, id) + ": the key holds a Redis value of another type", e);
            }
            throw failure(operation, id, e);
        } catch (RuntimeException e) {
            throw failure(operation, id, e);
        }
    }

    private SessionStoreException failure(String operation, @Nullable String id, RuntimeException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (id != null && id.length() > 4) {
            reason = reason.replace(id, SessionIds.redact(id));
        }
        return new SessionStoreException(where(operation, id) + " on " + target.description() + " failed: " + reason, e);
    }

    private static String where(String operation, @Nullable String id) {
        return "RedisStore." + operation + "(" + (id == null ? "" : SessionIds.redact(id)) + ")";
    }

    /**
     * Builds a {@link RedisStore}. Give exactly one of {@link #uri(String)}, a Lettuce client or a
     * Lettuce connection. {@link #build()} connects, checks the server with {@code PING} and loads the
     * scripts, so a wrong address fails at start-up, not on the first request.
     */
    public static final class Builder {
        private @Nullable Object source;
        private String prefix = DEFAULT_PREFIX;
        private Clock clock = Clock.systemUTC();
        private Duration defaultTtl = DEFAULT_TTL;
        private int scanCount = DEFAULT_SCAN_COUNT;
        private boolean disableTouch;
        private boolean expireByCookie = true;

        private Builder() {
        }

        /**
         * Where Redis is; the store creates the Lettuce client and closes it with the store.
         * <ul>
         *   <li>{@code redis://[[user]:password@]host[:port][/database]}, {@code rediss://…} for TLS;</li>
         *   <li>{@code redis-sentinel://[[user]:password@]host[:port][,host2[:port2]][/database]#masterName}
         *       (Lettuce's syntax; {@code rediss-sentinel://} for TLS);</li>
         *   <li>{@code redis-cluster://[[user]:password@]host1:port1[,host2:port2…]}: seed nodes of a Redis
         *       Cluster ({@code rediss-cluster://} for TLS); query parameters apply to every seed;</li>
         *   <li>{@code redis-socket:///path/to/socket}.</li>
         * </ul>
         * Lettuce's query parameters ({@code ?timeout=5s}, {@code clientName=…}) are honoured.
         *
         * @throws IllegalArgumentException at {@link #build()} when the URI cannot be parsed; the message
         *     shows the URI without credentials
         */
        public Builder uri(String uri) {
            return source(Objects.requireNonNull(uri, "uri"));
        }

        /** A Lettuce client created with its URI; the store opens its own connection and closes only that. */
        public Builder client(RedisClient client) {
            return source(Objects.requireNonNull(client, "client"));
        }

        /** A Lettuce cluster client; the store opens its own connection and closes only that. */
        public Builder client(RedisClusterClient client) {
            return source(Objects.requireNonNull(client, "client"));
        }

        /** A connection (UTF-8 string codec) the store uses but never closes. */
        public Builder connection(StatefulRedisConnection<String, String> connection) {
            return source(Objects.requireNonNull(connection, "connection"));
        }

        /** A cluster connection (UTF-8 string codec) the store uses but never closes. */
        public Builder connection(StatefulRedisClusterConnection<String, String> connection) {
            return source(Objects.requireNonNull(connection, "connection"));
        }

        private Builder source(Object newSource) {
            if (source != null) {
                throw new IllegalStateException("RedisStore: give one of uri, client or connection, not several");
            }
            source = newSource;
            return this;
        }

        /** The key prefix; default {@value RedisStore#DEFAULT_PREFIX}. May be empty (then bulk operations see every key). */
        public Builder prefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** The clock TTLs and expiry are measured with; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The TTL of sessions whose cookie has no expiry; default one day. Whole seconds, at least one. */
        public Builder defaultTtl(Duration defaultTtl) {
            Objects.requireNonNull(defaultTtl, "defaultTtl");
            if (defaultTtl.toSeconds() < 1 || defaultTtl.toNanosPart() != 0) {
                throw new IllegalArgumentException("defaultTtl must be a positive number of whole seconds; got " + defaultTtl);
            }
            this.defaultTtl = defaultTtl;
            return this;
        }

        /** The {@code COUNT} hint of each {@code SCAN}; default {@value RedisStore#DEFAULT_SCAN_COUNT}. Must be positive. */
        public Builder scanCount(int scanCount) {
            if (scanCount <= 0) {
                throw new IllegalArgumentException("scanCount must be positive; got " + scanCount);
            }
            this.scanCount = scanCount;
            return this;
        }

        /** Makes {@link RedisStore#touch} a no-op, as connect-redis's {@code disableTouch}; default false. */
        public Builder disableTouch(boolean disableTouch) {
            this.disableTouch = disableTouch;
            return this;
        }

        /**
         * Whether a record whose {@code cookie.expires} has passed is treated as gone even while its key
         * lives; default true, as the {@link SessionStore} contract requires. Turn it off only when Node
         * apps using connect-redis share the sessions: connect-redis's {@code touch} extends the key's TTL
         * but leaves {@code cookie.expires} stale, so only Redis's TTL can tell whether such a session lives.
         */
        public Builder expireByCookie(boolean expireByCookie) {
            this.expireByCookie = expireByCookie;
            return this;
        }

        /**
         * Connects, checks the server with {@code PING} and loads the scripts.
         *
         * @throws IllegalStateException when no uri, client or connection was given
         * @throws IllegalArgumentException when the URI cannot be parsed
         * @throws SessionStoreException when Redis cannot be reached or refuses (one line, naming the
         *     URI without credentials)
         */
        public RedisStore build() {
            if (source == null) {
                throw new IllegalStateException("RedisStore: give a uri, a client or a connection");
            }
            RedisTarget target = RedisConnector.connect(source);
            return new RedisStore(this, target);
        }
    }
}
