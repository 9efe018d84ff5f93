package dev.sojourn.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sojourn.CookieData;
import dev.sojourn.CorruptSessionException;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionJson;
import dev.sojourn.SessionRecord;
import dev.sojourn.SessionStore;
import dev.sojourn.SessionStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance suite every {@link SessionStore} passes. A store's test class extends it and
 * implements the hooks: {@link #createStore(Clock)} and the back doors {@link #writeRaw} and
 * {@link #readRaw}, which reach the backend without going through the store (to plant corrupt
 * records and to inspect what was really written).
 *
 * <p>Expiry is tested with a {@link ManualClock}: stores must measure expiry with the clock they
 * are given (and check {@code cookie.expires} on read), so no test sleeps. Backend-side expiry on a
 * real clock (a Redis TTL, say) is allowed but never relied on.
 *
 * <p>What it checks: not found is an empty result; set/get round-trips attributes (values, types
 * and order) and every cookie attribute; the backend holds express-session's JSON; expiry is
 * honoured by get, touch and patch; touch extends expiry without changing data; patch applies a
 * delta atomically (16 threads on one session lose no update) and never re-creates a session that
 * was destroyed or expired; increment adds to one integer attribute atomically (16 threads on one
 * key lose no increment), leaves the rest of the record and its expiry alone, refuses non-integers
 * and never re-creates a missing, expired or destroyed session; 1&nbsp;MB sessions; Unicode and control characters in keys and values;
 * ids with unusual characters; corrupt records raise {@link CorruptSessionException}; the optional
 * {@code all}, {@code length} and {@code clear} work or throw {@link UnsupportedOperationException}.
 *
 * <p>Optional hooks, all with defaults: {@link #closeStore}, {@link #supportsBulkOperations()},
 * {@link #supportsAll()}, {@link #supportsRawAccess()} and {@link #patchesPerThread()}.
 */
public abstract class SessionStoreContract {
    /** The clock given to the store; tests move it. */
    protected final ManualClock clock = ManualClock.frozenNow();
    /** The store under test, fresh and empty for each test. */
    protected SessionStore store;

    /** A new, empty store that measures expiry with {@code clock}. */
    protected abstract SessionStore createStore(Clock clock) throws Exception;

    /**
     * Writes {@code rawValue} as the stored value of {@code id}, bypassing the store (live for at
     * least an hour). Not called when {@link #supportsRawAccess()} is false.
     */
    protected abstract void writeRaw(String id, String rawValue) throws Exception;

    /**
     * The stored value of {@code id} as the backend holds it (the record's JSON text), bypassing the
     * store; empty when the backend holds nothing for it. Not called when {@link #supportsRawAccess()}
     * is false.
     */
    protected abstract Optional<String> readRaw(String id) throws Exception;

    /** Releases the store; the default does nothing. */
    protected void closeStore(SessionStore store) throws Exception {
    }

    /** Whether the store implements the optional {@code all}, {@code length} and {@code clear}; default true. */
    protected boolean supportsBulkOperations() {
        return true;
    }

    /**
     * Whether the store implements the optional {@code all}; default {@link #supportsBulkOperations()}.
     * For stores that can count and clear but cannot list ids (FileStore hashes them).
     */
    protected boolean supportsAll() {
        return supportsBulkOperations();
    }

    /**
     * Whether {@link #writeRaw} and {@link #readRaw} work; default true. A store whose backend cannot
     * be reached around it (MemoryStore) returns false: the corrupt-record tests are then skipped and
     * the other tests check through the store only.
     */
    protected boolean supportsRawAccess() {
        return true;
    }

    /**
     * How many patches each of the 16 threads of the atomicity test applies; default 100. Lower it
     * only for a slow backend: the fewer patches, the weaker the test.
     */
    protected int patchesPerThread() {
        return 100;
    }

    @BeforeEach
    final void openStore() throws Exception {
        store = createStore(clock);
    }

    @AfterEach
    final void releaseStore() throws Exception {
        if (store != null) {
            closeStore(store);
        }
    }

    // ---- helpers for tests ----

    /** A record expiring {@code ttl} from the clock's now, with these string attributes. */
    protected SessionRecord record(@Nullable Duration ttl, Map<String, ?> attributes) {
        Map<String, JsonNode> trees = new LinkedHashMap<>();
        attributes.forEach((key, value) -> trees.put(key, toNode(value)));
        return new SessionRecord(cookie(ttl), trees);
    }

    /**
     * The JSON tree of a value: JsonNodes as they are, numbers, booleans, null, anything else as its
     * string. A {@code Long} that fits an {@code int} becomes an int node, as it reads back from JSON.
     */
    protected static JsonNode toNode(@Nullable Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof Integer i) {
            return f.numberNode(i);
        }
        if (value instanceof Long l) {
            return l == l.intValue() ? f.numberNode(l.intValue()) : f.numberNode(l);
        }
        if (value instanceof Double d) {
            return f.numberNode(d);
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        return f.textNode(value.toString());
    }

    /** The cookie object {@link #record} uses: httpOnly, path "/", expiring {@code ttl} from now (null: browser session). */
    protected CookieData cookie(@Nullable Duration ttl) {
        Instant expires = ttl == null ? null : clock.instant().plus(ttl);
        Long originalMaxAge = ttl == null ? null : ttl.toMillis();
        return new CookieData(originalMaxAge, null, null, expires, null, true, null, "/", null);
    }

    /** A delta setting {@code set}, removing {@code removed}, storing {@code cookie}. */
    protected static SessionDelta delta(Map<String, ?> set, Set<String> removed, CookieData cookie) {
        Map<String, JsonNode> trees = new LinkedHashMap<>();
        set.forEach((key, value) -> trees.put(key, toNode(value)));
        return new SessionDelta(trees, removed, cookie);
    }

    private static Map<String, JsonNode> attributes(Object... keysAndValues) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], toNode(keysAndValues[i + 1]));
        }
        return map;
    }

    private void assumeRawAccess() {
        assumeTrue(supportsRawAccess(), "the store's test has no raw access (supportsRawAccess())");
    }

    private SessionRecord parsedRaw(String id) throws Exception {
        Optional<String> raw = readRaw(id);
        assertThat(raw).as("raw value of %s", id).isPresent();
        return SessionJson.read(raw.get());
    }

    /** The stored record's attributes, as a map (order ignored). */
    private Map<String, JsonNode> storedAttributes(String id) {
        Optional<SessionRecord> stored = store.get(id);
        assertThat(stored).as("session %s", id).isPresent();
        return new LinkedHashMap<>(stored.get().attributes());
    }

    // ---- required methods ----

    @Test
    void get_unknownId_isEmpty() {
        assertThat(store.get("no-such-session")).isEmpty();
    }

    @Test
    void setThenGet_returnsEqualRecord() {
        SessionRecord record = record(Duration.ofHours(1), Map.of("views", 3, "user", "alice"));
        store.set("sid-1", record);
        assertThat(store.get("sid-1")).contains(record);
    }

    @Test
    void setThenGet_manyAttributes_keepTheirOrder() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (String key : List.of("zeta", "alpha", "mu", "beta", "omega", "10", "2", "1", "Delta", "delta", "_x", "-y")) {
            attributes.put(key, key.toUpperCase());
        }
        store.set("sid-order", record(Duration.ofHours(1), attributes));
        assertThat(store.get("sid-order")).get()
                .extracting(r -> List.copyOf(r.attributes().keySet()))
                .isEqualTo(List.copyOf(attributes.keySet()));
    }

    @Test
    void setThenGet_jsonValuesOfEveryType_roundTrip() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode nested = mapper.createObjectNode();
        nested.put("name", "alice").put("admin", false).putNull("manager");
        nested.putObject("address").put("city", "Zürich").putArray("lines").add("a").add("b");
        ArrayNode array = mapper.createArrayNode().add(1).add("two").add(3.5).add(true).addNull();
        array.addObject().put("k", "v");
        Map<String, JsonNode> attributes = attributes(
                "null", null, "true", true, "false", false, "zero", 0, "int", -42, "maxInt", Integer.MAX_VALUE,
                "maxLong", Long.MAX_VALUE, "minLong", Long.MIN_VALUE, "double", 0.1 + 0.2, "tiny", 5e-324,
                "emptyString", "", "object", nested, "array", array,
                "emptyObject", mapper.createObjectNode(), "emptyArray", mapper.createArrayNode(),
                "numberAsString", "12345678901234567890", "dateAsString", "2026-11-24T17:43:58.843Z");
        SessionRecord record = new SessionRecord(cookie(Duration.ofHours(1)), attributes);
        store.set("sid-types", record);
        assertThat(store.get("sid-types")).contains(record);
    }

    @Test
    void setThenGet_everyCookieAttribute_isPreserved() {
        Instant expires = clock.instant().plus(Duration.ofHours(2));
        List<CookieData> cookies = List.of(
                new CookieData(7_200_000L, true, "high", expires, true, true, "example.com", "/app", "strict"),
                new CookieData(7_200_000L, false, "Low", expires, false, false, ".example.org", "/", "None"),
                new CookieData(7_200_000L, null, "medium", expires, null, true, null, "/", "Lax"),
                new CookieData(7_200_000L, null, null, expires, null, null, null, "/", true),
                new CookieData(7_200_000L, null, null, expires, null, null, null, null, false),
                new CookieData(null, null, null, expires, null, null, null, null, null),
                new CookieData(null, null, null, null, null, true, null, "/", null));
        for (int i = 0; i < cookies.size(); i++) {
            SessionRecord record = new SessionRecord(cookies.get(i), attributes("n", i));
            store.set("sid-cookie-" + i, record);
        }
        for (int i = 0; i < cookies.size(); i++) {
            assertThat(store.get("sid-cookie-" + i)).as("cookie %s", i)
                    .contains(new SessionRecord(cookies.get(i), attributes("n", i)));
        }
    }

    @Test
    void set_existingId_replacesTheWholeRecord() {
        store.set("sid-over", record(Duration.ofHours(1), Map.of("a", 1, "b", 2)));
        SessionRecord second = new SessionRecord(
                new CookieData(60_000L, null, null, clock.instant().plusSeconds(60), true, false, null, "/x", "lax"),
                attributes("c", 3));
        store.set("sid-over", second);
        assertThat(store.get("sid-over")).contains(second);
    }

    @Test
    void destroy_storedSession_removesIt() throws Exception {
        store.set("sid-d", record(Duration.ofHours(1), Map.of("a", 1)));
        store.set("sid-other", record(Duration.ofHours(1), Map.of("b", 2)));
        store.destroy("sid-d");
        assertThat(store.get("sid-d")).isEmpty();
        assertThat(store.get("sid-other")).isPresent();
        if (supportsRawAccess()) {
            assertThat(readRaw("sid-d")).as("backend value after destroy").isEmpty();
        }
    }

    @Test
    void destroy_unknownId_doesNothing() {
        store.set("sid-kept", record(Duration.ofHours(1), Map.of("a", 1)));
        assertThatCode(() -> store.destroy("no-such-session")).doesNotThrowAnyException();
        assertThatCode(() -> store.destroy("no-such-session")).doesNotThrowAnyException();
        assertThat(store.get("no-such-session")).isEmpty();
        assertThat(store.get("sid-kept")).isPresent();
    }

    @Test
    void readRaw_afterSet_isExpressSessionJson() throws Exception {
        assumeRawAccess();
        SessionRecord record = new SessionRecord(
                new CookieData(3_600_000L, null, "high", clock.instant().plus(Duration.ofHours(1)), true, true,
                        "example.com", "/", "lax"),
                attributes("views", 1, "user", "alice", "cart", new ObjectMapper().createArrayNode().add("x")));
        store.set("sid-raw", record);
        String raw = readRaw("sid-raw").orElseThrow();
        assertThat(SessionJson.read(raw)).isEqualTo(record);
        JsonNode tree = new ObjectMapper().readTree(raw);
        assertThat(tree.get("cookie").get("expires").asText())
                .as("cookie.expires as JavaScript's toISOString writes it")
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(tree.get("cookie").get("originalMaxAge").isIntegralNumber()).isTrue();
    }

    @Test
    void get_recordWrittenByNode_isRead() throws Exception {
        assumeRawAccess();
        String expires = clock.instant().plus(Duration.ofMinutes(30)).toString();
        writeRaw("sid-node", "{\"cookie\":{\"originalMaxAge\":1800000,\"expires\":\"" + expires
                + "\",\"secure\":false,\"httpOnly\":true,\"path\":\"/\",\"sameSite\":true},\"views\":1,"
                + "\"flash\":{\"info\":[\"hello\"]},\"extra\":null}");
        SessionRecord record = store.get("sid-node").orElseThrow();
        assertThat(record.cookie()).isEqualTo(
                new CookieData(1_800_000L, null, null, Instant.parse(expires), false, true, null, "/", true));
        assertThat(List.copyOf(record.attributes().keySet())).containsExactly("views", "flash", "extra");
        assertThat(record.attributes().get("flash").get("info").get(0).asText()).isEqualTo("hello");
    }

    // ---- expiry ----

    @Test
    void get_beforeAndAfterExpiry_returnsRecordThenNothing() {
        SessionRecord record = record(Duration.ofMinutes(1), Map.of("a", 1));
        store.set("sid-exp", record);
        clock.advance(Duration.ofSeconds(59));
        assertThat(store.get("sid-exp")).contains(record);
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.get("sid-exp")).isEmpty();
        assertThat(store.get("sid-exp")).isEmpty();
    }

    @Test
    void get_atTheExpiryInstant_isEmpty() {
        store.set("sid-edge", record(Duration.ofMinutes(1), Map.of("a", 1)));
        clock.advance(Duration.ofMinutes(1));
        assertThat(store.get("sid-edge")).as("expires <= now is expired").isEmpty();
    }

    @Test
    void get_rawRecordWhoseExpiryHasPassed_isEmpty() throws Exception {
        assumeRawAccess();
        String past = clock.instant().minusSeconds(1).toString();
        writeRaw("sid-stale", "{\"cookie\":{\"originalMaxAge\":60000,\"expires\":\"" + past
                + "\",\"httpOnly\":true,\"path\":\"/\"},\"a\":1}");
        assertThat(store.get("sid-stale")).as("cookie.expires is checked on read").isEmpty();
    }

    @Test
    void set_recordAlreadyExpired_storesNothing() throws Exception {
        store.set("sid-past", record(Duration.ofSeconds(-1), Map.of("a", 1)));
        assertThat(store.get("sid-past")).isEmpty();
        if (supportsRawAccess()) {
            assertThat(readRaw("sid-past")).isEmpty();
        }
    }

    @Test
    void set_expiredRecordOverLiveOne_deletesIt() throws Exception {
        store.set("sid-kill", record(Duration.ofHours(1), Map.of("a", 1)));
        store.set("sid-kill", record(Duration.ofSeconds(-1), Map.of("a", 2)));
        assertThat(store.get("sid-kill")).isEmpty();
        if (supportsRawAccess()) {
            assertThat(readRaw("sid-kill")).isEmpty();
        }
    }

    @Test
    void get_browserSessionRecord_isKeptForTheStoreDefault() {
        SessionRecord record = record(null, Map.of("a", 1));
        store.set("sid-browser", record);
        assertThat(store.get("sid-browser")).contains(record);
        clock.advance(Duration.ofMinutes(10));
        assertThat(store.get("sid-browser")).contains(record);
    }

    // ---- touch ----

    @Test
    void touch_liveSession_extendsExpiryPastTheOldOne() {
        store.set("sid-touch", record(Duration.ofMinutes(1), Map.of("a", 1)));
        clock.advance(Duration.ofSeconds(30));
        CookieData later = cookie(Duration.ofMinutes(10));
        store.touch("sid-touch", later);
        clock.advance(Duration.ofMinutes(2));
        Optional<SessionRecord> touched = store.get("sid-touch");
        assertThat(touched).as("session after its old expiry").isPresent();
        assertThat(touched.get().cookie().expires()).isEqualTo(later.expires());
        clock.advance(Duration.ofMinutes(9));
        assertThat(store.get("sid-touch")).as("session after its new expiry").isEmpty();
    }

    @Test
    void touch_liveSession_keepsItsData() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user", "alice");
        data.put("views", 7);
        data.put("big", Long.MAX_VALUE);
        data.put("nothing", null);
        SessionRecord record = record(Duration.ofMinutes(1), data);
        store.set("sid-touch-data", record);
        String rawBefore = supportsRawAccess() ? readRaw("sid-touch-data").orElseThrow() : null;
        store.touch("sid-touch-data", cookie(Duration.ofMinutes(10)));
        assertThat(store.get("sid-touch-data")).get().extracting(SessionRecord::attributes).isEqualTo(record.attributes());
        if (rawBefore != null) {
            assertThat(parsedRaw("sid-touch-data").attributes())
                    .as("backend attributes after touch")
                    .isEqualTo(SessionJson.read(rawBefore).attributes());
        }
    }

    @Test
    void touch_unknownId_createsNothing() throws Exception {
        store.touch("no-such-session", cookie(Duration.ofMinutes(10)));
        assertThat(store.get("no-such-session")).isEmpty();
        if (supportsRawAccess()) {
            assertThat(readRaw("no-such-session")).isEmpty();
        }
    }

    @Test
    void touch_expiredSession_doesNotReviveIt() {
        store.set("sid-touch-late", record(Duration.ofMinutes(1), Map.of("a", 1)));
        clock.advance(Duration.ofMinutes(2));
        store.touch("sid-touch-late", cookie(Duration.ofMinutes(10)));
        assertThat(store.get("sid-touch-late")).isEmpty();
    }

    // ---- patch ----

    @Test
    void patch_delta_setsRemovesReplacesCookieAndKeepsOtherKeys() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("keep", "same");
        data.put("drop", "gone soon");
        data.put("change", 1);
        data.put("bigNumber", Long.MAX_VALUE);
        data.put("precise", 0.1 + 0.2);
        data.put("unicode", "日本語 😀 שלום");
        data.put("nested", new ObjectMapper().createObjectNode().put("x", 1).put("y", "z"));
        store.set("sid-p", record(Duration.ofMinutes(1), data));
        CookieData newCookie = new CookieData(600_000L, null, null, clock.instant().plus(Duration.ofMinutes(10)),
                true, true, "example.com", "/", "lax");

        boolean applied = store.patch("sid-p", delta(Map.of("change", 2, "added", "new", "ключ", "значение"), Set.of("drop"), newCookie));

        assertThat(applied).isTrue();
        Map<String, JsonNode> expected = attributes(
                "keep", "same", "change", 2, "bigNumber", Long.MAX_VALUE, "precise", 0.1 + 0.2,
                "unicode", "日本語 😀 שלום", "nested", data.get("nested"), "added", "new", "ключ", "значение");
        SessionRecord patched = store.get("sid-p").orElseThrow();
        assertThat(new LinkedHashMap<>(patched.attributes())).isEqualTo(expected);
        assertThat(patched.cookie()).isEqualTo(newCookie);
        clock.advance(Duration.ofMinutes(2));
        assertThat(store.get("sid-p")).as("session after the old cookie's expiry").isPresent();
    }

    @Test
    void patch_removeOfAbsentKey_isHarmless() {
        store.set("sid-p2", record(Duration.ofMinutes(1), Map.of("a", 1)));
        assertThat(store.patch("sid-p2", delta(Map.of(), Set.of("never-there"), cookie(Duration.ofMinutes(1))))).isTrue();
        assertThat(storedAttributes("sid-p2")).isEqualTo(attributes("a", 1));
    }

    @Test
    void patch_unknownId_returnsFalseAndCreatesNothing() throws Exception {
        boolean applied = store.patch("no-such-session", delta(Map.of("a", 1), Set.of(), cookie(Duration.ofHours(1))));
        assertThat(applied).isFalse();
        assertThat(store.get("no-such-session")).isEmpty();
        if (supportsRawAccess()) {
            assertThat(readRaw("no-such-session")).isEmpty();
        }
    }

    @Test
    void patch_expiredSession_returnsFalseAndDoesNotReviveIt() {
        store.set("sid-p-late", record(Duration.ofMinutes(1), Map.of("a", 1)));
        clock.advance(Duration.ofMinutes(2));
        boolean applied = store.patch("sid-p-late", delta(Map.of("a", 2), Set.of(), cookie(Duration.ofHours(1))));
        assertThat(applied).isFalse();
        assertThat(store.get("sid-p-late")).isEmpty();
    }

    @Test
    void patch_destroyedSession_returnsFalseAndDoesNotReviveIt() {
        store.set("sid-p-gone", record(Duration.ofMinutes(1), Map.of("a", 1)));
        store.destroy("sid-p-gone");
        assertThat(store.patch("sid-p-gone", delta(Map.of("a", 2), Set.of(), cookie(Duration.ofHours(1))))).isFalse();
        assertThat(store.get("sid-p-gone")).isEmpty();
    }

    @Test
    void patch_withAnExpiredCookie_leavesNoSession() {
        store.set("sid-p-end", record(Duration.ofMinutes(1), Map.of("a", 1)));
        store.patch("sid-p-end", delta(Map.of("a", 2), Set.of(), cookie(Duration.ofSeconds(-1))));
        assertThat(store.get("sid-p-end")).isEmpty();
    }

    /**
     * Zero lost updates. Sixteen threads patch one session at once; thread {@code i} owns key
     * {@code t<i>} and sets it to 1, 2, … N. Each thread, before each patch, reads the session and
     * checks that its key still holds the value it last wrote: only it writes that key, so any other
     * value means another thread's patch wrote back a stale copy of the record (a read-merge-write
     * without a lock loses exactly so). At the end every key holds N and the key no thread touches is
     * intact.
     */
    @Test
    void patch_sixteenThreadsOnOneSession_loseNoUpdate() throws Exception {
        int threads = 16;
        int patches = patchesPerThread();
        String id = "sid-concurrent";
        store.set(id, record(Duration.ofHours(1), Map.of("shared", "untouched")));
        CookieData cookie = cookie(Duration.ofHours(1));
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String key = "t" + t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int value = 1; value <= patches && problems.size() < 20; value++) {
                        if (value > 1) {
                            Optional<SessionRecord> current = store.get(id);
                            JsonNode mine = current.map(r -> r.attributes().get(key)).orElse(null);
                            if (current.isEmpty()) {
                                problems.add("the session vanished before " + key + "=" + value);
                            } else if (mine == null || mine.asInt() != value - 1) {
                                problems.add(key + " was " + mine + " after this thread wrote " + (value - 1)
                                        + ": another patch wrote back a stale record (lost update)");
                            }
                        }
                        if (!store.patch(id, delta(Map.of(key, value), Set.of(), cookie))) {
                            problems.add("patch " + key + "=" + value + " found no session");
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(problems).as("lost updates").isEmpty();
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        expected.put("shared", toNode("untouched"));
        for (int t = 0; t < threads; t++) {
            expected.put("t" + t, toNode(patches));
        }
        assertThat(storedAttributes(id)).isEqualTo(expected);
    }

    /**
     * A patch never re-creates a session destroyed while it ran. Sixteen threads patch a session
     * in a loop; the session is destroyed in the middle. Every patch that started after destroy
     * returned must return false, and afterwards the session is gone for good (a read-merge-write
     * that read before the destroy and wrote after it would bring it back). Three rounds.
     */
    @Test
    void patch_concurrentWithDestroy_neverResurrectsTheSession() throws Exception {
        int threads = 16;
        int patchesAfterDestroy = 3;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 3; round++) {
                String id = "sid-race-" + round;
                store.set(id, record(Duration.ofHours(1), Map.of("a", 1)));
                CookieData cookie = cookie(Duration.ofHours(1));
                AtomicBoolean destroyed = new AtomicBoolean();
                AtomicInteger before = new AtomicInteger();
                Queue<String> problems = new ConcurrentLinkedQueue<>();
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String key = "t" + t;
                    futures.add(pool.submit(() -> {
                        int after = 0;
                        for (int value = 1; after < patchesAfterDestroy; value++) {
                            boolean startedAfterDestroy = destroyed.get();
                            boolean applied = store.patch(id, delta(Map.of(key, value), Set.of(), cookie));
                            if (startedAfterDestroy) {
                                after++;
                                if (applied) {
                                    problems.add("a patch that started after destroy() returned was applied");
                                }
                            } else {
                                before.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                awaitCondition(() -> before.get() >= threads * 3, "patches before destroy");
                store.destroy(id);
                destroyed.set(true);
                for (Future<?> future : futures) {
                    future.get(60, TimeUnit.SECONDS);
                }
                assertThat(problems).as("round %s", round).isEmpty();
                assertThat(store.get(id)).as("round %s: session after destroy", round).isEmpty();
                if (supportsRawAccess()) {
                    assertThat(readRaw(id)).as("round %s: backend value after destroy", round).isEmpty();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private interface Condition {
        boolean holds();
    }

    private static void awaitCondition(Condition condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    // ---- increment ----

    /** The record as it reads back from its JSON (int and long nodes of one value compare equal then). */
    private static SessionRecord normalised(SessionRecord record) {
        return SessionJson.read(SessionJson.write(record));
    }

    /** {@code record} with {@code key} set to {@code value}, normalised. */
    private static SessionRecord withAttribute(SessionRecord record, String key, Object value) {
        Map<String, JsonNode> attributes = new LinkedHashMap<>(record.attributes());
        attributes.put(key, toNode(value));
        return normalised(new SessionRecord(record.cookie(), attributes));
    }

    /** The integer value of {@code key} in {@code record}, failing when it is not an integer. */
    private static long integer(SessionRecord record, String key) {
        JsonNode value = record.attributes().get(key);
        assertThat(value).as("attribute %s", key).isNotNull();
        assertThat(value.isIntegralNumber()).as("attribute %s is an integer: %s", key, value).isTrue();
        return value.asLong();
    }

    /** Checks that the store returned, and holds (through get and, where possible, the backend), {@code expected}. */
    private void assertIncremented(String id, Optional<SessionRecord> returned, SessionRecord expected) throws Exception {
        assertThat(returned).as("record returned by increment").isPresent();
        assertThat(normalised(returned.get())).as("record returned by increment").isEqualTo(expected);
        assertThat(store.get(id).map(SessionStoreContract::normalised)).as("stored record").contains(expected);
        if (supportsRawAccess()) {
            assertThat(parsedRaw(id)).as("backend record").isEqualTo(expected);
        }
    }

    @Test
    void increment_existingKey_returnsAndStoresTheNewValue() throws Exception {
        SessionRecord record = record(Duration.ofHours(1), Map.of("views", 41, "user", "alice"));
        store.set("sid-inc", record);
        Optional<SessionRecord> returned = store.increment("sid-inc", "views", 1);
        assertIncremented("sid-inc", returned, withAttribute(record, "views", 42));
        assertThat(integer(store.increment("sid-inc", "views", 10).orElseThrow(), "views")).isEqualTo(52);
        assertThat(integer(store.get("sid-inc").orElseThrow(), "views")).isEqualTo(52);
    }

    @Test
    void increment_largeValues_keepEveryDigit() throws Exception {
        long start = Long.MAX_VALUE - 10;
        SessionRecord record = record(Duration.ofHours(1), Map.of("big", start, "small", Integer.MAX_VALUE));
        store.set("sid-inc-big", record);
        assertIncremented("sid-inc-big", store.increment("sid-inc-big", "big", 7),
                withAttribute(record, "big", start + 7));
        assertIncremented("sid-inc-big", store.increment("sid-inc-big", "small", 1),
                withAttribute(withAttribute(record, "big", start + 7), "small", Integer.MAX_VALUE + 1L));
    }

    @Test
    void increment_missingKey_startsFromZero() throws Exception {
        SessionRecord record = record(Duration.ofHours(1), Map.of("user", "alice"));
        store.set("sid-inc-new", record);
        assertIncremented("sid-inc-new", store.increment("sid-inc-new", "views", 5), withAttribute(record, "views", 5));
    }

    @Test
    void increment_jsonNull_startsFromZero() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("views", null);
        data.put("user", "alice");
        SessionRecord record = record(Duration.ofHours(1), data);
        store.set("sid-inc-null", record);
        assertIncremented("sid-inc-null", store.increment("sid-inc-null", "views", 3), withAttribute(record, "views", 3));
    }

    @Test
    void increment_negativeBy_subtracts() throws Exception {
        SessionRecord record = record(Duration.ofHours(1), Map.of("credits", 10));
        store.set("sid-inc-neg", record);
        assertIncremented("sid-inc-neg", store.increment("sid-inc-neg", "credits", -3), withAttribute(record, "credits", 7));
        assertIncremented("sid-inc-neg", store.increment("sid-inc-neg", "credits", -10), withAttribute(record, "credits", -3));
        assertIncremented("sid-inc-neg", store.increment("sid-inc-neg", "fresh", -2),
                withAttribute(withAttribute(record, "credits", -3), "fresh", -2));
    }

    @Test
    void increment_keepsOtherAttributesAndTheCookie() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, JsonNode> data = attributes(
                "user", "alice", "views", 1, "precise", 0.1 + 0.2, "bigNumber", Long.MAX_VALUE, "nothing", null,
                "flag", true, "unicode", "日本語 😀 שלום", "nested", mapper.createObjectNode().put("x", 1).put("y", "z"),
                "list", mapper.createArrayNode().add(1).add("two"));
        CookieData cookie = new CookieData(3_600_000L, true, "high", clock.instant().plus(Duration.ofHours(1)), true, true,
                "example.com", "/app", "strict");
        SessionRecord record = new SessionRecord(cookie, data);
        store.set("sid-inc-keep", record);
        Optional<SessionRecord> returned = store.increment("sid-inc-keep", "views", 1);
        SessionRecord expected = withAttribute(record, "views", 2);
        assertIncremented("sid-inc-keep", returned, expected);
        assertThat(returned.get().cookie()).as("cookie returned by increment").isEqualTo(cookie);
        assertThat(store.get("sid-inc-keep").orElseThrow().cookie()).as("stored cookie").isEqualTo(cookie);
    }

    @Test
    void increment_leavesTheExpiryAsItIs() {
        store.set("sid-inc-exp", record(Duration.ofMinutes(1), Map.of("views", 1)));
        clock.advance(Duration.ofSeconds(30));
        assertThat(store.increment("sid-inc-exp", "views", 1)).isPresent();
        clock.advance(Duration.ofSeconds(29));
        assertThat(store.get("sid-inc-exp")).as("session before its expiry").isPresent();
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.get("sid-inc-exp")).as("session after its (unchanged) expiry").isEmpty();
    }

    @Test
    void increment_unknownId_returnsEmptyAndCreatesNothing() throws Exception {
        assertThat(store.increment("no-such-session", "views", 1)).isEmpty();
        assertThat(store.get("no-such-session")).isEmpty();
        if (supportsRawAccess()) {
            assertThat(readRaw("no-such-session")).isEmpty();
        }
    }

    @Test
    void increment_destroyedSession_returnsEmptyAndCreatesNothing() throws Exception {
        store.set("sid-inc-gone", record(Duration.ofHours(1), Map.of("views", 1)));
        store.destroy("sid-inc-gone");
        assertThat(store.increment("sid-inc-gone", "views", 1)).isEmpty();
        assertThat(store.get("sid-inc-gone")).isEmpty();
        if (supportsRawAccess()) {
            assertThat(readRaw("sid-inc-gone")).isEmpty();
        }
    }

    @Test
    void increment_expiredSession_returnsEmptyAndDoesNotReviveIt() throws Exception {
        store.set("sid-inc-late", record(Duration.ofMinutes(1), Map.of("views", 1)));
        clock.advance(Duration.ofMinutes(2));
        assertThat(store.increment("sid-inc-late", "views", 1)).isEmpty();
        assertThat(store.get("sid-inc-late")).isEmpty();
        if (supportsRawAccess()) {
            Optional<String> raw = readRaw("sid-inc-late");
            if (raw.isPresent()) {
                assertThat(integer(SessionJson.read(raw.get()), "views")).as("expired record left in the backend").isEqualTo(1);
            }
        }
    }

    @Test
    void increment_atTheExpiryInstant_returnsEmpty() {
        store.set("sid-inc-edge", record(Duration.ofMinutes(1), Map.of("views", 1)));
        clock.advance(Duration.ofMinutes(1));
        assertThat(store.increment("sid-inc-edge", "views", 1)).as("expires <= now is expired").isEmpty();
        assertThat(store.get("sid-inc-edge")).isEmpty();
    }

    @ParameterizedTest(name = "increment_nonInteger_throwsAndChangesNothing: {0}")
    @ValueSource(strings = {"1.5", "-0.5", "\"3\"", "\"\"", "true", "false", "{\"n\":1}", "{}", "[1]", "[]"})
    void increment_nonInteger_throwsAndChangesNothing(String json) throws Exception {
        JsonNode value = new ObjectMapper().readTree(json);
        SessionRecord record = record(Duration.ofHours(1), attributes("views", value, "other", 1));
        store.set("sid-inc-bad", record);
        SessionRecord stored = normalised(store.get("sid-inc-bad").orElseThrow());
        String rawBefore = supportsRawAccess() ? readRaw("sid-inc-bad").orElseThrow() : null;
        assertThatThrownBy(() -> store.increment("sid-inc-bad", "views", 1))
                .as("increment of %s", json)
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.get("sid-inc-bad").map(SessionStoreContract::normalised)).as("stored record").contains(stored);
        if (rawBefore != null) {
            assertThat(parsedRaw("sid-inc-bad")).as("backend record").isEqualTo(SessionJson.read(rawBefore));
        }
        assertThat(integer(store.increment("sid-inc-bad", "other", 1).orElseThrow(), "other"))
                .as("another key of the same session").isEqualTo(2);
    }

    /**
     * Zero lost increments. Sixteen threads increment one key of one session at once, N times each:
     * the key ends at 16 × N, and the values the calls returned are exactly 1 … 16 × N, each once (a
     * read-add-write without a lock returns duplicates and loses increments). Another key is intact.
     */
    @Test
    void increment_sixteenThreadsOnOneKey_loseNoIncrement() throws Exception {
        int threads = 16;
        int increments = patchesPerThread();
        String id = "sid-inc-concurrent";
        store.set(id, record(Duration.ofHours(1), Map.of("shared", "untouched")));
        Queue<Long> returned = new ConcurrentLinkedQueue<>();
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < increments; i++) {
                        Optional<SessionRecord> after = store.increment(id, "counter", 1);
                        if (after.isEmpty()) {
                            problems.add("an increment found no session");
                        } else {
                            returned.add(after.get().attributes().get("counter").asLong());
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(problems).as("failed increments").isEmpty();
        long total = (long) threads * increments;
        assertThat(integer(store.get(id).orElseThrow(), "counter"))
                .as("counter after %s × %s increments (lost increments)", threads, increments).isEqualTo(total);
        List<Long> sorted = new ArrayList<>(returned);
        sorted.sort(null);
        List<Long> expected = new ArrayList<>();
        for (long v = 1; v <= total; v++) {
            expected.add(v);
        }
        assertThat(sorted).as("values the increments returned (duplicates mean lost increments)").isEqualTo(expected);
        assertThat(store.get(id).orElseThrow().attributes().get("shared")).isEqualTo(toNode("untouched"));
    }

    /**
     * An increment never re-creates a session destroyed while it ran: like
     * {@link #patch_concurrentWithDestroy_neverResurrectsTheSession}, with sixteen threads incrementing
     * one key. Every increment that started after destroy returned must return empty, and the
     * session stays gone. Three rounds.
     */
    @Test
    void increment_concurrentWithDestroy_neverResurrectsTheSession() throws Exception {
        int threads = 16;
        int incrementsAfterDestroy = 3;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 3; round++) {
                String id = "sid-inc-race-" + round;
                store.set(id, record(Duration.ofHours(1), Map.of("counter", 0)));
                AtomicBoolean destroyed = new AtomicBoolean();
                AtomicInteger before = new AtomicInteger();
                Queue<String> problems = new ConcurrentLinkedQueue<>();
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        int after = 0;
                        while (after < incrementsAfterDestroy) {
                            boolean startedAfterDestroy = destroyed.get();
                            Optional<SessionRecord> result = store.increment(id, "counter", 1);
                            if (startedAfterDestroy) {
                                after++;
                                if (result.isPresent()) {
                                    problems.add("an increment that started after destroy() returned was applied");
                                }
                            } else {
                                before.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                awaitCondition(() -> before.get() >= threads * 3, "increments before destroy");
                store.destroy(id);
                destroyed.set(true);
                for (Future<?> future : futures) {
                    future.get(60, TimeUnit.SECONDS);
                }
                assertThat(problems).as("round %s", round).isEmpty();
                assertThat(store.get(id)).as("round %s: session after destroy", round).isEmpty();
                if (supportsRawAccess()) {
                    assertThat(readRaw(id)).as("round %s: backend value after destroy", round).isEmpty();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- size and characters ----

    @Test
    void setThenGet_oneMegabyteSession_roundTripsAndPatches() {
        StringBuilder big = new StringBuilder(1 << 20);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 \"\\/é😀\n";
        while (big.length() < (1 << 20)) {
            big.append(alphabet);
        }
        SessionRecord record = record(Duration.ofHours(1), Map.of("big", big.toString()));
        store.set("sid-big", record);
        assertThat(store.get("sid-big")).contains(record);
        assertThat(store.patch("sid-big", delta(Map.of("small", 1), Set.of(), record.cookie()))).isTrue();
        assertThat(storedAttributes("sid-big")).isEqualTo(attributes("big", big.toString(), "small", 1));
    }

    @Test
    void setThenGet_unicodeKeysAndValues_roundTrip() throws Exception {
        List<String> texts = List.of(
                "emoji 😀🎉", "family 👨‍👩‍👧", "flag 🇨🇭", "CJK 会话 セッション 세션", "Hebrew שלום", "Arabic مرحبا",
                "RTL override \u202Eabc\u202C", "combining e\u0301", "precomposed \u00e9", "music 𝄞", "Cyrillic ключ",
                "BOM \uFEFF inside", "line separators \u2028\u2029", "non-characters \uFFFE\uFFFF");
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (String text : texts) {
            attributes.put(text, text + " → value ✓");
        }
        attributes.put("e\u0301", "decomposed key");
        attributes.put("\u00e9", "precomposed key: a different key");
        SessionRecord record = record(Duration.ofHours(1), attributes);
        store.set("sid-unicode", record);
        assertThat(store.get("sid-unicode")).contains(record);
        if (supportsRawAccess()) {
            assertThat(parsedRaw("sid-unicode")).isEqualTo(record);
        }
    }

    @Test
    void setThenGet_controlCharactersAndEscapes_roundTrip() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("nul", "before\u0000after");
        attributes.put("controls", "\u0001\u0007\b\f\u001b\u001f\u007f\u0085");
        attributes.put("whitespace", "tab\tnewline\ncarriage\r");
        attributes.put("escapes", "quote\" backslash\\ slash/ \\u0041 not-an-escape");
        attributes.put("html", "</script><!-- & ' \"");
        attributes.put("key\u0000with nul", "nul in a key");
        attributes.put("key\twith\ncontrols", 1);
        attributes.put("", "empty key");
        SessionRecord record = record(Duration.ofHours(1), attributes);
        store.set("sid-controls", record);
        assertThat(store.get("sid-controls")).contains(record);
    }

    /** Ids a store must keep apart and must not interpret: paths, patterns, reserved names, separators. */
    protected static final List<String> UNUSUAL_IDS = List.of(
            "../../etc/passwd", "..", ".", "/", "/absolute", "a/b\\c", "..\\..\\windows", "C:\\Windows\\win.ini",
            "%2F", "%2e%2e%2f", "%00", "with space", " leading", "trailing ", "tab\there", "new\nline",
            "unicodé", "会话", "😀", "CON", "NUL", "com1", "aux.txt", "*", "?", ":", "sess:x", "a*b?c[d]",
            "{braces}", "'single\"double", "semi;colon,comma=eq", "null", "undefined", "~", "$HOME", "a.json",
            "a.json.tmp", "-", "#hash", "x".repeat(250),
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

    @Test
    void ids_unusualCharacters_areSeparateSessions() throws Exception {
        for (String id : UNUSUAL_IDS) {
            store.set(id, record(Duration.ofHours(1), Map.of("id", id)));
        }
        for (String id : UNUSUAL_IDS) {
            assertThat(store.get(id)).as("session %s", id).get()
                    .extracting(r -> r.attributes().get("id").asText()).isEqualTo(id);
            if (supportsRawAccess()) {
                assertThat(parsedRaw(id).attributes().get("id").asText()).as("raw value of %s", id).isEqualTo(id);
            }
        }
        for (int i = 0; i < UNUSUAL_IDS.size(); i += 2) {
            store.destroy(UNUSUAL_IDS.get(i));
        }
        for (int i = 0; i < UNUSUAL_IDS.size(); i++) {
            String id = UNUSUAL_IDS.get(i);
            if (i % 2 == 0) {
                assertThat(store.get(id)).as("destroyed session %s", id).isEmpty();
            } else {
                assertThat(store.get(id)).as("kept session %s", id).isPresent();
                assertThat(store.patch(id, delta(Map.of("patched", true), Set.of(), cookie(Duration.ofHours(1)))))
                        .as("patch of %s", id).isTrue();
            }
        }
    }

    @Test
    void ids_differingOnlyInCaseSpacingOrNormalisation_areSeparateSessions() {
        List<String> ids = List.of("Session-A", "session-a", "SESSION-A", "pad", "pad ", " pad", "pad\t",
                "\u00e9", "e\u0301", "ß", "ss", "İ", "i");
        for (String id : ids) {
            store.set(id, record(Duration.ofHours(1), Map.of("id", id)));
        }
        for (String id : ids) {
            assertThat(store.get(id)).as("session %s", id).get()
                    .extracting(r -> r.attributes().get("id").asText()).isEqualTo(id);
        }
    }

    // ---- corrupt records ----

    @ParameterizedTest(name = "get_corruptRecord_throwsCorruptSessionException: {0}")
    @ValueSource(strings = {
        "not json", "", "   ", "[]", "[{\"cookie\":{}}]", "null", "42", "\"text\"", "{}", "{\"views\":1}",
        "{\"cookie\":5}", "{\"cookie\":null}", "{\"cookie\":\"x\"}", "{\"cookie\":[]}",
        "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null", "{\"cookie\":{\"path\":\"/\"},\"a\":",
        "{\"cookie\":{\"expires\":\"yesterday\"}}", "{\"cookie\":{\"expires\":{}}}",
        "{\"cookie\":{\"originalMaxAge\":\"soon\"}}", "{\"cookie\":{\"sameSite\":[]}}",
        "{'cookie':{}}", "{cookie:{}}"
    })
    void get_corruptRecord_throwsCorruptSessionException(String raw) throws Exception {
        assumeRawAccess();
        store.set("sid-fine", record(Duration.ofHours(1), Map.of("a", 1)));
        writeRaw("sid-corrupt", raw);
        Throwable thrown = catchThrowable(() -> store.get("sid-corrupt"));
        assertThat(thrown).as("get of a corrupt record").isInstanceOf(CorruptSessionException.class);
        assertThat(thrown.getMessage()).as("message").doesNotContain("sid-corrupt");
        assertThat(store.get("sid-fine")).as("another session").isPresent();
    }

    @Test
    void destroy_corruptRecord_removesIt() throws Exception {
        assumeRawAccess();
        writeRaw("sid-corrupt", "{\"cookie\":");
        store.destroy("sid-corrupt");
        assertThat(store.get("sid-corrupt")).isEmpty();
        assertThat(readRaw("sid-corrupt")).isEmpty();
    }

    @Test
    void set_overCorruptRecord_replacesIt() throws Exception {
        assumeRawAccess();
        writeRaw("sid-corrupt", "not json");
        SessionRecord record = record(Duration.ofHours(1), Map.of("a", 1));
        store.set("sid-corrupt", record);
        assertThat(store.get("sid-corrupt")).contains(record);
    }

    @Test
    void patch_corruptRecord_failsOrSkipsWithoutInventingARecord() throws Exception {
        assumeRawAccess();
        writeRaw("sid-corrupt", "{\"views\":1}");
        Boolean applied = null;
        RuntimeException thrown = null;
        try {
            applied = store.patch("sid-corrupt", delta(Map.of("a", 1), Set.of(), cookie(Duration.ofHours(1))));
        } catch (RuntimeException e) {
            thrown = e;
        }
        if (thrown != null) {
            assertThat(thrown).as("patch of a corrupt record").isInstanceOf(SessionStoreException.class);
        } else {
            assertThat(applied).as("patch of a corrupt record").isFalse();
        }
        Throwable onGet = catchThrowable(() -> store.get("sid-corrupt"));
        if (onGet != null) {
            assertThat(onGet).as("get after patching a corrupt record").isInstanceOf(CorruptSessionException.class);
        } else {
            assertThat(store.get("sid-corrupt")).as("get after patching a corrupt record").isEmpty();
        }
    }

    // ---- optional methods ----

    @Test
    void length_withExpiredSessions_countsOnlyLiveOnes() {
        assumeTrue(supportsBulkOperations(), "supportsBulkOperations() is false");
        assertThat(store.length()).isZero();
        store.set("sid-short", record(Duration.ofMinutes(1), Map.of("a", 1)));
        store.set("sid-long-1", record(Duration.ofHours(1), Map.of("b", 2)));
        store.set("sid-long-2", record(null, Map.of("c", 3)));
        assertThat(store.length()).isEqualTo(3);
        clock.advance(Duration.ofMinutes(2));
        assertThat(store.length()).isEqualTo(2);
    }

    @Test
    void all_withExpiredSessions_returnsOnlyLiveOnes() {
        assumeTrue(supportsAll(), "supportsAll() is false");
        assertThat(store.all()).isEmpty();
        SessionRecord longOne = record(Duration.ofHours(1), Map.of("b", 2));
        SessionRecord browserOne = record(null, Map.of("c", 3));
        store.set("sid-short", record(Duration.ofMinutes(1), Map.of("a", 1)));
        store.set("sid-long", longOne);
        store.set("sid-browser", browserOne);
        store.set("../odd id", longOne);
        clock.advance(Duration.ofMinutes(2));
        assertThat(store.all()).isEqualTo(Map.of("sid-long", longOne, "sid-browser", browserOne, "../odd id", longOne));
    }

    @Test
    void clear_storedSessions_removesEveryOne() throws Exception {
        assumeTrue(supportsBulkOperations(), "supportsBulkOperations() is false");
        for (String id : List.of("sid-1", "sid-2", "../odd id", "*")) {
            store.set(id, record(Duration.ofHours(1), Map.of("a", 1)));
        }
        store.clear();
        assertThat(store.length()).isZero();
        for (String id : List.of("sid-1", "sid-2", "../odd id", "*")) {
            assertThat(store.get(id)).as("session %s", id).isEmpty();
            if (supportsRawAccess()) {
                assertThat(readRaw(id)).as("raw value of %s", id).isEmpty();
            }
        }
        store.set("sid-after", record(Duration.ofHours(1), Map.of("a", 1)));
        assertThat(store.get("sid-after")).isPresent();
    }

    @Test
    void bulkOperations_unsupported_throwUnsupportedOperationException() {
        assumeFalse(supportsBulkOperations(), "supportsBulkOperations() is true");
        assertThatThrownBy(store::length).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(store::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void all_unsupported_throwsUnsupportedOperationException() {
        assumeFalse(supportsAll(), "supportsAll() is true");
        assertThatThrownBy(store::all).isInstanceOf(UnsupportedOperationException.class);
    }
}
