package dev.sojourn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one request changed in a session: top-level attributes set (new value) or removed, and the
 * cookie object to store. {@link SessionStore#patch} applies it atomically, so parallel requests that
 * change different keys never lose each other's writes.
 *
 * @param set attributes written in this request, with their new JSON value
 * @param removed attributes removed in this request
 * @param cookie the cookie object to store (its expiry is the session's new expiry)
 */
public record SessionDelta(Map<String, JsonNode> set, Set<String> removed, CookieData cookie) {

    public SessionDelta {
        Objects.requireNonNull(cookie, "cookie");
        set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
        removed = Collections.unmodifiableSet(new LinkedHashSet<>(removed));
        if (set.containsKey(SessionJson.COOKIE_KEY) || removed.contains(SessionJson.COOKIE_KEY)) {
            throw new IllegalArgumentException("'cookie' is reserved for the session cookie and cannot be an attribute");
        }
        for (String key : set.keySet()) {
            if (removed.contains(key)) {
                throw new IllegalArgumentException("attribute '" + key + "' cannot be both set and removed");
            }
        }
    }

    /** Whether no attribute changed (the cookie may still have). */
    public boolean hasNoAttributeChanges() {
        return set.isEmpty() && removed.isEmpty();
    }
}
