package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sojourn.CookieData;
import dev.sojourn.CorruptSessionException;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionJson;
import dev.sojourn.SessionRecord;
import io.lettuce.core.SetArgs;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server-side merge of {@code patch.lua}: it must splice the stored JSON text, never re-encode it,
 * so every member the delta does not touch keeps its exact bytes (as Node wrote them), and the result
 * equals what Java's {@link SessionRecord#apply} would write.
 */
class PatchScriptTest extends StandaloneRedisFixture {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String KEY = "sess:sid-1";

    @Override
    Instant startTime() {
        return Instant.parse("2030-01-01T00:00:00Z");
    }

    private String cookieJson(Duration ttl) {
        return SessionJson.writeCookie(cookie(ttl));
    }

    private static SessionDelta delta(Map<String, JsonNode> set, Set<String> removed, CookieData cookie) {
        return new SessionDelta(set, removed, cookie);
    }

    private String patchRaw(String stored, SessionDelta delta) {
        raw().set(KEY, stored);
        assertThat(store.patch("sid-1", delta)).isTrue();
        return raw().get(KEY);
    }

    @Test
    void untouchedMembers_keepTheirBytes_evenWhereCjsonWouldChangeThem() {
        String untouched = "\"big\":1e400,\"huge\":123456789012345678901234567890,\"neg0\":-0,\"float\":1.0,"
                + "\"exp\":2.5E-3,\"empty\":[],\"emptyObj\":{},\"nested\":{\"z\":1,\"a\":[[],{}],\"cookie\":{\"expires\":0}},"
                + "\"uni\":\"caf\\u00e9 \\ud83d\\ude00 \\/\",\"t\":true,\"f\":false,\"n\":null";
        String stored = "{\"cookie\":" + cookieJson(Duration.ofMinutes(5)) + "," + untouched + ",\"views\":1}";

        String after = patchRaw(stored, delta(Map.of("views", F.numberNode(2)), Set.of(), cookie(Duration.ofHours(1))));

        assertThat(after).isEqualTo("{\"cookie\":" + cookieJson(Duration.ofHours(1)) + "," + untouched + ",\"views\":2}");
    }

    @Test
    void nestedKeysNamedLikeTopLevelKeys_areNotTouched() {
        String stored = "{\"cookie\":" + cookieJson(Duration.ofMinutes(5))
                + ",\"a\":{\"a\":1,\"b\":{\"a\":2,\"cookie\":{\"path\":\"/x\"}},\"c\":[{\"a\":3}]},\"b\":[\"a\",{\"b\":\"c\"}],\"c\":\"a\"}";

        String after = patchRaw(stored, delta(Map.of("c", F.textNode("new")), Set.of("b"), cookie(Duration.ofHours(1))));

        assertThat(after).isEqualTo("{\"cookie\":" + cookieJson(Duration.ofHours(1))
                + ",\"a\":{\"a\":1,\"b\":{\"a\":2,\"cookie\":{\"path\":\"/x\"}},\"c\":[{\"a\":3}]},\"c\":\"new\"}");
    }

    @Test
    void stringsWithBracesQuotesAndEscapes_areSkippedWhole() {
        String tricky = "\"s1\":\"}{][,:\",\"s2\":\"he said \\\"}\\\" ok\",\"s3\":\"ends with backslash \\\\\","
                + "\"s4\":\"\\\\\\\"\",\"s5\":\"\\\"b\\\":1,\\\"cookie\\\":{\",\"arr\":[\"]\",\"[\",\"}\",{\"k\":\"{\"}]";
        String stored = "{\"cookie\":" + cookieJson(Duration.ofMinutes(5)) + "," + tricky + ",\"b\":1}";

        String after = patchRaw(stored, delta(Map.of("b", F.numberNode(2)), Set.of(), cookie(Duration.ofHours(1))));

        assertThat(after).isEqualTo("{\"cookie\":" + cookieJson(Duration.ofHours(1)) + "," + tricky + ",\"b\":2}");
        assertThat(SessionJson.read(after).attributes().get("s5").asText()).isEqualTo("\"b\":1,\"cookie\":{");
    }

    @Test
    void escapedNames_matchTheirDecodedForm() {
        String stored = "{\"cookie\":" + cookieJson(Duration.ofMinutes(5))
                + ",\"caf\\u00e9\":1,\"\\ud83d\\ude00\":2,\"q\\\"uote\":3,\"sl\\/ash\":4,\"tab\\t\":5,\"keep\":6}";
        SessionDelta delta = delta(Map.of("😀", F.textNode("smile"), "sl/ash", F.numberNode(40)),
                Set.of("café", "q\"uote", "tab\t"), cookie(Duration.ofHours(1)));

        String after = patchRaw(stored, delta);

        assertThat(after).isEqualTo("{\"cookie\":" + cookieJson(Duration.ofHours(1))
                + ",\"😀\":\"smile\",\"sl/ash\":40,\"keep\":6}");
    }

