package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.store.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The MemoryStore's bound holds when a flood of new clients comes through the engine from many
 * threads: every request creates and stores a session, and once Caffeine's pending maintenance has
 * run the store holds at most its bound. Deterministic: no sleeping, no timing; {@code cleanUp()}
 * runs the eviction that Caffeine would otherwise do a little later.
 */
class EngineFloodTest {
    private static final int BOUND = 100;
    private static final int THREADS = 8;
    private static final int REQUESTS_PER_THREAD = 1_000;

    @Test
    void floodOfNewClientsFromManyThreads_storeHoldsAtMostItsBound() throws Exception {
        TestClock clock = TestClock.at("2026-11-24T17:00:00Z");
        MemoryStore store = MemoryStore.builder().clock(clock).maximumSize(BOUND).build();
        SessionEngine engine = SessionEngine.create(SessionOptions.builder()
                .secret("keyboard cat")
                .clock(clock)
                .store(store)
                .cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build())
                .build());
        AtomicInteger sessionsCreated = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                clients.add(pool.submit(() -> {
                    for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                        FakeExchange exchange = FakeExchange.request(); // a new client: no cookie
                        SessionHandle handle = engine.begin(exchange);
                        handle.session().set("n", i);
                        handle.commit();
                        if (!exchange.setCookies().isEmpty()) {
                            sessionsCreated.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        store.cleanUp();

        assertThat(sessionsCreated.get()).isEqualTo(THREADS * REQUESTS_PER_THREAD);
        assertThat(store.estimatedSize()).isLessThanOrEqualTo(BOUND);
        assertThat(store.length()).isLessThanOrEqualTo(BOUND);
        assertThat(store.all()).hasSizeLessThanOrEqualTo(BOUND);
    }
}
