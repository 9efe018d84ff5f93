package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.CorruptSessionException;
import dev.sojourn.SessionJson;
import dev.sojourn.SessionRecord;
import dev.sojourn.SessionStoreException;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RedisStore#increment}: one {@code EVALSHA} of {@code increment.lua}, which rewrites only the
 * number's text on the server, keeps the key's TTL, adds exactly over a long's whole range (not in
 * Lua's doubles), refuses non-integers and overflow,
 * and never loses a parallel increment.
 */
class IncrementScriptTest extends StandaloneRedisFixture {
    private static final String KEY = "sess:sid-1";
    private static final long TWO_53 = 1L << 53;

    private String cookieJson() {
        return SessionJson.writeCookie(cookie(Duration.ofHours(1)));
    }

    /** Stores the text with a one-hour TTL. */
    private void store(String json) {
        raw().set(KEY, json, SetArgs.Builder.ex(3600));
    }

    private long value(Optional<SessionRecord> record, String key) {
        return record.orElseThrow().attributes().get(key).longValue();
    }

    // ---- one command ----

    @Test
    void increment_isOneEvalsha_sentByTheClient_andOneGetAndSetOnTheServer() {
        store("{\"cookie\":" + cookieJson() + ",\"views\":1}");

        assertThat(sentBy(() -> store.increment("sid-1", "views", 1))).containsExactly("EVALSHA");
        assertThat(count(() -> store.increment("sid-1", "views", 1))).isEqualTo(Map.of("evalsha", 1L, "get", 1L, "set", 1L));
        assertThat(sentBy(() -> store.increment("missing", "views", 1))).containsExactly("EVALSHA");
        assertThat(count(() -> store.increment("missing", "views", 1))).isEqualTo(Map.of("evalsha", 1L, "get", 1L));
        assertThat(value(store.get("sid-1"), "views")).isEqualTo(3);
    }

    @Test
    void increment_afterTheScriptCacheIsFlushed_fallsBackToEvalOnce() {
        store("{\"cookie\":" + cookieJson() + ",\"views\":1}");
        raw().scriptFlush();

        assertThat(sentBy(() -> assertThat(value(store.increment("sid-1", "views", 1), "views")).isEqualTo(2)))
                .containsExactly("EVALSHA", "EVAL");
        assertThat(sentBy(() -> store.increment("sid-1", "views", 1))).containsExactly("EVALSHA");
    }

    // ---- byte fidelity ----

    @Test
    void increment_changesOnlyTheNumbersText_everyOtherByteAndTheTtlStay() {
        String before = "\n { \"cookie\" : " + cookieJson() + " ,\"big\":1e400,\"huge\":123456789012345678901234567890,"
                + "\"float\":1.0,\"empty\":[],\"emptyObj\":{},\"nested\":{\"views\":1.5,\"cookie\":{}},"
                + "\"uni\":\"caf\\u00e9 \\ud83d\\ude00 \\/\",\"views\" :\t41 , \"s\":\"\\\"views\\\":2\",\"n\":null} \n";
        raw().set(KEY, before, SetArgs.Builder.px(1_234_567));
        long pttl = raw().pttl(KEY);

        Optional<SessionRecord> result = store.increment("sid-1", "views", 1);

        String after = raw().get(KEY);
        assertThat(after).isEqualTo(before.replace("\"views\" :\t41 ,", "\"views\" :\t42 ,"));
        assertThat(raw().pttl(KEY)).isBetween(pttl - 1_000, pttl);
        assertThat(result).contains(SessionJson.read(after));
        assertThat(value(result, "views")).isEqualTo(42);
        assertThat(result.orElseThrow().cookie()).isEqualTo(cookie(Duration.ofHours(1)));
    }

    @Test
    void increment_ofAKeyWithoutTtl_keepsItWithoutTtl() {
        raw().set(KEY, "{\"cookie\":" + cookieJson() + ",\"views\":1}");

        store.increment("sid-1", "views", 5);

        assertThat(raw().get(KEY)).isEqualTo("{\"cookie\":" + cookieJson() + ",\"views\":6}");
        assertThat(raw().ttl(KEY)).isEqualTo(-1);
    }

    @Test
    void increment_missingAttribute_isAppendedAfterTheLastMember_withBy() {
        String before = "{\"a\":[1,{\"views\":9}],\"cookie\":" + cookieJson() + ",\"z\":\"x\" }";
        store(before);

        Optional<SessionRecord> result = store.increment("sid-1", "views", 7);

        assertThat(raw().get(KEY)).isEqualTo("{\"a\":[1,{\"views\":9}],\"cookie\":" + cookieJson() + ",\"z\":\"x\",\"views\":7 }");
        assertThat(value(result, "views")).isEqualTo(7);
        assertThat(result.orElseThrow().attributes().keySet()).containsExactly("a", "z", "views");
    }

