package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sojourn.CookieData;
import dev.sojourn.CorruptSessionException;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionJson;
import dev.sojourn.SessionRecord;
import dev.sojourn.SessionStoreException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** RedisStore beyond the kit: connect-redis layout and interop, commands per operation, errors, bulk operations. */
class RedisStoreTest extends StandaloneRedisFixture {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SessionRecord record(Duration ttl, Map<String, JsonNode> attributes) {
        return new SessionRecord(cookie(ttl), attributes);
    }

    private static SessionRecord browserSession() {
        return new SessionRecord(new CookieData(null, null, null, null, null, true, null, "/", null), Map.of("a", F.numberNode(1)));
    }

    // ---- connect-redis layout and interop ----

    @Test
    void set_writesConnectRedisLayout_keyPrefixJsonValueAndCeilSecondsTtl() {
        SessionRecord record = record(Duration.ofMillis(90_001), Map.of("views", F.numberNode(3)));

        store.set("abcdef", record);

        assertThat(raw().keys("*")).containsExactly("sess:abcdef");
        assertThat(raw().get("sess:abcdef")).isEqualTo(SessionJson.write(record));
        assertThat(raw().pttl("sess:abcdef")).isBetween(90_000L, 91_000L);
        assertThat(raw().ttl("sess:abcdef")).isEqualTo(91);
    }

    @Test
    void set_browserSessionCookie_usesTheDefaultTtl() {
        store.set("a", browserSession());
        assertThat(raw().ttl("sess:a")).isEqualTo(86_400);

        try (RedisStore custom = RedisStore.builder().client(client).defaultTtl(Duration.ofMinutes(30)).build()) {
            custom.set("b", browserSession());
        }
        assertThat(raw().ttl("sess:b")).isEqualTo(1_800);
    }

    @Test
    void set_expiredOrExpiringNowCookie_deletesInsteadOfWriting() {
        raw().set("sess:x", "{\"cookie\":{}}");
        store.set("x", record(Duration.ZERO, Map.of()));
        assertThat(raw().exists("sess:x")).isZero();

        raw().set("sess:y", "{\"cookie\":{}}");
        store.set("y", record(Duration.ofMinutes(-5), Map.of()));
        assertThat(raw().exists("sess:y")).isZero();

        store.set("z", record(Duration.ofMillis(1), Map.of()));
        assertThat(raw().ttl("sess:z")).isEqualTo(1);
    }

    @Test
    void get_readsWhatConnectRedisWrote() {
        Instant expires = clock.instant().plus(Duration.ofHours(1));
        String iso = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC).format(expires);
        String nodeJson = "{\"cookie\":{\"originalMaxAge\":3600000,\"expires\":\"" + iso + "\",\"secure\":false,"
                + "\"httpOnly\":true,\"path\":\"/\",\"sameSite\":\"lax\"},\"views\":7,\"user\":{\"name\":\"ada\",\"roles\":[]},"
                + "\"flash\":[]}";
        raw().set("sess:node-made", nodeJson, SetArgs.Builder.ex(3600));

        SessionRecord record = store.get("node-made").orElseThrow();

