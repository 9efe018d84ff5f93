package dev.sojourn.testing;

import dev.sojourn.CookieData;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionJson;
import dev.sojourn.SessionRecord;
import dev.sojourn.SessionStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A minimal store that keeps each session as the JSON text express-session's stores write, and
 * parses it again on every read (so expiry is recomputed from the stored {@code cookie.expires}
 * every time, as a custom Node store would). Its back door, {@link #putRaw} and {@link #raw},
 * lets tests plant records a real store could hold but Sojourn would never write: written by
 * Node, by an older version, or corrupt.
 */
public final class RawJsonStore implements SessionStore {
    private final ConcurrentHashMap<String, String> records = new ConcurrentHashMap<>();
    private final Clock clock;

    public RawJsonStore(Clock clock) {
        this.clock = clock;
    }

    /** Back door: stores this text under this id as is. */
    public void putRaw(String id, String json) {
        records.put(id, json);
    }

    /** Back door: the text stored under this id, or null. */
    public @Nullable String raw(String id) {
        return records.get(id);
    }

    /** Back door: every stored id. */
    public java.util.Set<String> ids() {
        return java.util.Set.copyOf(records.keySet());
    }

    @Override
    public Optional<SessionRecord> get(String id) {
        String json = records.get(id);
        if (json == null) {
            return Optional.empty();
        }
        SessionRecord record = SessionJson.read(json);
        if (record.isExpiredAt(clock.millis())) {
            records.remove(id, json);
            return Optional.empty();
        }
        return Optional.of(record);
    }

    @Override
    public void set(String id, SessionRecord record) {
        if (record.isExpiredAt(clock.millis())) {
            records.remove(id);
        } else {
            records.put(id, SessionJson.write(record));
        }
    }

    @Override
    public void destroy(String id) {
        records.remove(id);
    }

    @Override
    public void touch(String id, CookieData cookie) {
        records.computeIfPresent(id, (key, json) -> {
            SessionRecord record = SessionJson.read(json);
            if (record.isExpiredAt(clock.millis())) {
                return null;
            }
            SessionRecord touched = record.withCookie(cookie);
            return touched.isExpiredAt(clock.millis()) ? null : SessionJson.write(touched);
        });
    }

    @Override
    public boolean patch(String id, SessionDelta delta) {
        boolean[] applied = {false};
        records.computeIfPresent(id, (key, json) -> {
            SessionRecord record = SessionJson.read(json);
            if (record.isExpiredAt(clock.millis())) {
                return null;
            }
            applied[0] = true;
            SessionRecord patched = record.apply(delta);
            return patched.isExpiredAt(clock.millis()) ? null : SessionJson.write(patched);
        });
        return applied[0];
    }

    @Override
    public Map<String, SessionRecord> all() {
        Map<String, SessionRecord> live = new LinkedHashMap<>();
        records.forEach((id, json) -> {
            SessionRecord record = SessionJson.read(json);
            if (!record.isExpiredAt(clock.millis())) {
                live.put(id, record);
            }
        });
        return live;
    }

    @Override
    public long length() {
        return all().size();
    }

    @Override
    public void clear() {
        records.clear();
    }
}
