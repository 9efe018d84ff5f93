package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sojourn.CookieData;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionRecord;
import dev.sojourn.SessionStore;
import dev.sojourn.tck.SessionStoreContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store conformance kit against a real Redis Cluster of three masters, plus cluster-specific checks. */
class RedisClusterStoreContractTest extends SessionStoreContract {
    private static EmbeddedRedis cluster;
    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> raw;
    private static RedisClient nodeClient;
    private static List<StatefulRedisConnection<String, String>> nodes;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = EmbeddedRedis.cluster();
        client = RedisClusterClient.create(RedisURI.create("127.0.0.1", cluster.port()));
        raw = client.connect();
        nodeClient = RedisClient.create();
        nodes = new ArrayList<>();
        for (int port : cluster.ports()) {
            nodes.add(EmbeddedRedis.connect(nodeClient, port));
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (client != null) {
                client.shutdown();
            }
            if (nodeClient != null) {
                nodeClient.shutdown();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private static RedisAdvancedClusterCommands<String, String> rawCommands() {
        return raw.sync();
    }

    @Override
    protected SessionStore createStore(Clock clock) {
        rawCommands().flushall();
        return RedisStore.builder().client(client).clock(clock).build();
    }

    @Override
    protected void closeStore(SessionStore store) {
        ((RedisStore) store).close();
    }

    @Override
    protected void writeRaw(String id, String rawValue) {
        rawCommands().set(RedisStore.DEFAULT_PREFIX + id, rawValue);
    }

    @Override
    protected Optional<String> readRaw(String id) {
        return Optional.ofNullable(rawCommands().get(RedisStore.DEFAULT_PREFIX + id));
    }

    private SessionRecord liveRecord(int i) {
        return record(Duration.ofHours(1), Map.of("i", i));
    }

    @Test
    void cluster_bulkOperationsSpanEveryMaster() {
        RedisStore redisStore = (RedisStore) store;
        for (int i = 0; i < 60; i++) {
            redisStore.set("spread-" + i, liveRecord(i));
        }
        for (StatefulRedisConnection<String, String> node : nodes) {
            assertThat(node.sync().dbsize()).as("keys on every master").isPositive();
        }

        assertThat(redisStore.ids()).hasSize(60);
        assertThat(redisStore.length()).isEqualTo(60);
        assertThat(redisStore.all()).hasSize(60);

        redisStore.clear();

        for (StatefulRedisConnection<String, String> node : nodes) {
            assertThat(node.sync().dbsize()).isZero();
        }
    }

    @Test
    void cluster_patchIsOneEvalshaOnTheOwningNode() {
        for (int i = 0; i < 10; i++) {
            store.set("owned-" + i, liveRecord(i));
        }
        CookieData cookie = liveRecord(0).cookie();
        for (int i = 0; i < 10; i++) {
            String id = "owned-" + i;
            Map<String, Long> delta = countOnAllNodes(() -> assertThat(store.patch(id,
                    new SessionDelta(Map.of("x", JsonNodeFactory.instance.numberNode(1)), Set.of(), cookie))).isTrue());
            assertThat(delta).isEqualTo(Map.of("evalsha", 1L, "get", 1L, "set", 1L));
            assertThat(countOnAllNodes(() -> store.get(id))).isEqualTo(Map.of("get", 1L));
        }
    }

    @Test
    void cluster_incrementIsOneEvalshaOnTheOwningNode() {
        for (int i = 0; i < 10; i++) {
            store.set("counted-" + i, liveRecord(i));
        }
        for (int i = 0; i < 10; i++) {
            String id = "counted-" + i;
            long expected = i + 5;
            int owner = -1;
            for (int n = 0; n < nodes.size(); n++) {
                int slot = SlotHash.getSlot(RedisStore.DEFAULT_PREFIX + id);
                if (nodes.get(n).sync().clusterCountKeysInSlot(slot) == 1) {
                    owner = n;
                }
            }
            assertThat(owner).as("the node owning %s", id).isNotNegative();
            List<Map<String, Long>> before = new ArrayList<>();
            nodes.forEach(node -> before.add(EmbeddedRedis.commandStats(node.sync())));

            assertThat(store.increment(id, "i", 5).orElseThrow().attributes().get("i").longValue()).isEqualTo(expected);

            for (int n = 0; n < nodes.size(); n++) {
                Map<String, Long> was = before.get(n);
                Map<String, Long> ran = new HashMap<>();
                EmbeddedRedis.commandStats(nodes.get(n).sync()).forEach((name, calls) -> {
                    long diff = calls - was.getOrDefault(name, 0L);
                    if (diff != 0 && !name.equals("cluster")) {
                        ran.put(name, diff);
                    }
                });
                assertThat(ran).as("node %d for %s", n, id)
                        .isEqualTo(n == owner ? Map.of("evalsha", 1L, "get", 1L, "set", 1L) : Map.of());
            }
            assertThat(store.get(id).orElseThrow().attributes().get("i").longValue()).isEqualTo(expected);
        }
        assertThat(store.increment("counted-missing", "i", 1)).isEmpty();
        assertThat(rawCommands().exists(RedisStore.DEFAULT_PREFIX + "counted-missing")).isZero();
    }

    @Test
    void cluster_storeFromARedisClusterUri() {
        String uri = "redis-cluster://127.0.0.1:" + cluster.ports().get(0) + ",127.0.0.1:" + cluster.ports().get(1);
        try (RedisStore fromUri = RedisStore.builder().uri(uri).clock(clock).build()) {
            fromUri.set("via-uri", liveRecord(1));
            assertThat(store.get("via-uri")).isPresent();
            assertThat(fromUri.toString()).contains(uri);
        }
    }

    private static Map<String, Long> countOnAllNodes(Runnable operation) {
        List<Map<String, Long>> before = new ArrayList<>();
        nodes.forEach(node -> before.add(EmbeddedRedis.commandStats(node.sync())));
        operation.run();
        Map<String, Long> delta = new HashMap<>();
        for (int n = 0; n < nodes.size(); n++) {
            Map<String, Long> was = before.get(n);
            EmbeddedRedis.commandStats(nodes.get(n).sync()).forEach((name, calls) -> {
                long diff = calls - was.getOrDefault(name, 0L);
                if (diff != 0 && !name.equals("cluster")) {
                    delta.merge(name, diff, Long::sum);
                }
            });
        }
        return delta;
    }
}
