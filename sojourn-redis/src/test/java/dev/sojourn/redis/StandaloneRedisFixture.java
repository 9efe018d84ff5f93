package dev.sojourn.redis;

import dev.sojourn.CookieData;
import dev.sojourn.tck.ManualClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One embedded standalone Redis per test class, emptied before each test: a {@link RedisStore} per
 * test on a client whose commands are recorded ({@link #sentBy}), a separate raw connection to plant
 * and inspect keys, and the server's own command counts ({@link #count}). Test classes run one after
 * another, so the static server belongs to the class running.
 */
abstract class StandaloneRedisFixture {
    static EmbeddedRedis redis;
    /** The client the stores use; its commands are recorded in {@link #sent}. */
    static RedisClient client;
    /** A second client, for the raw connection and any extra connection a test opens. */
    static RedisClient rawClient;
    private static StatefulRedisConnection<String, String> raw;
    private static final List<String> sent = Collections.synchronizedList(new ArrayList<>());

    final ManualClock clock = new ManualClock(startTime());
    RedisStore store;

    /** Where the test's clock starts; by default now, to the millisecond. */
    Instant startTime() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @BeforeAll
    static void startRedis() throws Exception {
        redis = EmbeddedRedis.standalone();
        client = RedisClient.create(redis.uri());
        client.addListener(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                sent.add(event.getCommand().getType().toString());
            }
        });
        rawClient = RedisClient.create();
        raw = EmbeddedRedis.connect(rawClient, redis.port());
    }

    @AfterAll
    static void stopRedis() throws Exception {
        try {
            client.shutdown();
            rawClient.shutdown();
        } finally {
            redis.close();
        }
    }

    @BeforeEach
    void openStore() {
        raw().flushall();
        store = RedisStore.builder().client(client).clock(clock).build();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static RedisCommands<String, String> raw() {
        return raw.sync();
    }

    /** A cookie of {@code ttl} from the clock, HttpOnly, path /. */
    CookieData cookie(Duration ttl) {
        return new CookieData(ttl.toMillis(), null, null, clock.instant().plus(ttl), null, true, null, "/", null);
    }

    /** The commands the stores' client sent while {@code operation} ran, by type. */
    static List<String> sentBy(Runnable operation) {
        sent.clear();
        operation.run();
        return List.copyOf(sent);
    }

    /** The commands Redis executed while {@code operation} ran ({@code INFO commandstats} deltas), scripts' inner calls included. */
    static Map<String, Long> count(Runnable operation) {
        Map<String, Long> before = EmbeddedRedis.commandStats(raw());
        operation.run();
        Map<String, Long> delta = new HashMap<>();
        EmbeddedRedis.commandStats(raw()).forEach((name, calls) -> {
            long diff = calls - before.getOrDefault(name, 0L);
            if (diff != 0) {
                delta.put(name, diff);
            }
        });
        return delta;
    }
}
