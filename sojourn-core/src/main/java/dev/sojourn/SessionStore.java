package dev.sojourn;

import java.util.Map;
import java.util.Optional;

/**
 * Where sessions live between requests: express-session's Store contract (spec §4), blocking,
 * with one addition, {@link #patch}, that makes parallel requests safe.
 *
 * <p>{@link #get}, {@link #set} and {@link #destroy} are required; {@link #touch} and
 * {@link #patch} have correct but non-atomic defaults that real stores override with one atomic
 * operation; {@link #all}, {@link #length} and {@link #clear} are optional and by default throw
 * {@link UnsupportedOperationException} naming the store.
 *
 * <p>Contract for implementers: thread-safe; "not found" and "expired" are empty results, never
 * exceptions; a record whose {@code cookie.expires} has passed is never returned; backend failures
 * are {@link SessionStoreException}s whose messages never carry a whole session id (see
 * {@link SessionIds#redact}); unreadable records raise {@link CorruptSessionException}. The
 * {@code sojourn-store-tck} module checks all of this.
 */
public interface SessionStore {

    /** The stored session, or empty when there is none or it has expired. */
    Optional<SessionRecord> get(String id);

    /** Stores the whole session, replacing any previous one (upsert). An already expired record is deleted instead. */
    void set(String id, SessionRecord record);

    /** Deletes the session; deleting a missing one is not an error. */
    void destroy(String id);

    /**
     * Extends the session's life to {@code cookie.expires()} (or the store's default) without changing
     * its data. Missing sessions are ignored. The default reads and rewrites the record.
     */
    default void touch(String id, CookieData cookie) {
        get(id).ifPresent(record -> set(id, record.withCookie(cookie)));
    }

    /**
     * Applies a delta to a stored session atomically and returns {@code true}; returns {@code false}
     * and stores nothing when the session does not exist (it must never be re-created here, or a
     * request running in parallel with a logout would resurrect the session). The default is a
     * read-merge-write, atomic only if the store serialises it; stores override it.
     */
    default boolean patch(String id, SessionDelta delta) {
        Optional<SessionRecord> current = get(id);
        if (current.isEmpty()) {
            return false;
        }
        set(id, current.get().apply(delta));
        return true;
    }

    /**
     * Atomically adds {@code by} to the integer attribute {@code key} of a stored session and
     * returns the whole record after the change; returns empty and creates nothing when the session
     * does not exist or has expired. A missing attribute (or JSON {@code null}) counts as 0. The
     * cookie and the expiry are left as they are. Every other attribute keeps its stored value.
     *
     * <p>This lets a request change a counter with one store call and without loading the session
     * first, and parallel increments of the same key are never lost. The default is a read-merge-write
     * through {@link #get} and {@link #patch}: correct, but neither atomic nor one call; stores
     * override it.
     *
     * @throws IllegalArgumentException when the attribute holds anything but an integer
     */
    default Optional<SessionRecord> increment(String id, String key, long by) {
        Optional<SessionRecord> current = get(id);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        SessionRecord changed = current.get().incremented(key, by);
        SessionDelta delta = new SessionDelta(Map.of(key, changed.attributes().get(key)), java.util.Set.of(), changed.cookie());
        return patch(id, delta) ? Optional.of(changed) : Optional.empty();
    }

    /** Every live session by id (optional). */
    default Map<String, SessionRecord> all() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support all()");
    }

    /** The number of live sessions (optional). */
    default long length() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support length()");
    }

    /** Deletes every session (optional). */
    default void clear() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support clear()");
    }
}
