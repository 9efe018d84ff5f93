package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §3.10: the stored record, written in express-session's order, read tolerantly. */
class SessionJsonTest {
    private static final Instant EXPIRES = Instant.parse("2026-11-24T19:23:38.071Z");

    @Test
    void write_fullCookie_usesExpressMemberOrder() {
        CookieData cookie = new CookieData(3_600_000L, true, "high", EXPIRES, false, true, "example.com", "/app", "strict");

        assertThat(SessionJson.writeCookie(cookie)).isEqualTo("{\"originalMaxAge\":3600000,\"partitioned\":true,"
                + "\"priority\":\"high\",\"expires\":\"2026-11-24T19:23:38.071Z\",\"secure\":false,\"httpOnly\":true,"
                + "\"domain\":\"example.com\",\"path\":\"/app\",\"sameSite\":\"strict\"}");
    }

    @Test
    void write_browserSessionCookie_writesNullOriginalMaxAgeAndExpires() {
        CookieData cookie = new CookieData(null, null, null, null, null, true, null, "/", null);

        assertThat(SessionJson.write(new SessionRecord(cookie, Map.of())))
                .isEqualTo("{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"}}");
    }

    @Test
    void write_attributes_keepInsertionOrderAfterCookie() {
        Map<String, JsonNode> attributes = new LinkedHashMap<>();
        attributes.put("z", IntNode.valueOf(1));
        attributes.put("a", TextNode.valueOf("x"));
        attributes.put("m", IntNode.valueOf(2));
        CookieData cookie = new CookieData(null, null, null, null, null, null, null, null, null);

        assertThat(SessionJson.write(new SessionRecord(cookie, attributes)))
                .isEqualTo("{\"cookie\":{\"originalMaxAge\":null,\"expires\":null},\"z\":1,\"a\":\"x\",\"m\":2}");
    }

    @Test
    void read_membersInAnyOrderAndUnknownMembers_areAccepted() {
        SessionRecord record = SessionJson.read("{\"views\":3,\"cookie\":{\"path\":\"/x\",\"sameSite\":\"Lax\","
                + "\"expires\":\"2026-11-24T19:23:38.071Z\",\"whatever\":[1],\"originalMaxAge\":1000,\"httpOnly\":false},"
                + "\"_sojourn\":{\"v\":1}}");

        assertThat(record.cookie()).isEqualTo(new CookieData(1000L, null, null, EXPIRES, null, false, null, "/x", "Lax"));
        assertThat(record.attributes()).containsOnlyKeys("views", "_sojourn");
    }

    @Test
    void read_minimalCookie_givesNulls() {
        SessionRecord record = SessionJson.read("{\"cookie\":{}}");

        assertThat(record.cookie()).isEqualTo(new CookieData(null, null, null, null, null, null, null, null, null));
        assertThat(record.attributes()).isEmpty();
    }

    @Test
    void read_expiresFalse_isBrowserSession() {
        assertThat(SessionJson.read("{\"cookie\":{\"expires\":false}}").cookie().expires()).isNull();
    }

    @Test
    void read_sameSiteBoolean_keptAsBoolean() {
        assertThat(SessionJson.read("{\"cookie\":{\"sameSite\":true}}").cookie().sameSite()).isEqualTo(true);
        assertThat(SessionJson.read("{\"cookie\":{\"sameSite\":false}}").cookie().sameSite()).isEqualTo(false);
    }

    @Test
    void read_nestedCookieKeyInUserData_isAnAttributeMember() {
        SessionRecord record = SessionJson.read("{\"cookie\":{},\"prefs\":{\"cookie\":\"chocolate\"}}");

        assertThat(record.attributes().get("prefs").get("cookie").asText()).isEqualTo("chocolate");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "[]",
            "\"text\"",
            "{}",
            "{\"cookie\":null}",
            "{\"cookie\":\"x\"}",
            "{\"cookie\":{\"originalMaxAge\":\"60000\"}}",
            "{\"cookie\":{\"expires\":\"yesterday\"}}",
            "{\"cookie\":{\"expires\":{}}}",
            "{\"cookie\":{\"sameSite\":1}}"})
    void read_corruptRecord_throwsCorruptSessionException(String json) {
        assertThatThrownBy(() -> SessionJson.read(json)).isInstanceOf(CorruptSessionException.class);
    }

    @Test
    void sessionRecord_cookieAttribute_isRejected() {
        CookieData cookie = new CookieData(null, null, null, null, null, null, null, null, null);

        assertThatThrownBy(() -> new SessionRecord(cookie, Map.of("cookie", IntNode.valueOf(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cookie");
    }

    @Test
    void apply_delta_removesThenSetsKeepingPlacesAndReplacesCookie() {
        CookieData before = new CookieData(1000L, null, null, EXPIRES, null, true, null, "/", null);
        CookieData after = before.withExpires(EXPIRES.plusSeconds(60));
        Map<String, JsonNode> attributes = new LinkedHashMap<>();
        attributes.put("a", IntNode.valueOf(1));
        attributes.put("b", IntNode.valueOf(2));
        attributes.put("c", IntNode.valueOf(3));
        SessionRecord record = new SessionRecord(before, attributes);

        SessionRecord patched = record.apply(new SessionDelta(Map.of("a", IntNode.valueOf(10), "d", IntNode.valueOf(4)),
                Set.of("b"), after));

        assertThat(patched.attributes().keySet()).containsExactly("a", "c", "d");
        assertThat(patched.attributes().get("a").asInt()).isEqualTo(10);
        assertThat(patched.cookie()).isEqualTo(after);
        assertThat(record.attributes().keySet()).as("the original is unchanged").containsExactly("a", "b", "c");
    }

    @Test
    void sessionDelta_keySetAndRemoved_isRejected() {
        CookieData cookie = new CookieData(null, null, null, null, null, null, null, null, null);

        assertThatThrownBy(() -> new SessionDelta(Map.of("k", IntNode.valueOf(1)), Set.of("k"), cookie))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k'");
    }

    @Test
    void cookieData_sameSiteOfOtherType_isRejected() {
        assertThatThrownBy(() -> new CookieData(null, null, null, null, null, null, null, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sameSite");
    }

    @Test
    void isExpiredAt_expiry_isInclusive() {
        CookieData cookie = new CookieData(1000L, null, null, EXPIRES, null, null, null, null, null);

        assertThat(cookie.isExpiredAt(EXPIRES.toEpochMilli() - 1)).isFalse();
        assertThat(cookie.isExpiredAt(EXPIRES.toEpochMilli())).isTrue();
        assertThat(cookie.withExpires(null).isExpiredAt(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void detached_containers_areCopiedDeeply() {
        ObjectNode user = JsonNodeFactory.instance.objectNode().put("name", "alice");
        user.putArray("roles").add("admin");

        JsonNode copy = SessionJson.detached(user);
        user.put("name", "mallory");
        user.withArray("roles").add("root");

        assertThat(copy).isNotSameAs(user);
        assertThat(copy.toString()).isEqualTo("{\"name\":\"alice\",\"roles\":[\"admin\"]}");
    }

    @Test
    void detached_immutableNodes_areSharedNotCopied() {
        TextNode text = TextNode.valueOf("alice");
        IntNode number = IntNode.valueOf(1234);

        assertThat(SessionJson.detached(text)).isSameAs(text);
        assertThat(SessionJson.detached(number)).isSameAs(number);
    }

    /** Whatever node kind goes in, what comes out equals what parsing the value's JSON text gives. */
    @Test
    void detached_otherNodeKinds_readAsAfterAJsonRoundTrip() {
        List<JsonNode> values = List.of(LongNode.valueOf(7), LongNode.valueOf(1L << 40), ShortNode.valueOf((short) 3),
                FloatNode.valueOf(1.5f), DecimalNode.valueOf(new BigDecimal("2.25")), BinaryNode.valueOf(new byte[] {1, 2, 3}),
                new POJONode(Map.of("a", List.of(1, 2))), DoubleNode.valueOf(Double.NaN), DoubleNode.valueOf(Double.NEGATIVE_INFINITY),
                JsonNodeFactory.instance.arrayNode().add(LongNode.valueOf(5)).add(new POJONode(List.of("x"))));

        for (JsonNode value : values) {
            JsonNode parsed = SessionJson.read("{\"cookie\":{},\"v\":" + SessionJson.writeValue(value) + "}").attributes().get("v");
            assertThat(SessionJson.detached(value)).as("%s (%s)", value, value.getClass().getSimpleName()).isEqualTo(parsed);
        }
    }
}
