package dev.sojourn.benchmarks;

import dev.sojourn.CookieOptions;
import dev.sojourn.CookieSigner;
import dev.sojourn.Session;
import dev.sojourn.SessionEngine;
import dev.sojourn.SessionHandle;
import dev.sojourn.SessionJson;
import dev.sojourn.SessionOptions;
import dev.sojourn.store.MemoryStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's whole per-request work on a {@link MemoryStore}: {@code begin} (cookie parse and
 * signature check) plus {@code commit}, for
 * <ul>
 *   <li>{@code untouched}: a session that is never used (the example's {@code /plain});</li>
 *   <li>{@code readOnly}: a session that is only read ({@code /read}; the touch is throttled by {@code touchAfter});</li>
 *   <li>{@code written}: a session read and then written (load, then {@code patch});</li>
 *   <li>{@code incremented}: a counter incremented without a load, one store call ({@code /write});</li>
 *   <li>{@code created}: a new client whose first request writes (id generation, store {@code set},
 *       signing and the {@code Set-Cookie} header).</li>
 * </ul>
 * {@code shape} is the stored session: three small keys (as the example app and
 * {@link MemoryFootprint}) or ten (as {@link JsonBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EngineBenchmark {
    @Param({"3keys", "10keys"})
    public String shape;

    private SessionEngine engine;
    private String cookieHeader;

    @Setup
    public void setUp() {
        MemoryStore store = MemoryStore.create();
        engine = SessionEngine.create(SessionOptions.builder()
                .secret("keyboard cat")
                .store(store)
                .cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build())
                .build());
        String id = "AQnzHlnfFyBQEOP3k-d9HZTS_usU4D2v";
        store.set(id, shape.equals("3keys")
                ? MemoryFootprint.smallSession(MemoryFootprint.cookie(Instant.now()), 42)
                : SessionJson.read(JsonBenchmark.TEN_KEYS.replace("2026-11-24T18:24:38.068Z", "2999-01-01T00:00:00.000Z")));
        String signed = new CookieSigner(List.of("keyboard cat".getBytes(StandardCharsets.UTF_8))).sign(id);
        cookieHeader = "theme=dark; connect.sid=" + URLEncoder.encode(signed, StandardCharsets.UTF_8) + "; other=1";
    }

    @Benchmark
    public boolean untouched() {
        SessionHandle handle = engine.begin(new BenchExchange(cookieHeader));
        handle.commit();
        return handle.isCommitted();
    }

    @Benchmark
    public Object readOnly() {
        SessionHandle handle = engine.begin(new BenchExchange(cookieHeader));
        Object views = handle.session().get("views", Integer.class);
        handle.commit();
        return views;
    }

    @Benchmark
    public int written() {
        SessionHandle handle = engine.begin(new BenchExchange(cookieHeader));
        Session session = handle.session();
        Integer views = session.get("views", Integer.class);
        session.set("views", views == null ? 1 : views + 1);
        handle.commit();
        return views == null ? 0 : views;
    }

    /** The example app's {@code /write}: {@link SessionHandle#increment} changes a counter in one store call, without a load. */
    @Benchmark
    public long incremented() {
        SessionHandle handle = engine.begin(new BenchExchange(cookieHeader));
        long views = handle.increment("views", 1);
        handle.commit();
        return views;
    }

    @Benchmark
    public int created() {
        BenchExchange exchange = new BenchExchange("");
        SessionHandle handle = engine.begin(exchange);
        handle.session().set("views", 1);
        handle.commit();
        return exchange.headersWritten;
    }
}
