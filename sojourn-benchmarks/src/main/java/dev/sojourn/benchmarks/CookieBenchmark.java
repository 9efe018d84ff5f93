package dev.sojourn.benchmarks;

import dev.sojourn.CookieSigner;
import dev.sojourn.SessionIdGenerator;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

/** Signing, verifying and generating session ids: the per-request cryptography. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CookieBenchmark {
    private final CookieSigner signer = new CookieSigner(List.of("keyboard cat".getBytes(StandardCharsets.UTF_8)));
    private final String id = "AQnzHlnfFyBQEOP3k-d9HZTS_usU4D2v";
    private final String signed = signer.sign(id);
    private final SessionIdGenerator generator = SessionIdGenerator.secureRandom();
    private final BenchExchange exchange = new BenchExchange("");

    @Benchmark
    public String sign() {
        return signer.sign(id);
    }

    @Benchmark
    public String verify() {
        return signer.unsign(signed);
    }

    @Benchmark
    public String generateId() {
        return generator.generate(exchange);
    }
}
