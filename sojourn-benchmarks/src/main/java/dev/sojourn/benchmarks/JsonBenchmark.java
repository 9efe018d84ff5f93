package dev.sojourn.benchmarks;

import dev.sojourn.SessionJson;
import dev.sojourn.SessionRecord;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Encoding and decoding a typical stored session: ten attributes plus the cookie object. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class JsonBenchmark {
    static final String TEN_KEYS = "{\"cookie\":{\"originalMaxAge\":3600000,\"expires\":\"2026-11-24T18:24:38.068Z\","
            + "\"httpOnly\":true,\"path\":\"/\",\"sameSite\":\"lax\"},\"views\":42,\"user\":{\"name\":\"alice\",\"roles\":[\"a\",\"b\"]},"
            + "\"cart\":[{\"sku\":\"A-1\",\"qty\":2},{\"sku\":\"B-7\",\"qty\":1}],\"locale\":\"en-GB\",\"theme\":\"dark\","
            + "\"csrf\":\"0f1e2d3c4b5a69788796a5b4c3d2e1f0\",\"lastPage\":\"/products/42?ref=home\",\"flags\":{\"beta\":true,\"ab\":\"B\"},"
            + "\"visits\":[1700000000000,1700000500000],\"note\":\"ünïcødé\"}";

    private final SessionRecord record = SessionJson.read(TEN_KEYS);

    @Benchmark
    public SessionRecord decode() {
        return SessionJson.read(TEN_KEYS);
    }

    @Benchmark
    public String encode() {
        return SessionJson.write(record);
    }
}
