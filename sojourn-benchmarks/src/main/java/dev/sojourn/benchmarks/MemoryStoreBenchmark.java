package dev.sojourn.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.sojourn.CookieData;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionRecord;
import dev.sojourn.store.MemoryStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@link MemoryStore} operations the engine calls per request, on a store holding 100,000 small
 * sessions (three keys, as {@link MemoryFootprint} stores): {@code get} (every request that uses its
 * session), {@code patch} of one key ({@code /write}) and {@code touch} (an unchanged session, at most
 * once per {@code touchAfter}). Each call picks a random stored session.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MemoryStoreBenchmark {
    static final int SESSIONS = 100_000;

    private MemoryStore store;
    private String[] ids;
    private CookieData cookie;

    @Setup
    public void setUp() {
        store = MemoryStore.builder().maximumSize(2L * SESSIONS).build();
        ids = new String[SESSIONS];
        cookie = MemoryFootprint.cookie(Instant.now());
        for (int i = 0; i < SESSIONS; i++) {
            ids[i] = MemoryFootprint.id(i);
            store.set(ids[i], MemoryFootprint.smallSession(cookie, i));
        }
        store.cleanUp();
    }

    private String anyId() {
        return ids[ThreadLocalRandom.current().nextInt(SESSIONS)];
    }

    @Benchmark
    public Optional<SessionRecord> get() {
        return store.get(anyId());
    }

    @Benchmark
    public boolean patchOneKey() {
        Map<String, JsonNode> set = Map.of("views", IntNode.valueOf(ThreadLocalRandom.current().nextInt(1000)));
        return store.patch(anyId(), new SessionDelta(set, Set.of(), cookie));
    }

    @Benchmark
    public void touch() {
        store.touch(anyId(), cookie);
    }
}
