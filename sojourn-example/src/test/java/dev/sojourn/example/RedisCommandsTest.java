package dev.sojourn.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sojourn.example.ExampleConfig.Adapter;
import dev.sojourn.example.RedisMeter.Measure;
import dev.sojourn.example.TestApps.EveryAdapter;
import dev.sojourn.testing.TestClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * How many Redis commands each route costs, through the example app on a real Redis
 * ({@code --store redis://…}, {@code --max-age 3600000}, default {@code --touch-after}), on every
 * adapter. The figures are printed (target/surefire-reports/dev.sojourn.example.RedisCommandsTest-output.txt).
 */
class RedisCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedRedisServer redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = EmbeddedRedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @EveryAdapter
    void storeCommandsPerRequest(Adapter adapter) throws Exception {
        Map<String, Measure> costs = new LinkedHashMap<>();
        try (ExampleApp app = TestApps.start(adapter, "--store", redis.uri(), "--max-age", "3600000");
                RedisMeter meter = new RedisMeter(redis.port())) {
            TestClient browser = TestApps.client(app);
            class Step {
                TestClient.Response run(String name, Supplier<TestClient.Response> request) throws InterruptedException {
                    TestClient.Response[] response = new TestClient.Response[1];
                    costs.put(name, meter.measure(() -> response[0] = request.get()));
                    assertThat(response[0].status()).as(name).isLessThan(400);
                    return response[0];
                }
            }
            Step step = new Step();
            step.run("GET /read without a session", () -> browser.get("/read"));
            step.run("GET /plain without a session", () -> browser.get("/plain"));
            step.run("GET /write, new session", () -> browser.get("/write"));
            step.run("GET /plain with a session", () -> browser.get("/plain"));
            TestClient.Response read = step.run("GET /read with a session", () -> browser.get("/read"));
            TestClient.Response write = step.run("GET /write with a session", () -> browser.get("/write"));
            step.run("GET /incr/a with a session", () -> browser.get("/incr/a"));
            step.run("GET /bare with a session", () -> browser.get("/bare"));
            step.run("POST /login with a session", () -> browser.post("/login", Map.of("user", "ada")));
            step.run("POST /logout with a session", () -> browser.post("/logout", Map.of()));

            assertThat(JSON.readTree(read.body()).path("views").asLong()).isEqualTo(1);
            assertThat(JSON.readTree(write.body()).path("views").asLong()).as("the write went through Redis").isEqualTo(2);
        }

        System.out.println("Redis commands per request, --adapter " + adapter.flagValue()
                + " --store redis --max-age 3600000 (client commands from MONITOR; a script's inner calls are not client commands):");
        costs.forEach((name, measure) -> System.out.printf("  %-30s %s%n", name, measure));

        assertThat(costs.get("GET /plain without a session").sent()).isEmpty();
        assertThat(costs.get("GET /read without a session").sent()).isEmpty();
        assertThat(costs.get("GET /plain with a session").sent()).isEmpty();
        assertThat(costs.get("GET /bare with a session").sent()).isEmpty();
        assertThat(costs.get("GET /read with a session").sent()).containsExactly("GET");
        assertThat(costs.get("GET /read with a session").commandStats()).isEqualTo(Map.of("get", 1L));
        // /write increments the counter in Redis with one EVALSHA of the increment script, without
        // loading the session first (Redis also counts the script's inner GET and SET).
        assertThat(costs.get("GET /write with a session").sent()).containsExactly("EVALSHA");
        assertThat(costs.get("GET /incr/a with a session").sent()).containsExactly("EVALSHA");
        // login deletes the old session without loading it, then stores the new one
        assertThat(costs.get("POST /login with a session").sent()).containsExactly("DEL", "SET");
        assertThat(costs.get("POST /logout with a session").sent()).containsExactly("DEL");
        assertThat(costs.get("GET /write with a session").commandStats()).containsEntry("evalsha", 1L);
        assertThat(costs.get("GET /write, new session").sent()).containsExactly("SET");
    }
}