        assertThat(record.cookie().expires()).isEqualTo(expires);
        assertThat(record.cookie().sameSite()).isEqualTo("lax");
        assertThat(record.attributes().get("views").asInt()).isEqualTo(7);
        assertThat(record.attributes().get("user").get("roles").isArray()).isTrue();
        assertThat(SessionJson.write(record)).isEqualTo(nodeJson);
    }

    @Test
    void get_recordExpiredByTheStoreClock_isEmptyAndDeleted_evenWhileTheKeyLives() {
        store.set("old", record(Duration.ofMinutes(10), Map.of()));
        clock.advance(Duration.ofMinutes(10));

        assertThat(store.get("old")).isEmpty();
        assertThat(raw().exists("sess:old")).isZero();
    }

    @Test
    void get_withExpireByCookieOff_trustsTheKeyTtl_asForSessionsTouchedByConnectRedis() {
        store.set("touched-by-node", record(Duration.ofMinutes(10), Map.of()));
        clock.advance(Duration.ofHours(1));

        try (RedisStore lenient = RedisStore.builder().client(client).clock(clock).expireByCookie(false).build()) {
            assertThat(lenient.get("touched-by-node")).isPresent();
            assertThat(lenient.patch("touched-by-node", new SessionDelta(Map.of("a", F.numberNode(1)), Set.of(),
                    record(Duration.ofMinutes(10), Map.of()).cookie()))).isTrue();
        }
    }

    @Test
    void customAndEmptyPrefix() {
        try (RedisStore custom = RedisStore.builder().client(client).clock(clock).prefix("myapp:s:").build();
                RedisStore bare = RedisStore.builder().client(client).clock(clock).prefix("").build()) {
            custom.set("one", record(Duration.ofHours(1), Map.of()));
            bare.set("two", record(Duration.ofHours(1), Map.of()));

            assertThat(raw().keys("*")).containsExactlyInAnyOrder("myapp:s:one", "two");
            assertThat(custom.get("one")).isPresent();
            assertThat(custom.ids()).containsExactly("one");
            assertThat(bare.ids()).containsExactlyInAnyOrder("myapp:s:one", "two");
        }
    }

    @Test
    void uri_selectsTheDatabase() throws Exception {
        try (RedisStore db2 = RedisStore.builder().uri(redis.uri() + "/2").clock(clock).build()) {
            db2.set("in-db-2", record(Duration.ofHours(1), Map.of()));
            assertThat(db2.toString()).contains("redis://127.0.0.1:" + redis.port() + "/2");
        }
        assertThat(raw().exists("sess:in-db-2")).isZero();
        try (StatefulRedisConnection<String, String> two = rawClient.connect(
                RedisURI.builder().withHost("127.0.0.1").withPort(redis.port()).withDatabase(2).build())) {
            assertThat(two.sync().exists("sess:in-db-2")).isOne();
        }
    }

    // ---- one command per operation ----

    @Test
    void commandsPerOperation_areOneEach() {
        String id = "counted";
        SessionRecord record = record(Duration.ofHours(1), Map.of("views", F.numberNode(1)));

        assertThat(count(() -> store.get(id))).isEqualTo(Map.of("get", 1L));
        assertThat(count(() -> store.set(id, record))).isEqualTo(Map.of("set", 1L));
        assertThat(count(() -> store.get(id))).isEqualTo(Map.of("get", 1L));
        // inside the script, Redis also counts its own GET and SET: the client sent one EVALSHA
        assertThat(count(() -> store.touch(id, record.cookie()))).isEqualTo(Map.of("evalsha", 1L, "get", 1L, "set", 1L));
        assertThat(count(() -> store.patch(id, new SessionDelta(Map.of("views", F.numberNode(2)), Set.of(), record.cookie()))))
                .isEqualTo(Map.of("evalsha", 1L, "get", 1L, "set", 1L));
        assertThat(count(() -> store.patch("missing", new SessionDelta(Map.of(), Set.of(), record.cookie()))))
                .isEqualTo(Map.of("evalsha", 1L, "get", 1L));
        assertThat(count(() -> store.destroy(id))).isEqualTo(Map.of("del", 1L));
        assertThat(count(() -> store.set(id, record(Duration.ZERO, Map.of())))).isEqualTo(Map.of("del", 1L));
    }

    @Test
    void commandsPerOperation_asSentByTheClient() {
        SessionRecord record = record(Duration.ofHours(1), Map.of("views", F.numberNode(1)));
        SessionDelta delta = new SessionDelta(Map.of("views", F.numberNode(2)), Set.of("x"), record.cookie());

        assertThat(sentBy(() -> store.get("c"))).containsExactly("GET");
        assertThat(sentBy(() -> store.set("c", record))).containsExactly("SET");
        assertThat(sentBy(() -> store.touch("c", record.cookie()))).containsExactly("EVALSHA");
        assertThat(sentBy(() -> store.patch("c", delta))).containsExactly("EVALSHA");
        assertThat(sentBy(() -> store.destroy("c"))).containsExactly("DEL");
    }

    @Test
    void patch_afterTheScriptCacheIsFlushed_fallsBackToEvalOnce_thenEvalshaAgain() {
        SessionRecord record = record(Duration.ofHours(1), Map.of("views", F.numberNode(1)));
        store.set("s", record);
        raw().scriptFlush();
        SessionDelta delta = new SessionDelta(Map.of("views", F.numberNode(2)), Set.of(), record.cookie());

        assertThat(sentBy(() -> assertThat(store.patch("s", delta)).isTrue())).containsExactly("EVALSHA", "EVAL");
        assertThat(sentBy(() -> store.patch("s", delta))).containsExactly("EVALSHA");
        assertThat(store.get("s").orElseThrow().attributes().get("views").asInt()).isEqualTo(2);
    }

    // ---- concurrency ----

    @Test
    void parallelPatchesOfDifferentKeys_neverLoseAWrite() throws Exception {
        SessionRecord record = record(Duration.ofHours(1), Map.of());
        store.set("busy", record);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String name = "k" + i;
                results.add(pool.submit(() -> store.patch("busy",
                        new SessionDelta(Map.of(name, F.numberNode(1)), Set.of(), record.cookie()))));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(store.get("busy").orElseThrow().attributes()).hasSize(200);
    }

    // ---- bulk operations ----

    @Test
    void bulkOperations_scanOnlyThePrefix_inSmallBatches_andSkipExpiredRecords() {
        try (RedisStore small = RedisStore.builder().client(client).clock(clock).prefix("s[1]*:").scanCount(3).build()) {
            for (int i = 0; i < 25; i++) {
                small.set("id" + i, record(Duration.ofHours(i < 20 ? 2 : 1), Map.of("i", F.numberNode(i))));
            }
            raw().set("other:key", "x");
            raw().set("s1x:not-matched", "x");
            clock.advance(Duration.ofMinutes(90));

            assertThat(small.ids()).hasSize(25);
            assertThat(small.length()).isEqualTo(20);
            assertThat(small.all()).hasSize(20).containsKey("id0").doesNotContainKey("id24");
            assertThat(small.all().get("id7").attributes().get("i").asInt()).isEqualTo(7);

            small.clear();

            assertThat(small.ids()).isEmpty();
            assertThat(raw().keys("*")).containsExactlyInAnyOrder("other:key", "s1x:not-matched");
        }
    }

    @Test
    void all_failsOnAnUnreadableRecord_lengthCountsIt() {
        store.set("good", record(Duration.ofHours(1), Map.of()));
        raw().set("sess:bad", "{not json");

        assertThat(store.length()).isEqualTo(2);
        assertThatThrownBy(() -> store.all()).isInstanceOf(CorruptSessionException.class).hasMessageContaining("RedisStore.all(");
    }

    // ---- errors ----

    @Test
    void get_ofAKeyOfAnotherType_isCorrupt() {
        raw().lpush("sess:listed", "x");
        assertThatThrownBy(() -> store.get("listed")).isInstanceOf(CorruptSessionException.class)
                .hasMessage("RedisStore.get(list…): the key holds a Redis value of another type");
    }

    @Test
    void failures_nameStoreAndOperation_butNotTheWholeId() {
        store.close();
        String id = "s3cr3t-session-id";

        assertThatThrownBy(() -> store.get(id)).isInstanceOf(SessionStoreException.class)
                .isNotInstanceOf(CorruptSessionException.class)
                .hasMessage("RedisStore.get(s3cr…) on a Lettuce RedisClient failed: the store is closed")
                .hasMessageNotContaining(id);
        assertThatThrownBy(() -> store.patch(id, new SessionDelta(Map.of(), Set.of(), browserSession().cookie())))
                .hasMessageStartingWith("RedisStore.patch(s3cr…)").hasMessageNotContaining(id);
    }

    @Test
    void failures_ofLettuce_becomeSessionStoreExceptions_withTheReason() {
        String id = "s3cr3t-session-id";
        StatefulRedisConnection<String, String> own = client.connect();
        RedisStore borrowed = RedisStore.builder().connection(own).clock(clock).build();
        own.close();

        assertThatThrownBy(() -> borrowed.get(id)).isInstanceOf(SessionStoreException.class)
                .hasMessage("RedisStore.get(s3cr…) on a Lettuce connection failed: Connection is closed")
                .hasCauseInstanceOf(io.lettuce.core.RedisException.class);
    }

    @Test
    void failures_timeout_becomeSessionStoreExceptions() {
        try (RedisStore impatient = RedisStore.builder().uri(redis.uri() + "?timeout=200ms").clock(clock).build()) {
            raw().clientPause(1_000);
            assertThatThrownBy(() -> impatient.get("slow-session"))
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageStartingWith("RedisStore.get(slow…) on redis://127.0.0.1:" + redis.port() + " failed: ")
                    .hasMessageContaining("timed out");
        }
    }

    @Test
    void build_unreachableRedis_failsAtOnce_withOneLineNamingTheUriWithoutPassword() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String uri = "redis://:hunter2@127.0.0.1:" + closedPort + "/3?timeout=2s";

        assertThatThrownBy(() -> RedisStore.create(uri))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageStartingWith("RedisStore: cannot use Redis at redis://127.0.0.1:" + closedPort + "/3: ")
                .hasMessageNotContaining("hunter2")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void build_wrongPassword_failsAtOnce_withoutThePassword() {
        String uri = "redis://nobody:hunter2@127.0.0.1:" + redis.port();

        assertThatThrownBy(() -> RedisStore.create(uri))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageStartingWith("RedisStore: cannot use Redis at redis://127.0.0.1:" + redis.port() + ": ")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void build_badUri_isAnIllegalArgument_withoutThePassword() {
        assertThatThrownBy(() -> RedisStore.create("http://:hunter2@example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("RedisStore: invalid Redis URI http://example.com: unknown scheme")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedisStore.create("redis://:hunter2@127.0.0.1:notaport"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedisStore.create("localhost:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected scheme://host:port");
    }

    @Test
    void builder_validatesItsOptions() {
        assertThatThrownBy(() -> RedisStore.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RedisStore.builder().uri("redis://x").client(client)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RedisStore.builder().defaultTtl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisStore.builder().defaultTtl(Duration.ofMillis(1500))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisStore.builder().scanCount(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisStore.builder().prefix(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void userSuppliedConnection_isNotClosedByTheStore() {
        try (StatefulRedisConnection<String, String> own = client.connect()) {
            RedisStore borrowed = RedisStore.builder().connection(own).clock(clock).build();
            borrowed.set("b", record(Duration.ofHours(1), Map.of()));
            borrowed.close();
            assertThat(own.isOpen()).isTrue();
            assertThat(own.sync().exists("sess:b")).isOne();
        }
    }
}
