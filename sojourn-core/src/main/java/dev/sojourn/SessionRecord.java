package dev.sojourn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One stored session: the application's attributes (top-level JSON keys, in order) and the
 * {@code cookie} object. This is what a {@link SessionStore} keeps; {@link SessionJson} turns it
 * into the exact JSON express-session stores (spec §3.10).
 *
 * <p>Immutable as long as nobody mutates the {@link JsonNode} values, which stores and the engine
 * never do.
 *
 * @param cookie the cookie object
 * @param attributes the application's data, keys in insertion order, without {@code cookie}
 */
public record SessionRecord(CookieData cookie, Map<String, JsonNode> attributes) {

    public SessionRecord {
        Objects.requireNonNull(cookie, "cookie");
        if (attributes.containsKey(SessionJson.COOKIE_KEY)) {
            throw new IllegalArgumentException("'cookie' is reserved for the session cookie and cannot be an attribute");
        }
        attributes = AttributeMap.copyOf(attributes);
    }

    /** Whether the session has expired at {@code nowMillis}: its cookie's expiry has passed. */
    public boolean isExpiredAt(long nowMillis) {
        return cookie.isExpiredAt(nowMillis);
    }

    /** This record with a delta applied: removals, then sets (existing keys keep their place), then the delta's cookie. */
    public SessionRecord apply(SessionDelta delta) {
        Map<String, JsonNode> merged = new LinkedHashMap<>(attributes);
        delta.removed().forEach(merged::remove);
        merged.putAll(delta.set());
        return new SessionRecord(delta.cookie(), merged);
    }

    /**
     * This record with {@code by} added to the integer attribute {@code key} (a missing or JSON
     * {@code null} attribute counts as 0): what {@link SessionStore#increment} stores. The cookie and
     * every other attribute are kept.
     *
     * @throws IllegalArgumentException when the attribute holds anything but an integer, or the sum
     *     overflows a {@code long}
     */
    public SessionRecord incremented(String key, long by) {
        long value;
        try {
            value = Math.addExact(integerAttribute(attributes, key), by);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("session attribute '" + key + "' would overflow a long", e);
        }
        Map<String, JsonNode> changed = new LinkedHashMap<>(attributes);
        // as a JSON parse would give it back: an int when it fits
        changed.put(key, value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value));
        return new SessionRecord(cookie, changed);
    }

    static long integerAttribute(Map<String, JsonNode> attributes, String key) {
        JsonNode value = attributes.get(key);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("session attribute '" + key + "' is not an integer, so it cannot be incremented");
        }
        return value.asLong();
    }

    /** This record with another cookie object (what {@code touch} stores). */
    public SessionRecord withCookie(CookieData newCookie) {
        return new SessionRecord(newCookie, attributes);
    }
}
