package dev.sojourn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sojourn.CookieData;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionJson;
import dev.sojourn.SessionRecord;
import dev.sojourn.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bounded, expiring, atomic in-process store. Time moves by the test clock only. */
class MemoryStoreTest {
    private final TestClock clock = TestClock.at("2026-11-24T17:00:00Z");
    private final MemoryStore store = MemoryStore.builder().clock(clock).build();
    private ExecutorService pool;

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private CookieData expiringIn(Duration lifetime) {
        return new CookieData(lifetime.toMillis(), null, null, clock.instant().plus(lifetime), null, true, null, "/", null);
    }

    private static CookieData browserSession() {
        return new CookieData(null, null, null, null, null, true, null, "/", null);
    }

    private static SessionRecord record(CookieData cookie, Object... keyValues) {
        Map<String, JsonNode> attributes = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            attributes.put((String) keyValues[i], value instanceof Integer n ? IntNode.valueOf(n) : TextNode.valueOf((String) value));
        }
        return new SessionRecord(cookie, attributes);
    }

    // ---- basic operations ----

    @Test
    void get_missingId_isEmpty() {
        assertThat(store.get("nope")).isEmpty();
    }

    @Test
    void setThenGet_returnsEqualRecord() {
        SessionRecord record = record(expiringIn(Duration.ofHours(1)), "views", 1, "name", "alice");

        store.set("a", record);

        assertThat(store.get("a")).contains(record);
        assertThat(SessionJson.write(store.get("a").orElseThrow())).isEqualTo(SessionJson.write(record));
    }

    @Test
    void set_existingId_replacesWholeRecord() {
        store.set("a", record(expiringIn(Duration.ofHours(1)), "views", 1, "name", "alice"));

        store.set("a", record(expiringIn(Duration.ofHours(1)), "views", 2));

        assertThat(store.get("a").orElseThrow().attributes()).containsOnlyKeys("views");
        assertThat(store.get("a").orElseThrow().attributes().get("views").asInt()).isEqualTo(2);
    }

    @Test
    void set_alreadyExpiredRecord_deletesInsteadOfStoring() {
        store.set("a", record(expiringIn(Duration.ofHours(1)), "views", 1));

        store.set("a", record(expiringIn(Duration.ZERO), "views", 2));

        assertThat(store.get("a")).isEmpty();
        assertThat(store.length()).isZero();
    }

    @Test
    void storedRecord_isIsolatedFromCallerMutation() {
        ObjectNode user = JsonNodeFactory.instance.objectNode().put("name", "alice");
        store.set("a", new SessionRecord(expiringIn(Duration.ofHours(1)), Map.of("user", user)));

        user.put("name", "mallory");
        store.get("a").orElseThrow().attributes().get("user");

        assertThat(store.get("a").orElseThrow().attributes().get("user").get("name").asText()).isEqualTo("alice");
    }

    @Test
    void returnedRecord_isIsolatedFromStoredRecord() {
        ObjectNode user = JsonNodeFactory.instance.objectNode().put("name", "alice");
        store.set("a", new SessionRecord(expiringIn(Duration.ofHours(1)), Map.of("user", user)));

        ((ObjectNode) store.get("a").orElseThrow().attributes().get("user")).put("name", "mallory");

        assertThat(store.get("a").orElseThrow().attributes().get("user").get("name").asText()).isEqualTo("alice");
    }

    @Test
    void values_readBackAsFromAJsonStore() {
        store.set("a", new SessionRecord(expiringIn(Duration.ofHours(1)),
                Map.of("n", LongNode.valueOf(7), "pojo", new POJONode(List.of("x", 1)))));

        Map<String, JsonNode> back = store.get("a").orElseThrow().attributes();

        assertThat(back.get("n")).isEqualTo(IntNode.valueOf(7));
        assertThat(back.get("pojo").toString()).isEqualTo("[\"x\",1]");
        assertThat(back.get("pojo").isArray()).isTrue();
    }

    @Test
    void destroy_removesAndMissingIsNoError() {
        store.set("a", record(expiringIn(Duration.ofHours(1)), "views", 1));

        store.destroy("a");
        store.destroy("never-existed");

        assertThat(store.get("a")).isEmpty();
    }

    @Test
    void allAndLength_countLiveSessionsOnly() {
        store.set("a", record(expiringIn(Duration.ofMinutes(1)), "n", 1));
        store.set("b", record(expiringIn(Duration.ofHours(1)), "n", 2));
        store.set("c", record(browserSession(), "n", 3));

        assertThat(store.length()).isEqualTo(3);
        assertThat(store.all()).containsOnlyKeys("a", "b", "c");

        clock.advance(Duration.ofMinutes(1));

        assertThat(store.length()).isEqualTo(2);
        assertThat(store.all()).containsOnlyKeys("b", "c");
        assertThat(store.all().get("b").attributes().get("n").asInt()).isEqualTo(2);
    }

    @Test
    void clear_removesEverything() {
        store.set("a", record(expiringIn(Duration.ofHours(1)), "n", 1));
        store.set("b", record(browserSession(), "n", 2));

        store.clear();

        assertThat(store.length()).isZero();
        assertThat(store.all()).isEmpty();
        assertThat(store.get("a")).isEmpty();
    }

    // ---- expiry ----

    @Test
    void get_atCookieExpiry_isEmpty() {
        store.set("a", record(expiringIn(Duration.ofSeconds(10)), "n", 1));

        clock.advance(Duration.ofMillis(9_999));
        assertThat(store.get("a")).isPresent();

        clock.advance(Duration.ofMillis(1));
        assertThat(store.get("a")).isEmpty();
    }

    @Test
    void expiredEntries_areReclaimedByMaintenance() {
        store.set("a", record(expiringIn(Duration.ofSeconds(10)), "n", 1));
        store.set("b", record(expiringIn(Duration.ofHours(1)), "n", 2));

        clock.advance(Duration.ofMinutes(1));
        store.cleanUp();

        assertThat(store.estimatedSize()).isEqualTo(1);
    }

    @Test
    void browserSessionCookie_getsDefaultTtlFromLastWrite() {
        MemoryStore shortTtl = MemoryStore.builder().clock(clock).defaultTtl(Duration.ofMinutes(30)).build();
        shortTtl.set("a", record(browserSession(), "n", 1));

        clock.advance(Duration.ofMinutes(30).minusMillis(1));
        assertThat(shortTtl.get("a")).isPresent();

        clock.advance(Duration.ofMillis(1));
        assertThat(shortTtl.get("a")).isEmpty();
    }

    @Test
    void browserSessionCookie_defaultTtlIsOneDay() {
        assertThat(MemoryStore.DEFAULT_TTL).isEqualTo(Duration.ofDays(1));
        store.set("a", record(browserSession(), "n", 1));

        clock.advance(Duration.ofHours(23));
        assertThat(store.get("a")).isPresent();

        clock.advance(Duration.ofHours(1));
        assertThat(store.get("a")).isEmpty();
    }

    @Test
    void builder_invalidSettings_throwNamingTheSetting() {
        assertThatThrownBy(() -> MemoryStore.builder().maximumSize(0)).hasMessageContaining("maximumSize");
        assertThatThrownBy(() -> MemoryStore.builder().defaultTtl(Duration.ZERO)).hasMessageContaining("defaultTtl");
        assertThatThrownBy(() -> MemoryStore.builder().defaultTtl(Duration.ofSeconds(-1))).hasMessageContaining("defaultTtl");
    }

    // ---- touch ----

    @Test
    void touch_extendsLifeWithoutChangingData() {
        store.set("a", record(expiringIn(Duration.ofSeconds(10)), "views", 7, "name", "alice"));
        clock.advance(Duration.ofSeconds(5));
        CookieData extended = expiringIn(Duration.ofSeconds(10));

        store.touch("a", extended);
        clock.advance(Duration.ofSeconds(9));

        SessionRecord after = store.get("a").orElseThrow();
        assertThat(after.cookie()).isEqualTo(extended);
        assertThat(after.attributes().keySet()).containsExactly("views", "name");
        assertThat(after.attributes().get("views").asInt()).isEqualTo(7);

        clock.advance(Duration.ofSeconds(1));
        assertThat(store.get("a")).isEmpty();
    }

    @Test
    void touch_browserSessionCookie_restartsDefaultTtl() {
        MemoryStore shortTtl = MemoryStore.builder().clock(clock).defaultTtl(Duration.ofMinutes(30)).build();
        shortTtl.set("a", record(browserSession(), "n", 1));
        clock.advance(Duration.ofMinutes(20));

        shortTtl.touch("a", browserSession());
        clock.advance(Duration.ofMinutes(20));

        assertThat(shortTtl.get("a")).isPresent();
    }

    @Test
    void touch_missingOrExpiredId_createsNothing() {
        store.set("old", record(expiringIn(Duration.ofSeconds(1)), "n", 1));
        clock.advance(Duration.ofSeconds(1));

        store.touch("missing", expiringIn(Duration.ofHours(1)));
        store.touch("old", expiringIn(Duration.ofHours(1)));

        assertThat(store.get("missing")).isEmpty();
        assertThat(store.get("old")).as("an expired session is not revived by a touch").isEmpty();
        assertThat(store.length()).isZero();
    }

    // ---- patch ----

    @Test
    void patch_existingId_appliesDeltaAndReturnsTrue() {
        store.set("a", record(expiringIn(Duration.ofMinutes(1)), "keep", 1, "drop", 2, "change", 3));
        CookieData later = expiringIn(Duration.ofHours(2));

        boolean applied = store.patch("a", new SessionDelta(Map.of("change", IntNode.valueOf(30), "add", IntNode.valueOf(4)),
                Set.of("drop"), later));

        assertThat(applied).isTrue();
        SessionRecord after = store.get("a").orElseThrow();
        assertThat(after.attributes().keySet()).containsExactly("keep", "change", "add");
        assertThat(after.attributes().get("change").asInt()).isEqualTo(30);
        assertThat(after.cookie()).isEqualTo(later);
    }

    @Test
    void patch_missingId_returnsFalseAndCreatesNothing() {
        boolean applied = store.patch("ghost", new SessionDelta(Map.of("k", IntNode.valueOf(1)), Set.of(),
                expiringIn(Duration.ofHours(1))));

        assertThat(applied).isFalse();
        assertThat(store.get("ghost")).isEmpty();
        assertThat(store.length()).isZero();
        assertThat(store.estimatedSize()).isZero();
    }

    @Test
    void patch_expiredId_returnsFalseAndCreatesNothing() {
        store.set("a", record(expiringIn(Duration.ofSeconds(1)), "n", 1));
        clock.advance(Duration.ofSeconds(2));

        boolean applied = store.patch("a", new SessionDelta(Map.of("k", IntNode.valueOf(1)), Set.of(),
                expiringIn(Duration.ofHours(1))));

        assertThat(applied).isFalse();
        assertThat(store.get("a")).isEmpty();
    }

    // ---- bound ----

    @Test
    void maximumSize_tenThousandInserts_holdsBoundAfterCleanUp() {
        MemoryStore bounded = MemoryStore.builder().clock(clock).maximumSize(100).build();

        for (int i = 0; i < 10_000; i++) {
            bounded.set("s" + i, record(expiringIn(Duration.ofHours(1)), "n", i));
        }
        bounded.cleanUp();

        assertThat(bounded.estimatedSize()).isLessThanOrEqualTo(100);
        assertThat(bounded.length()).isLessThanOrEqualTo(100);
        assertThat(bounded.all()).hasSizeLessThanOrEqualTo(100);
    }

    // ---- concurrency ----

    @Test
    void patch_sixteenThreadsFiveHundredEachOnOwnKeys_losesNoUpdate() throws Exception {
        int threads = 16;
        int patchesPerThread = 500;
        store.set("shared", record(browserSession(), "seed", 0));
        pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String key = "counter-" + t;
            results.add(pool.submit(() -> {
                start.await();
                int applied = 0;
                for (int i = 1; i <= patchesPerThread; i++) {
                    if (store.patch("shared", new SessionDelta(Map.of(key, IntNode.valueOf(i)), Set.of(), browserSession()))) {
                        applied++;
                    }
                }
                return applied;
            }));
        }
        start.countDown();
        for (Future<Integer> result : results) {
            assertThat(result.get(20, TimeUnit.SECONDS)).isEqualTo(patchesPerThread);
        }

        SessionRecord after = store.get("shared").orElseThrow();
        assertThat(after.attributes()).hasSize(threads + 1);
        for (int t = 0; t < threads; t++) {
            assertThat(after.attributes().get("counter-" + t)).as("counter-%d", t).isNotNull();
            assertThat(after.attributes().get("counter-" + t).asInt()).as("counter-%d", t).isEqualTo(patchesPerThread);
        }
        assertThat(after.attributes().get("seed").asInt()).isZero();
    }

    @Test
    void patchAndTouch_concurrent_touchNeverUndoesAPatch() throws Exception {
        store.set("shared", record(browserSession(), "seed", 0));
        pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> results = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            String key = "k" + t;
            results.add(pool.submit(() -> {
                start.await();
                for (int i = 1; i <= 500; i++) {
                    store.patch("shared", new SessionDelta(Map.of(key, IntNode.valueOf(i)), Set.of(), browserSession()));
                }
                return null;
            }));
            results.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 500; i++) {
                    store.touch("shared", browserSession());
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> result : results) {
            result.get(20, TimeUnit.SECONDS);
        }

        SessionRecord after = store.get("shared").orElseThrow();
        assertThat(after.attributes().get("k0").asInt()).isEqualTo(500);
        assertThat(after.attributes().get("k1").asInt()).isEqualTo(500);
    }

    @Test
    void instant_helper_sanity() {
        assertThat(expiringIn(Duration.ofSeconds(1)).expires()).isEqualTo(Instant.parse("2026-11-24T17:00:01Z"));
    }
}