    @Test
    void order_existingKeysKeepTheirPlace_newKeysAppendInDeltaOrder_cookieStaysWhereItWas() {
        String stored = "{\"a\":1,\"cookie\":" + cookieJson(Duration.ofMinutes(5)) + ",\"b\":2,\"c\":3}";
        Map<String, JsonNode> set = new LinkedHashMap<>();
        set.put("z", F.numberNode(26));
        set.put("b", F.numberNode(20));
        set.put("y", F.numberNode(25));

        String after = patchRaw(stored, delta(set, Set.of("a", "missing"), cookie(Duration.ofHours(1))));

        assertThat(after).isEqualTo("{\"cookie\":" + cookieJson(Duration.ofHours(1)) + ",\"b\":20,\"c\":3,\"z\":26,\"y\":25}");
    }

    @Test
    void whitespaceAroundMembers_isTolerated() {
        String stored = "\n { \"cookie\" : " + cookieJson(Duration.ofMinutes(5)) + " ,\r\n\t\"a\" :\t[ 1 , 2 ] ,\n \"b\":{ } \n} \n";

        String after = patchRaw(stored, delta(Map.of("c", F.booleanNode(true)), Set.of("b"), cookie(Duration.ofHours(1))));

        assertThat(after).isEqualTo("{" + "\"cookie\":" + cookieJson(Duration.ofHours(1)) + ",\"a\" :\t[ 1 , 2 ],\"c\":true}");
    }

    @Test
    void emptyAttributeNameAndEmptyObject() {
        String after = patchRaw("{\"cookie\":{},\"\":0}",
                delta(Map.of("", F.numberNode(1)), Set.of(), cookie(Duration.ofHours(1))));

        assertThat(after).isEqualTo("{\"cookie\":" + cookieJson(Duration.ofHours(1)) + ",\"\":1}");
    }

    @Test
    void patch_missingSession_returnsFalseAndCreatesNothing() {
        assertThat(store.patch("sid-1", delta(Map.of("a", F.numberNode(1)), Set.of(), cookie(Duration.ofHours(1))))).isFalse();
        assertThat(raw().exists(KEY)).isZero();
    }

    @Test
    void patch_setsTheTtlFromTheDeltaCookie() {
        raw().set(KEY, "{\"cookie\":" + cookieJson(Duration.ofMinutes(5)) + "}");
        store.patch("sid-1", delta(Map.of(), Set.of(), cookie(Duration.ofMillis(90_001))));
        assertThat(raw().ttl(KEY)).isEqualTo(91);

        store.patch("sid-1", delta(Map.of(), Set.of(), new CookieData(null, null, null, null, null, true, null, "/", null)));
        assertThat(raw().ttl(KEY)).isEqualTo(RedisStore.DEFAULT_TTL.toSeconds());
    }

    @Test
    void patch_withAnAlreadyExpiredCookie_deletesTheSession() {
        raw().set(KEY, "{\"cookie\":" + cookieJson(Duration.ofMinutes(5)) + "}");
        CookieData expired = cookie(Duration.ofHours(1)).withExpires(clock.instant());

        assertThat(store.patch("sid-1", delta(Map.of("a", F.numberNode(1)), Set.of(), expired))).isTrue();
        assertThat(raw().exists(KEY)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2029-12-31T23:59:59.999Z\"", "\"2030-01-01T00:00:00.000Z\"", "\"2030-01-01T00:00:00Z\"",
            "1893456000000", "\"1999-01-01T00:00:00.000Z\""})
    void patch_ofASessionExpiredByTheStoreClock_returnsFalseAndDeletesIt(String expires) {
        raw().set(KEY, "{\"cookie\":{\"originalMaxAge\":1,\"expires\":" + expires + "},\"a\":1}");

        assertThat(store.patch("sid-1", delta(Map.of("a", F.numberNode(2)), Set.of(), cookie(Duration.ofHours(1))))).isFalse();
        assertThat(raw().exists(KEY)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2030-01-01T00:00:00.001Z\"", "null", "false", "\"not a date\"", "1893456000001"})
    void patch_ofALiveSession_applies(String expires) {
        raw().set(KEY, "{\"cookie\":{\"originalMaxAge\":1,\"expires\":" + expires + "},\"a\":1}");

        assertThat(store.patch("sid-1", delta(Map.of("a", F.numberNode(2)), Set.of(), cookie(Duration.ofHours(1))))).isTrue();
        assertThat(raw().get(KEY)).isEqualTo("{\"cookie\":" + cookieJson(Duration.ofHours(1)) + ",\"a\":2}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1,2]", "\"text\"", "{}", "{\"a\":1}", "{\"cookie\":null}", "{\"cookie\":[]}",
            "{\"cookie\":{}", "{\"cookie\":{}} x", "{\"cookie\":{},\"a\":}", "{\"cookie\":{},\"a\":[1}", "{\"cookie\":{},\"a\":\"x}",
            "{\"cookie\":{},\"a\":tru}", "{\"cookie\":{} \"a\":1}", "{cookie:{}}", "{\"cookie\":{\"expires\" 1}}",
            "{\"cookie\":{},\"\\uZZZZ\":1}", "{\"cookie\":{},\"a\\q\":1}"})
    void patch_ofAnUnreadableValue_isCorrupt_andLeavesItAlone(String stored) {
        raw().set(KEY, stored);

        assertThatThrownBy(() -> store.patch("sid-1", delta(Map.of(), Set.of(), cookie(Duration.ofHours(1)))))
                .isInstanceOf(CorruptSessionException.class)
                .hasMessageStartingWith("RedisStore.patch(sid-…)")
                .hasMessageNotContaining("sid-1");
        assertThat(raw().get(KEY)).isEqualTo(stored);
    }

