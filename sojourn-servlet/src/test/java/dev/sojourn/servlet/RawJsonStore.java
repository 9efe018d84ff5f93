package dev.sojourn.servlet;

import dev.sojourn.SessionJson;
import dev.sojourn.SessionRecord;
import dev.sojourn.SessionStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A store that keeps each session as its JSON text, as Redis or a SQL table would, with a back door
 * to put any text (corrupt JSON included) under an id. Reads parse with {@link SessionJson#read},
 * which raises {@code CorruptSessionException} for unreadable records. Expiry is not enforced.
 */
final class RawJsonStore implements SessionStore {
    private final Map<String, String> records = new ConcurrentHashMap<>();

    /** Puts raw text under {@code id}, whatever it is. */
    void putRaw(String id, String text) {
        records.put(id, text);
    }

    @Nullable String raw(String id) {
        return records.get(id);
    }

    Map<String, String> rawRecords() {
        return Map.copyOf(records);
    }

    @Override
    public Optional<SessionRecord> get(String id) {
        String text = records.get(id);
        return text == null ? Optional.empty() : Optional.of(SessionJson.read(text));
    }

    @Override
    public void set(String id, SessionRecord record) {
        records.put(id, SessionJson.write(record));
    }

    @Override
    public void destroy(String id) {
        records.remove(id);
    }

    @Override
    public Map<String, SessionRecord> all() {
        Map<String, SessionRecord> all = new LinkedHashMap<>();
        records.forEach((id, text) -> all.put(id, SessionJson.read(text)));
        return all;
    }

    @Override
    public long length() {
        return records.size();
    }

    @Override
    public void clear() {
        records.clear();
    }
}
