package dev.sojourn.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.SessionStore;
import dev.sojourn.tck.SessionStoreContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store conformance kit through Redis Sentinel: a master named {@code mymaster} watched by one
 * Sentinel; the store finds the master by asking the Sentinel. The back doors talk to the master directly.
 */
class RedisSentinelStoreContractTest extends SessionStoreContract {
    private static EmbeddedRedis sentinel;
    private static RedisClient client;
    private static RedisClient rawClient;
    private static StatefulRedisConnection<String, String> master;

    private static String sentinelUri() {
        return "redis-sentinel://127.0.0.1:" + sentinel.ports().get(0) + "#mymaster";
    }

    @BeforeAll
    static void startSentinel() throws Exception {
        sentinel = EmbeddedRedis.sentinel();
        client = RedisClient.create(RedisURI.create(sentinelUri()));
        rawClient = RedisClient.create();
        master = EmbeddedRedis.connect(rawClient, sentinel.ports().get(1));
    }

    @AfterAll
    static void stopSentinel() throws Exception {
        try {
            if (client != null) {
                client.shutdown();
            }
            if (rawClient != null) {
                rawClient.shutdown();
            }
        } finally {
            if (sentinel != null) {
                sentinel.close();
            }
        }
    }

    private static RedisCommands<String, String> rawCommands() {
        return master.sync();
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

    @Test
    void sentinel_storeFromASentinelUri_writesToTheMaster() {
        try (RedisStore fromUri = RedisStore.builder().uri(sentinelUri()).clock(clock).build()) {
            fromUri.set("via-sentinel", record(Duration.ofHours(1), Map.of("a", 1)));
            assertThat(fromUri.toString()).contains(sentinelUri());
        }
        assertThat(rawCommands().exists("sess:via-sentinel")).isOne();
    }
}
