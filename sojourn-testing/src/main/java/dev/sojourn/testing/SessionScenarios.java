package dev.sojourn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.SessionOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * CATALOGUE_JAVADOC_PLACEHOLDER
 */
public abstract class SessionScenarios extends ScenarioSupport {

    // ---------------------------------------------------------------- top level (1-16)

    @Test
    @DisplayName("§8 #2 a request that already has a session (outer middleware) is left alone: no cookie, no store use")
    void item02_requestWithSessionPassesThrough() throws Exception {
        CountingStore outer = newStore();
        CountingStore inner = newStore();
        TestClient client = start(ServerSpec.of(options(inner).name("inner.sid").build(), ScenarioSupport::app)
                .behindOuterMiddleware(options(outer).build()));

        TestClient.Response response = client.get("/write");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.setCookie("inner.sid")).isEmpty();
        assertThat(inner.total()).isZero();
        assertThat(response.setCookie(NAME)).as("the outer middleware's own cookie").isPresent();
        assertThat(outer.delegate().length()).isEqualTo(1);
    }

    @Test
    @DisplayName("§8 #3 no secret: refused when the middleware is built (Sojourn fails at start-up, not with a 500 per request)")
    void item03_secretRequired() {
        assertThatThrownBy(() -> SessionOptions.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("secret is required");
    }

    @Test
    @DisplayName("§8 #5 setting data sends the cookie and the store then holds exactly one session")
    void item05_firstWriteSendsCookieAndStoresOne() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ScenarioSupport::app);

        TestClient.Response response = client.get("/write");

        assertThat(response.status()).isEqualTo(200);
        String cookie = sessionCookie(response);
        assertThat(store.delegate().length()).isEqualTo(1);
        assertThat(store.delegate().get(idOf(cookie))).isPresent();
    }

    @Test
    @DisplayName("§8 #6 replaying the cookie loads the same session")
    void item06_replayLoadsSameSession() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ScenarioSupport::app);
        client.get("/write?v=7");

        TestClient.Response response = client.get("/read");

        assertThat(response.body()).isEqualTo("7");
        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(store.delegate().length()).isEqualTo(1);
    }

    @Test
    @DisplayName("§8 #7 a store read error fails the request with 500")
    void item07_storeReadErrorIs500() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ScenarioSupport::app);
        String id = idOf(sessionCookie(client.get("/write")));
        store.failOn("get");

        TestClient.Response response = client.get("/read");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(response.body()).doesNotContain(id);
    }

    @Test
    @DisplayName("§8 #9 two concurrent cookie-less requests create two distinct stored sessions")
    void item09_concurrentNewClientsGetDistinctSessions() throws Exception {
        CountingStore store = newStore();
        CyclicBarrier bothInFlight = new CyclicBarrier(2);
        TestClient first = start(options(store).build(), ex -> {
            ex.session().set("views", 1);
            bothInFlight.await(10, TimeUnit.SECONDS);
            ex.write("ok");
        });
        TestClient second = new TestClient(first.baseUrl());

        CompletableFuture<TestClient.Response> a = first.getAsync("/", Map.of());
        CompletableFuture<TestClient.Response> b = second.getAsync("/", Map.of());

        String idA = idOf(sessionCookie(a.get(20, TimeUnit.SECONDS)));
        String idB = idOf(sessionCookie(b.get(20, TimeUnit.SECONDS)));
        assertThat(idA).isNotEqualTo(idB);
        assertThat(store.delegate().all().keySet()).containsExactlyInAnyOrder(idA, idB);
    }

    @Test
    @DisplayName("§8 #10 a request target with an empty path (absolute form without '/') still gets a session cookie")
    void item10_emptyPath() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ex -> {
            ex.session().set("views", 1);
            ex.write("path=" + ex.path());
        });
        String authority = client.baseUrl().substring("http://".length());

        TestClient.Response response = client.raw("GET http://" + authority + " HTTP/1.1", List.of("Host: " + authority));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.setCookie(NAME)).isPresent();
        assertThat(store.delegate().length()).isEqualTo(1);
    }

    @Test
    @DisplayName("§8 #11 ending the response twice does no harm: first body and headers win")
    void item11_endTwice() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ex -> {
            ex.session().set("views", 1);
            ex.write("hello");
            ex.end();
            ex.end();
            ex.addHeader("X-Too-Late", "1");
            ex.write(" world");
            ex.end();
        });

        TestClient.Response response = client.get("/");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello");
        assertThat(response.header("X-Too-Late")).isEmpty();
        assertThat(response.setCookie(NAME)).isPresent();
        assertThat(store.delegate().length()).isEqualTo(1);
    }

    @Test
    @DisplayName("§8 #12 ending the response with no body gives an empty 200 (with the cookie)")
    void item12_endWithoutBody() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).saveUninitialized(true).build(), ex -> {
            ex.session();
            ex.end();
        });

        TestClient.Response response = client.get("/");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.setCookie(NAME)).isPresent();
        assertThat(store.delegate().length()).isEqualTo(1);
    }

    @Test
    @DisplayName("§8 #13 a stored record with keys named like session methods (save, id, regenerate, destroy) loads and works")
    void item13_reservedLookingKeysInRecord() throws Exception {
        RawJsonStore raw = new RawJsonStore(clock);
        CountingStore store = new CountingStore(raw);
        raw.putRaw("known-id", "{\"cookie\":" + cookieJson()
                + ",\"save\":\"x\",\"id\":\"forged\",\"regenerate\":1,\"destroy\":null,\"views\":3}");
        TestClient client = start(options(store).build(), ex -> {
            Integer views = ex.session().get("views", Integer.class);
            ex.session().set("views", views + 1);
            ex.write(ex.session().id() + " " + views + " " + ex.session().get("save"));
        });
        client.setCookie(NAME, signedValue("known-id", SECRET));

        TestClient.Response response = client.get("/");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("known-id 3 x");
        assertThat(stored(store.delegate(), "known-id").attributes().keySet())
                .containsExactly("save", "id", "regenerate", "destroy", "views");
        assertThat(stored(store.delegate(), "known-id").attributes().get("views").asInt()).isEqualTo(4);
    }

    @Test
    @DisplayName("§8 #14 the session's keys are only the application's data (the cookie is not one of them)")
    void item14_keysAreDataOnly() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ex -> {
            if (ex.path().equals("/write")) {
                ex.session().set("a", 1);
                ex.session().set("b", "two");
            }
            ex.write(String.join(",", ex.session().keys()));
        });

        assertThat(client.get("/write").body()).isEqualTo("a,b");
        assertThat(client.get("/read").body()).isEqualTo("a,b");
    }

    @Test
    @DisplayName("§8 #16 rolling with a streamed (flushed) response: the later request's Expires moves on")
    void item16_rollingStreamedResponseRefreshesExpires() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).rolling(true).build(), ex -> {
            if (ex.path().equals("/write")) {
                ex.session().set("views", 1);
            } else {
                ex.session();
            }
            ex.write("chunk one;");
            ex.flush();
            ex.write("chunk two");
        });
        String first = sessionCookie(client.get("/write"));
        clock.advance(Duration.ofSeconds(5));

        TestClient.Response second = client.get("/stream");

        assertThat(second.body()).isEqualTo("chunk one;chunk two");
        String refreshed = sessionCookie(second);
        assertThat(expiresOf(refreshed)).isPresent();
        assertThat(expiresOf(refreshed).get()).isNotEqualTo(expiresOf(first).get());
        assertThat(Duration.between(expiresOf(first).get(), expiresOf(refreshed).get())).isEqualTo(Duration.ofSeconds(5));
    }

    // ---------------------------------------------------------------- when response ended (17-21)

    /** A store whose writes take 150 ms, and a check that the write had finished when the answer arrived. */
    private void assertSavedBeforeResponse(ScenarioHandler handler, String expectedBody) throws Exception {
        CountingStore store = newStore();
        store.delayWrites(Duration.ofMillis(150));
        TestClient client = start(options(store).build(), handler);

        TestClient.Response response = client.get("/");

        assertThat(store.delegate().length()).as("stored when the response arrived").isEqualTo(1);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(expectedBody);
        assertThat(store.delegate().get(idOf(sessionCookie(response)))).isPresent();
    }

    @Test
    @DisplayName("§8 #17 a modified session is stored (slow store) before the response completes")
    void item17_savedBeforeResponse() throws Exception {
        assertSavedBeforeResponse(ex -> {
            ex.session().set("views", 1);
            ex.write("hello, world");
        }, "hello, world");
    }

    @Test
    @DisplayName("§8 #18 …also with Content-Length 0 and an empty body")
    void item18_savedBeforeEmptyFixedLengthResponse() throws Exception {
        assertSavedBeforeResponse(ex -> {
            ex.session().set("views", 1);
            ex.contentLength(0);
            ex.end();
        }, "");
    }

    @Test
    @DisplayName("§8 #19 …also with a fixed Content-Length written in two parts")
    void item19_savedBeforeFixedLengthTwoWrites() throws Exception {
        assertSavedBeforeResponse(ex -> {
            ex.session().set("views", 1);
            ex.contentLength(12);
            ex.write("hello, ");
            ex.write("world");
        }, "hello, world");
    }

    @Test
    @DisplayName("§8 #20 …also with a fixed Content-Length written at once")
    void item20_savedBeforeFixedLengthOneWrite() throws Exception {
        assertSavedBeforeResponse(ex -> {
            ex.session().set("views", 1);
            ex.contentLength(12);
            ex.write("hello, world");
        }, "hello, world");
    }

    @Test
    @DisplayName("§8 #21 the stored expiry equals the cookie's Expires, and a later request moves it forward")
    void item21_storedExpiryFollowsCookie() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ScenarioSupport::app);
        String cookie = sessionCookie(client.get("/write"));
        String id = idOf(cookie);

        assertThat(toSeconds(storedCookie(store.delegate(), id).expires())).isEqualTo(expiresOf(cookie).get());
        assertThat(storedCookie(store.delegate(), id).expires()).isEqualTo(clock.instant().plusMillis(MAX_AGE));

        clock.advance(Duration.ofSeconds(10));
        client.get("/read");

        assertThat(storedCookie(store.delegate(), id).expires()).isEqualTo(clock.instant().plusMillis(MAX_AGE));
    }

    // ---------------------------------------------------------------- sid not in store (22-23)

    @Test
    @DisplayName("§8 #22 after the store is cleared, the old cookie gets a new, empty session")
    void item22_clearedStoreGivesNewEmptySession() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ScenarioSupport::app);
        client.get("/write?v=5");
        store.delegate().clear();

        assertThat(client.get("/read").body()).isEqualTo("null");
        assertThat(client.get("/").body()).isEqualTo("new");
    }

    @Test
    @DisplayName("§8 #23 …and the cookie it sends carries a different id")
    void item23_clearedStoreGivesNewId() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ScenarioSupport::app);
        String oldId = idOf(sessionCookie(client.get("/write")));
        store.delegate().clear();

        String newId = idOf(sessionCookie(client.get("/write")));

        assertThat(newId).isNotEqualTo(oldId);
        assertThat(store.delegate().all().keySet()).containsExactly(newId);
    }

    // ---------------------------------------------------------------- sid not properly signed (24-25)

    @Test
    @DisplayName("§8 #24 the bare unsigned id gets a new session with a different id (store not consulted)")
    void item24_unsignedIdIgnored() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ScenarioSupport::app);
        String id = idOf(sessionCookie(client.get("/write")));
        client.setCookie(NAME, id);
        store.reset();

        TestClient.Response response = client.get("/write?v=2");

        assertThat(idOf(sessionCookie(response))).isNotEqualTo(id);
        assertThat(store.count("get")).isZero();
        assertThat(stored(store.delegate(), id).attributes().get("views").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("§8 #25 a tampered signature gets a new session; the store is never asked for the id")
    void item25_tamperedSignatureIgnored() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ScenarioSupport::app);
        String cookie = sessionCookie(client.get("/write"));
        String id = idOf(cookie);
        String value = valueOf(cookie);
        char last = value.charAt(value.length() - 1);
        client.setCookie(NAME, value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A'));
        store.reset();

        TestClient.Response response = client.get("/read");

        assertThat(response.body()).isEqualTo("null");
        assertThat(store.count("get")).isZero();
        assertThat(idOf(sessionCookie(client.get("/write")))).isNotEqualTo(id);
    }

    // ---------------------------------------------------------------- session expired in store (26-28)

    private static final long SHORT_MAX_AGE = 1_000;

    private SessionOptions shortLived(CountingStore store) {
        return options(store).cookie(dev.sojourn.CookieOptions.builder().maxAgeMillis(SHORT_MAX_AGE).build()).build();
    }

    @Test
    @DisplayName("§8 #26 a request after expiry (test clock) gets a new session")
    void item26_expiredGivesNewSession() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(shortLived(store), ScenarioSupport::app);
        client.get("/write?v=3");
        clock.advance(Duration.ofMillis(SHORT_MAX_AGE + 1));

        assertThat(client.get("/read").body()).isEqualTo("null");
        assertThat(client.get("/").body()).isEqualTo("new");
    }

    @Test
    @DisplayName("§8 #27 …with a different id")
    void item27_expiredGivesNewId() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(shortLived(store), ScenarioSupport::app);
        String oldId = idOf(sessionCookie(client.get("/write")));
        clock.advance(Duration.ofMillis(SHORT_MAX_AGE + 1));

        String newId = idOf(sessionCookie(client.get("/write")));

        assertThat(newId).isNotEqualTo(oldId);
    }

    @Test
    @DisplayName("§8 #28 the expired entry is gone from the store's listing")
    void item28_expiredEntryGoneFromStore() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(shortLived(store), ScenarioSupport::app);
        String oldId = idOf(sessionCookie(client.get("/write")));
        clock.advance(Duration.ofMillis(SHORT_MAX_AGE + 1));

        String newId = idOf(sessionCookie(client.get("/write")));

        assertThat(store.delegate().all().keySet()).containsExactly(newId).doesNotContain(oldId);
        assertThat(store.delegate().length()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- record without cookie (29)

    @Test
    @DisplayName("§8 #29 a stored record lacking 'cookie' is treated as corrupt: deleted, and a new session (Sojourn: no 500)")
    void item29_recordWithoutCookieIsCorrupt() throws Exception {
        RawJsonStore raw = new RawJsonStore(clock);
        CountingStore store = new CountingStore(raw);
        raw.putRaw("corrupt-id", "{\"views\":1}");
        TestClient client = start(options(store).build(), ScenarioSupport::app);
        client.setCookie(NAME, signedValue("corrupt-id", SECRET));

        TestClient.Response read = client.get("/read");

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("null");
        assertThat(raw.raw("corrupt-id")).as("the corrupt record is deleted").isNull();
        String newId = idOf(sessionCookie(client.get("/write")));
        assertThat(newId).isNotEqualTo("corrupt-id");
    }
}
