package dev.sojourn;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The stored form of a session: the JSON express-session's stores write (spec §3.10), byte for
 * byte for the same data: {@code {"cookie":{...},"key":value,...}}, with the cookie's members in
 * express-session's order ({@code originalMaxAge, partitioned, priority, expires, secure, httpOnly,
 * domain, path, sameSite}) and {@code expires} as ISO-8601 with milliseconds.
 *
 * <p>Reading is tolerant, as a record written by Node or an older Sojourn may be: missing optional
 * members, unknown members, members in any order, {@code sameSite} as a boolean or any-case string,
 * and {@code expires} of {@code null} or {@code false}. Thread-safe.
 */
public final class SessionJson {
    /** The top-level member that holds the cookie object. */
    public static final String COOKIE_KEY = "cookie";

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxStringLength(64 * 1024 * 1024).build());
    }

    private SessionJson() {
    }

    /** The JSON text of a record. */
    public static String write(SessionRecord record) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator gen = MAPPER.getFactory().createGenerator(out)) {
            gen.writeStartObject();
            gen.writeFieldName(COOKIE_KEY);
            writeCookie(gen, record.cookie());
            for (Map.Entry<String, JsonNode> attribute : record.attributes().entrySet()) {
                gen.writeFieldName(attribute.getKey());
                MAPPER.writeTree(gen, attribute.getValue());
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a session record", e);
        }
        return out.toString();
    }

    /** The JSON text of a cookie object alone (what {@code touch} stores in some backends). */
    public static String writeCookie(CookieData cookie) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator gen = MAPPER.getFactory().createGenerator(out)) {
            writeCookie(gen, cookie);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a session cookie", e);
        }
        return out.toString();
    }

    /** The JSON text of one attribute value, as it appears in a record. */
    public static String writeValue(JsonNode value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write a session attribute", e);
        }
    }

    /**
     * A copy of a value that no one else holds and that reads as the value would after a JSON round
     * trip: what a store that keeps trees instead of text hands out and takes in. Immutable nodes
     * (strings, booleans, null, and the {@code int}, {@code long} and {@code double} numbers a parse
     * gives) are returned as they are; objects and arrays are copied; any other node (a
     * {@code POJONode}, binary data, a {@code float} or {@code BigDecimal} number, a {@code long} that
     * fits an {@code int}, a non-finite {@code double}, written as a string) becomes what parsing its
     * JSON text gives.
     */
    public static JsonNode detached(JsonNode value) {
        switch (value.getNodeType()) {
            case STRING, BOOLEAN, NULL -> {
                return value;
            }
            case OBJECT -> {
                ObjectNode copy = MAPPER.createObjectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    copy.set(field.getKey(), detached(field.getValue()));
                }
                return copy;
            }
            case ARRAY -> {
                ArrayNode copy = MAPPER.createArrayNode();
                value.forEach(element -> copy.add(detached(element)));
                return copy;
            }
            case NUMBER -> {
                if (value instanceof IntNode || value instanceof DoubleNode && Double.isFinite(value.doubleValue())) {
                    return value;
                }
                if (value instanceof LongNode) {
                    return value.canConvertToInt() ? IntNode.valueOf(value.intValue()) : value;
                }
                return reparsed(value);
            }
            default -> {
                return reparsed(value);
            }
        }
    }

    private static JsonNode reparsed(JsonNode value) {
        try {
            return MAPPER.readTree(writeValue(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("session attribute cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void writeCookie(JsonGenerator gen, CookieData c) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName("originalMaxAge");
        if (c.originalMaxAge() == null) {
            gen.writeNull();
        } else {
            gen.writeNumber(c.originalMaxAge());
        }
        if (c.partitioned() != null) {
            gen.writeBooleanField("partitioned", c.partitioned());
        }
        if (c.priority() != null) {
            gen.writeStringField("priority", c.priority());
        }
        gen.writeFieldName("expires");
        if (c.expires() == null) {
            gen.writeNull();
        } else {
            gen.writeString(HttpDates.iso(c.expires()));
        }
        if (c.secure() != null) {
            gen.writeBooleanField("secure", c.secure());
        }
        if (c.httpOnly() != null) {
            gen.writeBooleanField("httpOnly", c.httpOnly());
        }
        if (c.domain() != null) {
            gen.writeStringField("domain", c.domain());
        }
        if (c.path() != null) {
            gen.writeStringField("path", c.path());
        }
        if (c.sameSite() instanceof Boolean b) {
            gen.writeBooleanField("sameSite", b);
        } else if (c.sameSite() != null) {
            gen.writeStringField("sameSite", (String) c.sameSite());
        }
        gen.writeEndObject();
    }

    /**
     * Parses a stored record.
     *
     * @throws CorruptSessionException when the text is not a JSON object with a {@code cookie} object
     */
    public static SessionRecord read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CorruptSessionException("stored session is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode object)) {
            throw new CorruptSessionException("stored session is not a JSON object");
        }
        JsonNode cookieNode = object.get(COOKIE_KEY);
        if (!(cookieNode instanceof ObjectNode cookieObject)) {
            throw new CorruptSessionException("stored session has no 'cookie' object");
        }
        Map<String, JsonNode> attributes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getKey().equals(COOKIE_KEY)) {
                attributes.put(field.getKey(), field.getValue());
            }
        }
        return new SessionRecord(readCookie(cookieObject), attributes);
    }

    /** Parses a cookie object alone. */
    public static CookieData readCookie(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (!(node instanceof ObjectNode object)) {
                throw new CorruptSessionException("stored cookie is not a JSON object");
            }
            return readCookie(object);
        } catch (JsonProcessingException e) {
            throw new CorruptSessionException("stored cookie is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static CookieData readCookie(ObjectNode c) {
        JsonNode maxAge = c.get("originalMaxAge");
        Long originalMaxAge = null;
        if (maxAge != null && !maxAge.isNull()) {
            if (!maxAge.isNumber()) {
                throw new CorruptSessionException("stored cookie.originalMaxAge is not a number");
            }
            originalMaxAge = maxAge.asLong();
        }
        return new CookieData(originalMaxAge, bool(c, "partitioned"), text(c, "priority"), expires(c.get("expires")),
                bool(c, "secure"), bool(c, "httpOnly"), text(c, "domain"), text(c, "path"), sameSite(c.get("sameSite")));
    }

    private static @Nullable Instant expires(@Nullable JsonNode node) {
        if (node == null || node.isNull() || (node.isBoolean() && !node.asBoolean())) {
            return null;
        }
        if (node.isNumber()) {
            return Instant.ofEpochMilli(node.asLong());
        }
        if (!node.isTextual()) {
            throw new CorruptSessionException("stored cookie.expires is neither a date string nor null");
        }
        try {
            return HttpDates.parseIso(node.asText());
        } catch (DateTimeParseException e) {
            throw new CorruptSessionException("stored cookie.expires is not an ISO-8601 date");
        }
    }

    private static @Nullable Object sameSite(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isTextual()) {
            return node.asText();
        }
        throw new CorruptSessionException("stored cookie.sameSite is neither a boolean nor a string");
    }

    private static @Nullable Boolean bool(ObjectNode c, String name) {
        JsonNode node = c.get(name);
        return node == null || node.isNull() ? null : node.asBoolean();
    }

    private static @Nullable String text(ObjectNode c, String name) {
        JsonNode node = c.get(name);
        return node == null || node.isNull() ? null : node.asText();
    }
}
