package dev.sojourn.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.sojourn.CookieData;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionJson;
import dev.sojourn.SessionRecord;
import dev.sojourn.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A bounded in-process store on Caffeine, safe for production in one process (express-session's
 * own MemoryStore is not: it never evicts and leaks).
 *
 * <ul>
 *   <li><b>Bounded</b>: at most {@link Builder#maximumSize(long)} sessions (default
 *       {@value #DEFAULT_MAXIMUM_SIZE}). Past the bound Caffeine evicts by its W-TinyLFU policy:
 *       close to LRU, but a burst of one-off new clients cannot flush out sessions in regular use.</li>
 *   <li><b>Expiring</b>: each session lives until its cookie's expiry; a browser-session cookie
 *       (no expiry) gets {@link Builder#defaultTtl(Duration)} (default one day) from its last write or
 *       touch. Expired entries are never returned and are reclaimed by Caffeine's maintenance.</li>
 *   <li><b>No parsing</b>: sessions are kept as records of JSON trees (no text), so a read costs no
 *       JSON parse and a write no serialisation.</li>
 *   <li><b>Isolated</b>: what goes in and what comes out is {@linkplain SessionJson#detached detached}:
 *       objects and arrays are copied (strings, numbers and booleans are immutable and shared, so a
 *       session holding only those is handed out without any copy), so no caller can mutate what is
 *       stored, and values read back as they would from a JSON store.</li>
 *   <li><b>Atomic</b>: {@link #patch} and {@link #touch} run inside {@code ConcurrentMap.compute}.</li>
 * </ul>
 */
public final class MemoryStore implements SessionStore {
    /** The default bound on the number of sessions. */
    public static final long DEFAULT_MAXIMUM_SIZE = 100_000;
    /** The default lifetime of a session whose cookie has no expiry. */
    public static final Duration DEFAULT_TTL = Duration.ofDays(1);

    private final Cache<String, Entry> cache;
    private final Clock clock;
    private final long defaultTtlMillis;

    private MemoryStore(Builder builder) {
        this.clock = builder.clock;
        this.defaultTtlMillis = builder.defaultTtl.toMillis();
        this.cache = Caffeine.newBuilder()
                .maximumSize(builder.maximumSize)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(new EntryExpiry())
                // maintenance (eviction, expiry) runs on the calling thread, amortised, instead of being
                // handed to ForkJoinPool.commonPool(): no thread wake-up (unpark) on the request path
                .executor(Runnable::run)
                .build();
    }

    /** A store with the defaults. */
    public static MemoryStore create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<SessionRecord> get(String id) {
        Entry entry = cache.getIfPresent(id);
        if (entry == null || entry.isExpiredAt(clock.millis())) {
            return Optional.empty();
        }
        return Optional.of(entry.record());
    }

    @Override
    public void set(String id, SessionRecord record) {
        Entry entry = entry(record);
        if (entry.isExpiredAt(clock.millis())) {
            cache.invalidate(id);
        } else {
            cache.put(id, entry);
        }
    }

    @Override
    public void destroy(String id) {
        cache.invalidate(id);
    }

    @Override
    public void touch(String id, CookieData cookie) {
        cache.asMap().computeIfPresent(id, (key, entry) -> {
            if (entry.isExpiredAt(clock.millis())) {
                return null;
            }
            Entry touched = entry.withCookie(cookie, expiresAt(cookie));
            return touched.isExpiredAt(clock.millis()) ? null : touched;
        });
    }

    @Override
    public boolean patch(String id, SessionDelta delta) {
        boolean[] applied = {false};
        cache.asMap().computeIfPresent(id, (key, entry) -> {
            if (entry.isExpiredAt(clock.millis())) {
                return null;
            }
            applied[0] = true;
            Entry patched = entry(entry.stored().apply(delta));
            return patched.isExpiredAt(clock.millis()) ? null : patched;
        });
        return applied[0];
    }

    @Override
    public Optional<SessionRecord> increment(String id, String key, long by) {
        SessionRecord[] result = {null};
        cache.asMap().computeIfPresent(id, (k, entry) -> {
            if (entry.isExpiredAt(clock.millis())) {
                return null;
            }
            Entry incremented = Entry.of(entry.stored().incremented(key, by), entry.expiresAtMillis);
            result[0] = incremented.record();
            return incremented;
        });
        return Optional.ofNullable(result[0]);
    }

    @Override
    public Map<String, SessionRecord> all() {
        long now = clock.millis();
        Map<String, SessionRecord> live = new LinkedHashMap<>();
        cache.asMap().forEach((id, entry) -> {
            if (!entry.isExpiredAt(now)) {
                live.put(id, entry.record());
            }
        });
        return live;
    }

    @Override
    public long length() {
        long now = clock.millis();
        return cache.asMap().values().stream().filter(e -> !e.isExpiredAt(now)).count();
    }

    @Override
    public void clear() {
        cache.invalidateAll();
    }

    /** Runs Caffeine's pending maintenance now (eviction, expiry); for tests and diagnostics. */
    public void cleanUp() {
        cache.cleanUp();
    }

    /** The number of entries held, expired ones not yet reclaimed included. */
    public long estimatedSize() {
        return cache.estimatedSize();
    }

    private Entry entry(SessionRecord record) {
        return Entry.of(record, expiresAt(record.cookie()));
    }

    private long expiresAt(CookieData cookie) {
        return cookie.expires() != null ? cookie.expires().toEpochMilli() : clock.millis() + defaultTtlMillis;
    }

    /**
     * One stored session: a record whose values are {@linkplain SessionJson#detached detached} from
     * every caller. When they are all immutable (strings, numbers, booleans, null: the usual
     * session) the record itself is handed out, with no copy; otherwise a copy with its own objects
     * and arrays. Never mutated.
     */
    private record Entry(SessionRecord stored, boolean shareable, long expiresAtMillis) {
        static Entry of(SessionRecord record, long expiresAtMillis) {
            SessionRecord detached = detached(record);
            // once detached, only objects and arrays still need copying on the way out
            boolean shareable = detached.attributes().values().stream().noneMatch(JsonNode::isContainerNode);
            return new Entry(detached, shareable, expiresAtMillis);
        }

        /** The record itself when every value is immutable, else a copy with detached values. */
        private static SessionRecord detached(SessionRecord record) {
            Map<String, JsonNode> copy = null;
            for (Map.Entry<String, JsonNode> attribute : record.attributes().entrySet()) {
                JsonNode value = attribute.getValue();
                JsonNode detached = SessionJson.detached(value);
                if (detached != value && copy == null) {
                    copy = new LinkedHashMap<>(record.attributes());
                }
                if (copy != null) {
                    copy.put(attribute.getKey(), detached);
                }
            }
            return copy == null ? record : new SessionRecord(record.cookie(), copy);
        }

        /** The record for a caller, who may keep and mutate it without touching the store. */
        SessionRecord record() {
            return shareable ? stored : detached(stored);
        }

        Entry withCookie(CookieData newCookie, long newExpiresAtMillis) {
            return new Entry(stored.withCookie(newCookie), shareable, newExpiresAtMillis);
        }

        boolean isExpiredAt(long now) {
            return expiresAtMillis <= now;
        }
    }

    private final class EntryExpiry implements Expiry<String, Entry> {
        @Override
        public long expireAfterCreate(String key, Entry value, long currentTime) {
            return remaining(value);
        }

        @Override
        public long expireAfterUpdate(String key, Entry value, long currentTime, long currentDuration) {
            return remaining(value);
        }

        @Override
        public long expireAfterRead(String key, Entry value, long currentTime, long currentDuration) {
            return currentDuration;
        }

        private long remaining(Entry value) {
            return TimeUnit.MILLISECONDS.toNanos(Math.max(0, value.expiresAtMillis - clock.millis()));
        }
    }

    /** Builds a {@link MemoryStore}. */
    public static final class Builder {
        private long maximumSize = DEFAULT_MAXIMUM_SIZE;
        private Duration defaultTtl = DEFAULT_TTL;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The most sessions kept; default {@value #DEFAULT_MAXIMUM_SIZE}. Must be positive. */
        public Builder maximumSize(long maximumSize) {
            if (maximumSize <= 0) {
                throw new IllegalArgumentException("maximumSize must be positive; got " + maximumSize);
            }
            this.maximumSize = maximumSize;
            return this;
        }

        /** The lifetime of sessions whose cookie has no expiry; default one day. Must be positive. */
        public Builder defaultTtl(Duration defaultTtl) {
            Objects.requireNonNull(defaultTtl, "defaultTtl");
            if (defaultTtl.isNegative() || defaultTtl.isZero()) {
                throw new IllegalArgumentException("defaultTtl must be positive; got " + defaultTtl);
            }
            this.defaultTtl = defaultTtl;
            return this;
        }

        /** The clock expiry is measured with; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public MemoryStore build() {
            return new MemoryStore(this);
        }
    }

    @Override
    public String toString() {
        return "MemoryStore[size≈" + cache.estimatedSize() + "]";
    }

}
