package dev.sojourn.redis;

import dev.sojourn.SessionStore;
import dev.sojourn.tck.SessionStoreContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store conformance kit against a real standalone Redis. */
class RedisStoreContractTest extends SessionStoreContract {
    private static EmbeddedRedis redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> raw;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = EmbeddedRedis.standalone();
        client = RedisClient.create(redis.uri());
        raw = client.connect();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        try {
            if (client != null) {
                client.shutdown();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    private static RedisCommands<String, String> rawCommands() {
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
}
