package dev.sojourn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A user's session during one request: express-session's {@code req.session}. Attributes are
 * JSON values (any type Jackson can write), read back typed; the session also has an {@link #id()},
 * a {@link #cookie()}, and express-session's methods {@link #regenerate()}, {@link #destroy()},
 * {@link #reload()}, {@link #save()} and {@link #touch()}.
 *
 * <p>The session records what the request changes, per top-level attribute: values set, values
 * removed, and values read and then mutated in place (each read value is compared in its JSON form
 * at commit). Only those changes are written, so parallel requests of one client that change
 * different attributes never lose each other's writes.
 *
 * <p>Thread-safe: every method locks the request's {@link SessionHandle}, so async work of one
 * request may use it. It must not be used after its request has ended.
 */
public final class Session {
    private static final Comparator<JsonNode> NUMERIC_EQUALITY = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return 1;
    };

    private final SessionHandle handle;
    private final ObjectMapper mapper;
    private final String originalId;
    private final LinkedHashMap<String, AttributeSlot> slots = new LinkedHashMap<>();
    private final Instant firstSeen;
    private String id;
    private SessionCookie cookie;
    /** What the store holds as far as this request knows; never mutated (replaced), so it may share a record's map. */
    private Map<String, JsonNode> baseline;
    private boolean persisted;
    private boolean isNew;
    private boolean valid = true;
    private boolean changedEarlier;
    private boolean savedExplicitly;
    private @Nullable CookieData loadedCookie;

    private Session(SessionHandle handle, String id, SessionCookie cookie, Map<String, JsonNode> attributes,
            boolean persisted, Instant firstSeen) {
        this.handle = handle;
        this.mapper = handle.objectMapper();
        this.id = id;
        this.originalId = id;
        this.cookie = cookie;
        this.persisted = persisted;
        this.isNew = !persisted;
        this.firstSeen = firstSeen;
        this.baseline = attributes;
        attributes.forEach((key, tree) -> slots.put(key, new AttributeSlot(tree)));
    }

    static Session created(SessionHandle handle, String id, SessionCookie cookie, Instant now) {
        return new Session(handle, id, cookie, Map.of(), false, now);
    }

    static Session loaded(SessionHandle handle, String id, SessionRecord record, SessionCookie cookie, Instant now) {
        Session session = new Session(handle, id, cookie, record.attributes(), true, lastWrite(record.cookie(), now));
        session.loadedCookie = record.cookie();
        return session;
    }

    private static Instant lastWrite(CookieData cookie, Instant fallback) {
        if (cookie.expires() != null && cookie.originalMaxAge() != null) {
            return cookie.expires().minusMillis(cookie.originalMaxAge());
        }
        return fallback;
    }

    /** The session id (changes on {@link #regenerate()} and {@link #changeId()}). */
    public String id() {
        synchronized (handle) {
            return id;
        }
    }

    /** The session's cookie: its expiry and attributes. */
    public SessionCookie cookie() {
        synchronized (handle) {
            checkValid();
            return cookie;
        }
    }

    /** Whether the session was created in this request: the client does not know its id yet. */
    public boolean isNew() {
        synchronized (handle) {
            return isNew;
        }
    }

    /**
     * When the session was last written or touched before this request (derived from its stored
     * expiry), or when it was created if that happened in this request. Stored records, like
     * express-session's, hold no creation time, so this is the earliest time Sojourn knows.
     */
    public Instant lastAccessedTime() {
        synchronized (handle) {
            checkValid();
            return firstSeen;
        }
    }

    /** The attribute's value as plain Java (Map, List, String, Integer, Long, Double, Boolean), or null when absent. */
    public @Nullable Object get(String key) {
        return get(key, mapper.constructType(Object.class));
    }

    /**
     * The attribute converted to {@code type}, or null when absent or JSON null. The object returned
     * is the session's own: mutating it in place changes the session.
     *
     * @throws IllegalArgumentException when the stored value cannot be converted to {@code type}
     */
    public <T> @Nullable T get(String key, Class<T> type) {
        return get(key, mapper.constructType(type));
    }

    /** {@link #get(String, Class)} for generic types, e.g. {@code new TypeReference<List<String>>() {}}. */
    public <T> @Nullable T get(String key, TypeReference<T> type) {
        return get(key, mapper.constructType(type));
    }

    @SuppressWarnings("unchecked")
    private <T> @Nullable T get(String key, JavaType type) {
        synchronized (handle) {
            checkValid();
            AttributeSlot slot = slots.get(key);
            if (slot == null) {
                return null;
            }
            if (slot.materialized && (slot.live == null || type.getRawClass().isInstance(slot.live))) {
                return (T) slot.live;
            }
            JsonNode source = slot.materialized ? mapper.valueToTree(slot.live) : slot.tree;
            try {
                T value = JsonNode.class.isAssignableFrom(type.getRawClass())
                        ? (T) source.deepCopy()
                        : mapper.treeToValue(source, type);
                slot.live = value;
                slot.materialized = true;
                return value;
            } catch (Exception e) {
                throw new IllegalArgumentException("session attribute '" + key + "' cannot be read as "
                        + type.toCanonical() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Sets an attribute. The value must be writable as JSON by the configured Jackson mapper; a null
     * value is stored as JSON {@code null}.
     *
     * @throws IllegalArgumentException when the key is {@code cookie} (reserved) or the value cannot be written as JSON
     */
    public void set(String key, @Nullable Object value) {
        if (SessionJson.COOKIE_KEY.equals(key)) {
            throw new IllegalArgumentException("session attribute name 'cookie' is reserved for the session cookie");
        }
        JsonNode tree = toStorableTree(key, value);
        synchronized (handle) {
            checkValid();
            AttributeSlot slot = slots.get(key);
            if (slot == null) {
                slots.put(key, AttributeSlot.written(tree, value));
            } else {
                slot.tree = tree;
                slot.live = value;
                slot.materialized = true;
            }
        }
    }

    /**
     * The value as JSON, checked to read back as its own type: a value Jackson can write but not
     * read (a {@code Thread}) would come back from the store as something else.
     */
    private JsonNode toStorableTree(String key, @Nullable Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        try {
            JsonNode tree = mapper.valueToTree(value);
            if (!isPlainJsonType(value)) {
                mapper.treeToValue(tree, value.getClass());
            }
            return tree;
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw new IllegalArgumentException("session attribute '" + key + "' of type " + value.getClass().getName()
                    + " cannot be stored as JSON: " + e.getMessage(), e);
        }
    }

    private static boolean isPlainJsonType(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof JsonNode || value instanceof Map || value instanceof java.util.Collection;
    }

    /**
     * Adds {@code by} to an integer attribute and returns the new value; a missing (or JSON null)
     * attribute counts as 0. For a session that is already stored, the addition happens in the store
     * at once, atomically ({@link SessionStore#increment}): parallel requests incrementing the same
     * counter never lose an increment, which {@link #set} (last writer wins) cannot promise.
     *
     * @throws IllegalArgumentException when the attribute holds anything but an integer
     */
    public long increment(String key, long by) {
        synchronized (handle) {
            checkValid();
            if (SessionJson.COOKIE_KEY.equals(key)) {
                throw new IllegalArgumentException("session attribute name 'cookie' is reserved for the session cookie");
            }
            if (persisted && !hasPendingChange(key)) {
                Optional<SessionRecord> stored = handle.storeIncrement(this, key, by);
                if (stored.isPresent()) {
                    JsonNode value = stored.get().attributes().get(key);
                    slots.put(key, new AttributeSlot(value));
                    Map<String, JsonNode> known = new LinkedHashMap<>(baseline);
                    known.put(key, value);
                    baseline = known;
                    changedEarlier = true;
                    return value.asLong();
                }
            }
            JsonNode value = new SessionRecord(cookie.toData(), Map.of(key, currentTree(key))).incremented(key, by).attributes().get(key);
            set(key, value.asLong());
            return value.asLong();
        }
    }

    private boolean hasPendingChange(String key) {
        AttributeSlot slot = slots.get(key);
        JsonNode before = baseline.get(key);
        if (slot == null) {
            return before != null;
        }
        JsonNode now = slot.materialized ? currentTree(key, slot) : slot.tree;
        return before == null || !before.equals(NUMERIC_EQUALITY, now);
    }

    private JsonNode currentTree(String key) {
        AttributeSlot slot = slots.get(key);
        if (slot == null) {
            return NullNode.getInstance();
        }
        return slot.materialized ? currentTree(key, slot) : slot.tree;
    }

    /** A session just incremented in the store without being loaded first: counts as modified. */
    static Session incremented(SessionHandle handle, String id, SessionRecord record, SessionCookie cookie, Instant now) {
        Session session = loaded(handle, id, record, cookie, now);
        session.changedEarlier = true;
        return session;
    }

    /** Removes an attribute; removing a missing one does nothing. */
    public void remove(String key) {
        synchronized (handle) {
            checkValid();
            slots.remove(key);
        }
    }

    /** Whether the attribute is present (possibly as JSON null). */
    public boolean has(String key) {
        synchronized (handle) {
            checkValid();
            return slots.containsKey(key);
        }
    }

    /** The attribute names, in order; a snapshot. */
    public Set<String> keys() {
        synchronized (handle) {
            checkValid();
            return Collections.unmodifiableSet(new LinkedHashSet<>(slots.keySet()));
        }
    }

    /**
     * Replaces this session with a new one: new id, fresh cookie from the configuration, no data.
     * The old session is deleted from the store now. Use it at login against session fixation.
     */
    public void regenerate() {
        synchronized (handle) {
            checkValid();
            handle.regenerate(this);
        }
    }

    /**
     * Gives the session a new id and keeps its data (the Servlet API's {@code changeSessionId}). The
     * old id is deleted from the store now.
     */
    public void changeId() {
        synchronized (handle) {
            checkValid();
            handle.changeId(this);
        }
    }

    /**
     * Deletes the session from the store now and, at commit, tells the client to drop its cookie
     * (express-session leaves the cookie). The object is unusable afterwards; the request may
     * create a new session.
     */
    public void destroy() {
        synchronized (handle) {
            checkValid();
            handle.destroy(this);
        }
    }

    /**
     * Replaces this session's data and cookie with what the store holds now.
     *
     * @throws SessionNotFoundException when the store has no such session
     */
    public void reload() {
        synchronized (handle) {
            checkValid();
            handle.reload(this);
        }
    }

    /**
     * Writes the session to the store now. The end of the request then writes only what changes
     * afterwards.
     */
    public void save() {
        synchronized (handle) {
            checkValid();
            handle.save(this);
        }
    }

    /** Resets the expiry to now + the cookie's original max age (the engine does this once per request anyway). */
    public void touch() {
        synchronized (handle) {
            checkValid();
            cookie.resetExpiry();
        }
    }

    @Override
    public String toString() {
        synchronized (handle) {
            return "Session[" + SessionIds.redact(id) + ", keys=" + slots.keySet() + "]";
        }
    }

    // ---- engine side (called with the handle's lock held) ----

    private void checkValid() {
        if (!valid) {
            throw new IllegalStateException("session was destroyed or unset in this request; get a new one from the handle");
        }
    }

    /** What changed since the last load or save: attributes to set and to remove. */
    Changes changes() {
        Map<String, JsonNode> current = new LinkedHashMap<>();
        Map<String, JsonNode> set = null;
        for (Map.Entry<String, AttributeSlot> entry : slots.entrySet()) {
            AttributeSlot slot = entry.getValue();
            JsonNode tree = slot.materialized ? currentTree(entry.getKey(), slot) : slot.tree;
            current.put(entry.getKey(), tree);
            JsonNode before = baseline.get(entry.getKey());
            if (before == null || (before != tree && !before.equals(NUMERIC_EQUALITY, tree))) {
                if (set == null) {
                    set = new LinkedHashMap<>();
                }
                set.put(entry.getKey(), tree);
            }
        }
        Set<String> removed = null;
        if (baseline.size() > current.size() || set != null) {
            for (String key : baseline.keySet()) {
                if (!slots.containsKey(key)) {
                    if (removed == null) {
                        removed = new LinkedHashSet<>();
                    }
                    removed.add(key);
                }
            }
        }
        return new Changes(set == null ? Map.of() : set, removed == null ? Set.of() : removed, current);
    }

    private JsonNode currentTree(String key, AttributeSlot slot) {
        if (slot.live instanceof JsonNode node) {
            return node.deepCopy();
        }
        try {
            return slot.live == null ? NullNode.getInstance() : mapper.valueToTree(slot.live);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("session attribute '" + key + "' can no longer be written as JSON: "
                    + e.getMessage(), e);
        }
    }

    /** The whole session as a record, with these attribute trees. */
    SessionRecord toRecord(Changes changes) {
        return new SessionRecord(cookie.toData(), changes.current());
    }

    /** After a successful write: what is stored now is the new baseline. */
    void markSaved(Changes changes) {
        changedEarlier |= changes.any() || !id.equals(originalId);
        baseline = changes.current();
        changes.current().forEach((key, tree) -> slots.get(key).tree = tree);
        persisted = true;
        cookie.clearChanged();
    }

    /** Whether the data or id changed in this request (express-session's {@code isModified}). */
    boolean isModified(Changes changes) {
        return changedEarlier || changes.any() || !id.equals(originalId);
    }

    void replaceWith(SessionRecord record, SessionCookie freshCookie) {
        slots.clear();
        record.attributes().forEach((key, tree) -> slots.put(key, new AttributeSlot(tree)));
        baseline = record.attributes();
        cookie = freshCookie;
        loadedCookie = record.cookie();
        persisted = true;
    }

    void renew(String newId, @Nullable SessionCookie freshCookie, boolean keepData) {
        id = newId;
        if (freshCookie != null) {
            cookie = freshCookie;
        }
        if (!keepData) {
            slots.clear();
        }
        baseline = Map.of();
        persisted = false;
        isNew = true;
        loadedCookie = null;
    }

    void invalidate() {
        valid = false;
    }

    boolean isValid() { return valid; }
    boolean isPersisted() { return persisted; }
    void markNotPersisted() { persisted = false; }
    boolean savedExplicitly() { return savedExplicitly; }
    void markSavedExplicitly() { savedExplicitly = true; }
    @Nullable CookieData loadedCookie() { return loadedCookie; }
    String currentId() { return id; }
    SessionCookie currentCookie() { return cookie; }

    /** The result of {@link #changes()}. */
    record Changes(Map<String, JsonNode> set, Set<String> removed, Map<String, JsonNode> current) {
        boolean any() {
            return !set.isEmpty() || !removed.isEmpty();
        }
    }
}
