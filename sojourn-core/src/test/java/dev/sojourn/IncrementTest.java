package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Counters: {@link SessionHandle#increment} changes a stored session with one atomic store call and
 * no load, and parallel increments of one key are never lost.
 */
class IncrementTest {
    private final EngineHarness h = EngineHarness.create(b -> b.cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build()));

    @Test
    void handleIncrement_storedSession_isOneStoreCallAndNoLoad() {
        String id = h.seed(Map.of("views", 4, "name", "alice"));
        AtomicLong value = new AtomicLong();

        FakeExchange exchange = h.run(h.requestWith(id), handle -> value.set(handle.increment("views", 1)));

        assertThat(value).hasValue(5);
        assertThat(h.store.increments).hasValue(1);
        assertThat(h.store.total()).as("no get, no patch, no touch: the increment is the only call").isEqualTo(1);
        assertThat(h.stored(id).orElseThrow().attributes().get("views").asLong()).isEqualTo(5);
        assertThat(h.stored(id).orElseThrow().attributes().get("name").asText()).isEqualTo("alice");
        assertThat(h.sessionIdSent(exchange)).as("modified session with an expiry: cookie refreshed").contains(id);
    }

    @Test
    void handleIncrement_thenRead_seesTheStoredSessionWithoutAnotherGet() {
        String id = h.seed(Map.of("views", 1, "name", "alice"));

        h.run(h.requestWith(id), handle -> {
            assertThat(handle.increment("views", 2)).isEqualTo(3);
            assertThat(handle.session().get("name")).isEqualTo("alice");
            assertThat(handle.session().get("views", Long.class)).isEqualTo(3L);
        });

        assertThat(h.store.gets).hasValue(0);
        assertThat(h.store.total()).isEqualTo(1);
    }

    @Test
    void handleIncrement_noSession_createsOneHoldingTheIncrement() {
        AtomicLong value = new AtomicLong();

        FakeExchange exchange = h.run(FakeExchange.request(), handle -> value.set(handle.increment("views", 1)));

        String id = h.sessionIdSent(exchange).orElseThrow();
        assertThat(value).hasValue(1);
        assertThat(h.store.sets).hasValue(1);
        assertThat(h.store.increments).hasValue(0);
        assertThat(h.stored(id).orElseThrow().attributes().get("views").asLong()).isEqualTo(1);
    }

    @Test
    void handleIncrement_unknownId_createsANewSessionWithAnotherId() {
        FakeExchange exchange = h.run(h.requestWith("forged-or-expired"), handle -> handle.increment("views", 1));

        assertThat(h.sessionIdSent(exchange)).isPresent().get().isNotEqualTo("forged-or-expired");
        assertThat(h.store.delegate().get("forged-or-expired")).isEmpty();
    }

    @Test
    void sessionIncrement_loadedSession_goesToTheStoreAtOnce() {
        String id = h.seed(Map.of("views", 10));

        h.run(h.requestWith(id), handle -> {
            Session session = handle.session();
            assertThat(session.increment("views", -3)).isEqualTo(7);
            assertThat(h.stored(id).orElseThrow().attributes().get("views").asLong()).as("stored before commit").isEqualTo(7);
        });

        assertThat(h.store.increments).hasValue(1);
        assertThat(h.store.patches).as("nothing left to write at commit").hasValue(0);
    }

    @Test
    void sessionIncrement_afterALocalSetOfTheSameKey_staysLocal() {
        String id = h.seed(Map.of("views", 10));

        h.run(h.requestWith(id), handle -> {
            handle.session().set("views", 100);
            assertThat(handle.session().increment("views", 1)).isEqualTo(101);
        });

        assertThat(h.store.increments).hasValue(0);
        assertThat(h.stored(id).orElseThrow().attributes().get("views").asLong()).isEqualTo(101);
    }

    @Test
    void increment_nonInteger_throwsNamingTheKey() {
        String id = h.seed(Map.of("name", "alice", "ratio", 1.5));

        assertThatThrownBy(() -> h.run(h.requestWith(id), handle -> handle.increment("name", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'name'");
        assertThatThrownBy(() -> h.run(h.requestWith(id), handle -> handle.session().increment("ratio", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ratio'");
        assertThat(h.stored(id).orElseThrow().attributes().get("name").asText()).isEqualTo("alice");

        h.run(h.requestWith(id), handle -> {
            assertThatThrownBy(() -> handle.increment("name", 1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(handle.session().id()).as("after a refused increment the stored session still loads").isEqualTo(id);
            assertThat(handle.session().get("name")).isEqualTo("alice");
        });
    }

    @Test
    void increment_parallelRequestsOnOneKey_loseNothing() throws InterruptedException {
        String id = h.seed(Map.of("hits", 0));
        int threads = 8;
        int perThread = 250;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    h.run(h.requestWith(id), handle -> handle.increment("hits", 1));
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(h.stored(id).orElseThrow().attributes().get("hits").asLong()).isEqualTo(threads * perThread);
    }

    @Test
    void handleRegenerate_storedSession_deletesItWithoutLoadingAndStoresTheNewOne() {
        String id = h.seed(Map.of("views", 3));

        FakeExchange exchange = h.run(h.requestWith(id), handle -> handle.regenerate().set("user", "ada"));

        String newId = h.sessionIdSent(exchange).orElseThrow();
        assertThat(newId).isNotEqualTo(id);
        assertThat(h.store.gets).as("the old session is not loaded").hasValue(0);
        assertThat(h.store.destroys).hasValue(1);
        assertThat(h.store.sets).hasValue(1);
        assertThat(h.store.delegate().get(id)).isEmpty();
        assertThat(h.stored(newId).orElseThrow().attributes()).containsOnlyKeys("user");
    }
}