    @Test
    void increment_nullAttribute_countsAsZero_andKeepsItsPlace() {
        store("{\"cookie\":" + cookieJson() + ",\"views\":null,\"b\":true}");

        assertThat(value(store.increment("sid-1", "views", -3), "views")).isEqualTo(-3);
        assertThat(raw().get(KEY)).isEqualTo("{\"cookie\":" + cookieJson() + ",\"views\":-3,\"b\":true}");
    }

    @Test
    void increment_namesThatNeedEscaping_matchTheirDecodedForm_andAreAppendedEscaped() {
        store("{\"cookie\":" + cookieJson() + ",\"caf\\u00e9\":1}");

        assertThat(value(store.increment("sid-1", "café", 1), "café")).isEqualTo(2);
        assertThat(value(store.increment("sid-1", "q\"uote\n", 1), "q\"uote\n")).isEqualTo(1);
        assertThat(raw().get(KEY)).isEqualTo("{\"cookie\":" + cookieJson() + ",\"caf\\u00e9\":2,\"q\\\"uote\\n\":1}");
    }

    @ParameterizedTest
    @CsvSource({"5,-8,-3", "-5,5,0", "-0,0,0", "0,-1,-1", "-10,-20,-30", "7,0,7", "00012,1,13"})
    void increment_arithmetic(String stored, long by, long expected) {
        store("{\"cookie\":" + cookieJson() + ",\"n\":" + stored + "}");

        assertThat(value(store.increment("sid-1", "n", by), "n")).isEqualTo(expected);
        assertThat(raw().get(KEY)).isEqualTo("{\"cookie\":" + cookieJson() + ",\"n\":" + expected + "}");
    }