    @Test
    void touch_rewritesOnlyTheCookie_andTheTtl() {
        String rest = "\"big\":1e400,\"empty\":[],\"s\":\"}\"";
        raw().set(KEY, "{\"cookie\":" + cookieJson(Duration.ofMinutes(5)) + "," + rest + "}");

        store.touch("sid-1", cookie(Duration.ofHours(2)));

        assertThat(raw().get(KEY)).isEqualTo("{\"cookie\":" + cookieJson(Duration.ofHours(2)) + "," + rest + "}");
        assertThat(raw().ttl(KEY)).isEqualTo(7200);
    }

    @Test
    void touch_missingSession_createsNothing() {
        store.touch("sid-1", cookie(Duration.ofHours(2)));
        assertThat(raw().exists(KEY)).isZero();
    }

    @Test
    void touch_withDisableTouch_changesNothing() {
        String stored = "{\"cookie\":" + cookieJson(Duration.ofMinutes(5)) + "}";
        raw().set(KEY, stored, SetArgs.Builder.ex(300));
        try (RedisStore noTouch = RedisStore.builder().client(client).clock(clock).disableTouch(true).build()) {
            noTouch.touch("sid-1", cookie(Duration.ofHours(2)));
        }
        assertThat(raw().get(KEY)).isEqualTo(stored);
        assertThat(raw().ttl(KEY)).isLessThanOrEqualTo(300);
    }

    @Test
    void patch_rejectsCookieAsAnAttribute() {
        assertThatThrownBy(() -> store.patch("sid-1",
                delta(Map.of("cookie", F.objectNode()), Set.of(), cookie(Duration.ofHours(1)))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Random records and deltas: the script's text equals Java's {@code SessionJson.write(record.apply(delta))}. */
    @Test
    void randomDeltas_produceExactlyWhatJavaWouldWrite() {
        Random random = new Random(20261129L);
        for (int round = 0; round < 300; round++) {
            Map<String, JsonNode> attributes = new LinkedHashMap<>();
            int size = random.nextInt(8);
            for (int i = 0; i < size; i++) {
                attributes.put(name(random), value(random, 0));
            }
            SessionRecord record = new SessionRecord(cookie(Duration.ofMinutes(1 + random.nextInt(60))), attributes);
            Map<String, JsonNode> set = new LinkedHashMap<>();
            Set<String> removed = new LinkedHashSet<>();
            int changes = random.nextInt(6);
            List<String> existing = new ArrayList<>(attributes.keySet());
            for (int i = 0; i < changes; i++) {
                String name = !existing.isEmpty() && random.nextBoolean()
                        ? existing.get(random.nextInt(existing.size())) : name(random);
                if (set.containsKey(name) || removed.contains(name)) {
                    continue;
                }
                if (random.nextInt(3) == 0) {
                    removed.add(name);
                } else {
                    set.put(name, value(random, 0));
                }
            }
            SessionDelta delta = delta(set, removed, cookie(Duration.ofMinutes(1 + random.nextInt(60))));

            String after = patchRaw(SessionJson.write(record), delta);

            assertThat(after).as("round %d", round).isEqualTo(SessionJson.write(record.apply(delta)));
        }
    }

    private static final String[] NAMES = {"a", "b", "views", "user", "cart", "é", "😀", "q\"uote", "back\\slash", "{",
        "}", "[", ",", ":", "", "cookie2", "Cookie", "ctl\u0001", "tab\t", "line\n", "sl/ash", "\u2028"};

    private static String name(Random random) {
        return NAMES[random.nextInt(NAMES.length)];
    }

    private static JsonNode value(Random random, int depth) {
        switch (random.nextInt(depth > 2 ? 6 : 8)) {
            case 0:
                return F.numberNode(random.nextInt(2001) - 1000);
            case 1:
                return F.textNode(NAMES[random.nextInt(NAMES.length)] + "\"}{][,\\" + random.nextInt(10));
            case 2:
                return F.booleanNode(random.nextBoolean());
            case 3:
                return F.nullNode();
            case 4:
                return F.numberNode(new BigInteger("123456789012345678901234567890").add(BigInteger.valueOf(random.nextInt())));
            case 5:
                return F.numberNode(random.nextInt(1000) / 8.0);
            case 6: {
                ObjectNode object = F.objectNode();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    object.set(name(random), value(random, depth + 1));
                }
                return object;
            }
            default: {
                var array = F.arrayNode();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    array.add(value(random, depth + 1));
                }
                return array;
            }
        }
    }
}