    // ---- refusals ----

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1.0", "1e3", "-2E+2", "\"3\"", "true", "false", "{}", "[]", "{\"a\":1}", "[1]"})
    void increment_ofANonInteger_isAnIllegalArgument_andChangesNothing(String value) {
        String before = "{\"cookie\":" + cookieJson() + ",\"views\":" + value + "}";
        store(before);

        assertThatThrownBy(() -> store.increment("sid-1", "views", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'views'")
                .hasMessageContaining("not an integer");
        assertThat(raw().get(KEY)).isEqualTo(before);
    }

    @Test
    void increment_ofTheCookie_isAnIllegalArgument() {
        String before = "{\"cookie\":" + cookieJson() + "}";
        store(before);

        assertThatThrownBy(() -> store.increment("sid-1", "cookie", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(raw().get(KEY)).isEqualTo(before);
    }

    @Test
    void increment_beyond2Pow53_staysExact_theScriptAddsDigitsNotDoubles() {
        store("{\"cookie\":" + cookieJson() + ",\"n\":" + TWO_53 + "}");

        assertThat(value(store.increment("sid-1", "n", 1), "n")).isEqualTo(TWO_53 + 1);
        assertThat(value(store.increment("sid-1", "n", 2), "n")).isEqualTo(TWO_53 + 3);
        assertThat(raw().get(KEY)).endsWith(",\"n\":9007199254740995}");
        assertThat(value(store.increment("sid-1", "n", -TWO_53 - 4), "n")).isEqualTo(-1);
        assertThat(value(store.increment("sid-1", "n", Long.MIN_VALUE + 1), "n")).isEqualTo(Long.MIN_VALUE);
        assertThat(raw().get(KEY)).endsWith(",\"n\":-9223372036854775808}");
        assertThat(value(store.increment("sid-1", "n", Long.MAX_VALUE), "n")).isEqualTo(-1);
        assertThat(value(store.increment("sid-1", "n", Long.MAX_VALUE), "n")).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(value(store.increment("sid-1", "n", 1), "n")).isEqualTo(Long.MAX_VALUE);
        assertThat(raw().get(KEY)).endsWith(",\"n\":9223372036854775807}");
    }

    /** The script's digit arithmetic against Java's: random values near 0, 2^53 and a long's ends. */
    @Test
    void randomSums_equalJavasExactAddition() {
        java.util.Random random = new java.util.Random(20261129L);
        long[] anchors = {0, TWO_53, -TWO_53, Long.MAX_VALUE, Long.MIN_VALUE, 1_000_000_000L};
        for (int round = 0; round < 400; round++) {
            long current = anchors[random.nextInt(anchors.length)] + random.nextInt(2001) - 1000;
            long by = random.nextInt(4) == 0 ? random.nextLong() : anchors[random.nextInt(anchors.length)] + random.nextInt(2001) - 1000;
            String before = "{\"cookie\":" + cookieJson() + ",\"n\":" + current + "}";
            store(before);
            long expected;
            try {
                expected = Math.addExact(current, by);
            } catch (ArithmeticException overflow) {
                assertThatThrownBy(() -> store.increment("sid-1", "n", by)).as("%d + %d", current, by)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflow");
                assertThat(raw().get(KEY)).isEqualTo(before);
                continue;
            }
            assertThat(value(store.increment("sid-1", "n", by), "n")).as("%d + %d", current, by).isEqualTo(expected);
            assertThat(raw().get(KEY)).isEqualTo("{\"cookie\":" + cookieJson() + ",\"n\":" + expected + "}");
        }
    }

    @ParameterizedTest
    @CsvSource({"9223372036854775807,1", "9223372036854775800,8", "-9223372036854775808,-1", "-9223372036854775800,-9",
        "1,9223372036854775807", "-2,-9223372036854775807", "0,0"})
    void increment_thatWouldOverflowALong_isRefused_andChangesNothing(String stored, long by) {
        String before = "{\"cookie\":" + cookieJson() + ",\"n\":" + stored + "}";
        store(before);
        if (by == 0) { // the control: the same path with a sum in range
            assertThat(value(store.increment("sid-1", "n", Long.MAX_VALUE), "n")).isEqualTo(Long.MAX_VALUE);
            return;
        }

        assertThatThrownBy(() -> store.increment("sid-1", "n", by)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("adding " + by + " to session attribute 'n' would overflow a long");
        assertThat(raw().get(KEY)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "123456789012345678901234567890"})
    void increment_ofAStoredIntegerBeyondALong_isNotAnInteger_andChangesNothing(String stored) {
        String before = "{\"cookie\":" + cookieJson() + ",\"n\":" + stored + "}";
        store(before);

        assertThatThrownBy(() -> store.increment("sid-1", "n", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("session attribute 'n' is not an integer, so it cannot be incremented");
        assertThat(raw().get(KEY)).isEqualTo(before);
    }

    // ---- missing, expired, corrupt ----

    @Test
    void increment_ofAMissingSession_isEmpty_andCreatesNothing() {
        assertThat(store.increment("sid-1", "views", 1)).isEmpty();
        assertThat(raw().exists(KEY)).isZero();
    }

    @Test
    void increment_ofASessionExpiredByTheStoreClock_isEmpty_andDeletesIt() {
        store("{\"cookie\":" + SessionJson.writeCookie(cookie(Duration.ofMinutes(10))) + ",\"views\":1}");
        clock.advance(Duration.ofMinutes(10));

        assertThat(store.increment("sid-1", "views", 1)).isEmpty();
        assertThat(raw().exists(KEY)).isZero();
    }

    @Test
    void increment_withExpireByCookieOff_trustsTheKeyTtl() {
        store("{\"cookie\":" + SessionJson.writeCookie(cookie(Duration.ofMinutes(10))) + ",\"views\":1}");
        clock.advance(Duration.ofHours(1));

        try (RedisStore lenient = RedisStore.builder().client(client).clock(clock).expireByCookie(false).build()) {
            assertThat(value(lenient.increment("sid-1", "views", 1), "views")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"a\":1}", "{\"cookie\":[]}", "{\"cookie\":{},\"views\":}"})
    void increment_ofAnUnreadableValue_isCorrupt_andLeavesItAlone(String stored) {
        raw().set(KEY, stored);

        assertThatThrownBy(() -> store.increment("sid-1", "views", 1))
                .isInstanceOf(CorruptSessionException.class)
                .hasMessageStartingWith("RedisStore.increment(sid-…)")
                .hasMessageNotContaining("sid-1");
        assertThat(raw().get(KEY)).isEqualTo(stored);
    }

    @Test
    void increment_failures_nameTheOperation_butNotTheWholeId() {
        store.close();
        assertThatThrownBy(() -> store.increment("s3cr3t-session-id", "views", 1))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageStartingWith("RedisStore.increment(s3cr…)")
                .hasMessageNotContaining("s3cr3t-session-id");
    }

    // ---- concurrency ----

    @Test
    void parallelIncrementsOfTheSameKey_neverLoseOne() throws Exception {
        store("{\"cookie\":" + cookieJson() + ",\"other\":\"kept\"}");
        int threads = 16;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        assertThat(store.increment("sid-1", "views", 1)).isPresent();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(raw().get(KEY)).isEqualTo("{\"cookie\":" + cookieJson() + ",\"other\":\"kept\",\"views\":3200}");
    }

}
