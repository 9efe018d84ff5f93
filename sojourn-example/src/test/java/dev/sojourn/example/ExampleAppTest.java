package dev.sojourn.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sojourn.example.ExampleConfig.Adapter;
import dev.sojourn.example.TestApps.EveryAdapter;
import dev.sojourn.store.MemoryStore;
import dev.sojourn.testing.CountingStore;
import dev.sojourn.testing.TestClient;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;

/**
 * Every route of the example app, over real HTTP against an in-process server on a free port, on
 * each adapter (Jetty + SojournFilter, Javalin + SojournPlugin, JDK server + SojournHttpFilter):
 * the same behaviour everywhere.
 */
class ExampleAppTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COOKIE = "connect.sid";

    /** One running app (and its counting store) per adapter, started on first use. */
    private static final Map<Adapter, ExampleApp> APPS = new EnumMap<>(Adapter.class);
    private static final Map<Adapter, CountingStore> STORES = new EnumMap<>(Adapter.class);

    /** The adapter's app, its store's counts reset. */
    private static synchronized ExampleApp app(Adapter adapter) throws Exception {
        ExampleApp app = APPS.get(adapter);
        if (app == null) {
            CountingStore store = new CountingStore(MemoryStore.create());
            app = TestApps.start(store, adapter);
            APPS.put(adapter, app);
            STORES.put(adapter, store);
        }
        STORES.get(adapter).reset();
        return app;
    }

    private static CountingStore store(Adapter adapter) {
        return STORES.get(adapter);
    }

    @AfterAll
    static synchronized void stop() {
        APPS.values().forEach(ExampleApp::close);
        APPS.clear();
        STORES.clear();
    }

    private static TestClient client(Adapter adapter) throws Exception {
        return TestApps.client(app(adapter));
    }

    private static JsonNode json(TestClient.Response response) throws Exception {
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    @EveryAdapter
    void listensOnTheActualPort(Adapter adapter) throws Exception {
        ExampleApp app = app(adapter);
        assertThat(app.port()).isPositive();
        assertThat(app.uri().toString()).isEqualTo("http://127.0.0.1:" + app.port() + "/");
        assertThat(app.config().adapter()).isEqualTo(adapter);
    }

    @EveryAdapter
    void homePageCountsViewsAndShowsForms(Adapter adapter) throws Exception {
        TestClient browser = client(adapter);
        TestClient.Response first = browser.get("/");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(first.body())
                .contains("<strong id=\"views\">1</strong>")
                .contains("Not logged in")
                .contains("action=\"/login\"").contains("name=\"user\"")
                .contains("action=\"/logout\"");
        assertThat(first.setCookies()).singleElement().asString().startsWith(COOKIE + "=s%3A");

        assertThat(browser.get("/").body()).contains("<strong id=\"views\">2</strong>");
    }

    @EveryAdapter
    void homePageEscapesTheUserName(Adapter adapter) throws Exception {
        TestClient browser = client(adapter);
        String evil = "<script>alert('x')</script> & \"friends\"";
        assertThat(browser.post("/login", Map.of("user", evil)).status()).isEqualTo(303);

        String page = browser.get("/").body();
        assertThat(page).doesNotContain("<script>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;friends&quot;");
    }

    @EveryAdapter
    void bareIsOutsideTheMiddleware(Adapter adapter) throws Exception {
        TestClient browser = client(adapter);
        browser.get("/write");
        store(adapter).reset();

        TestClient.Response bare = browser.get("/bare");
        assertThat(bare.status()).isEqualTo(200);
        assertThat(bare.body()).isEqualTo("ok");
        assertThat(bare.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(bare.setCookies()).isEmpty();
        assertThat(store(adapter).total()).isZero();
        assertThat(client(adapter).get("/bare").setCookies()).isEmpty();
        assertThat(browser.post("/bare", Map.of()).status()).isEqualTo(405);
    }

    @EveryAdapter
    void plainNeverTouchesTheSession(Adapter adapter) throws Exception {
        TestClient.Response anonymous = client(adapter).get("/plain");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.body()).isEqualTo("ok");
        assertThat(anonymous.setCookies()).isEmpty();

        TestClient browser = client(adapter);
        browser.get("/write");
        store(adapter).reset();
        TestClient.Response withSession = browser.get("/plain");
        assertThat(withSession.body()).isEqualTo("ok");
        assertThat(withSession.setCookies()).isEmpty();
        assertThat(store(adapter).total()).as("a request that never uses its session makes no store call").isZero();
    }

    @EveryAdapter
    void headIsGetWithoutABody(Adapter adapter) throws Exception {
        TestClient.Response head = client(adapter).raw("HEAD /plain HTTP/1.1", List.of());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    }

    @EveryAdapter
    void readWithoutSessionIsEmptyAndSetsNoCookie(Adapter adapter) throws Exception {
        TestClient browser = client(adapter);
        TestClient.Response read = browser.get("/read");
        assertThat(read.status()).isEqualTo(200);
        assertThat(json(read)).isEqualTo(JSON.createObjectNode());
        assertThat(read.header("Cache-Control")).contains("no-store");
        assertThat(read.setCookies()).isEmpty();
        assertThat(store(adapter).total()).isZero();
        assertThat(browser.cookie(COOKIE)).isEmpty();
    }

    @EveryAdapter
    void readShowsTheDataWithoutCookieAndChangesNothing(Adapter adapter) throws Exception {
        TestClient browser = client(adapter);
        browser.get("/write");
        browser.post("/login", Map.of("user", "ada"));
        browser.get("/incr/apples");
        browser.get("/write");
        String cookie = browser.cookie(COOKIE).orElseThrow();

        TestClient.Response read = browser.get("/read");
        assertThat(json(read)).isEqualTo(JSON.readTree("{\"user\":\"ada\",\"apples\":1,\"views\":1}"));
        assertThat(read.setCookies()).isEmpty();
        assertThat(json(browser.get("/read"))).isEqualTo(json(read));
        assertThat(browser.cookie(COOKIE)).contains(cookie);
        assertThat(json(browser.get("/write")).get("views").asLong()).isEqualTo(2);
    }

    @EveryAdapter
    void readIgnoresForgedCookies(Adapter adapter) throws Exception {
        TestClient browser = client(adapter);
        browser.setCookie(COOKIE, "s%3Aforged.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        TestClient.Response read = browser.get("/read");
        assertThat(json(read)).isEqualTo(JSON.createObjectNode());
        assertThat(read.setCookies()).isEmpty();
        assertThat(store(adapter).total()).as("a bad signature is rejected without I/O").isZero();
    }

    @EveryAdapter
    void writeIncrementsAcrossRequests(Adapter adapter) throws Exception {
        TestClient browser = client(adapter);
        TestClient.Response first = browser.get("/write");
        assertThat(first.status()).isEqualTo(200);
        assertThat(json(first)).isEqualTo(JSON.readTree("{\"views\":1}"));
        assertThat(first.setCookies()).singleElement().asString().startsWith(COOKIE + "=s%3A").contains("; Path=/; HttpOnly");
        TestClient.Response second = browser.get("/write");
        assertThat(json(second)).isEqualTo(JSON.readTree("{\"views\":2}"));
        assertThat(second.setCookies()).as("the cookie is sent once, when the session is new").isEmpty();
        assertThat(json(client(adapter).get("/write")).get("views").asLong()).as("another client, another session").isEqualTo(1);
    }

    @EveryAdapter
    void incrCountsEachKey(Adapter adapter) throws Exception {
        TestClient browser = client(adapter);
        assertThat(json(browser.get("/incr/a"))).isEqualTo(JSON.readTree("{\"key\":\"a\",\"value\":1}"));
        assertThat(json(browser.get("/incr/a"))).isEqualTo(JSON.readTree("{\"key\":\"a\",\"value\":2}"));
        assertThat(json(browser.get("/incr/b"))).isEqualTo(JSON.readTree("{\"key\":\"b\",\"value\":1}"));
        assertThat(json(browser.get("/incr/two%20words")).get("key").asText()).isEqualTo("two words");
        assertThat(json(browser.get("/read"))).isEqualTo(JSON.readTree("{\"a\":2,\"b\":1,\"two words\":1}"));
    }

    @EveryAdapter
    void incrRejectsTheReservedKey(Adapter adapter) throws Exception {
        TestClient browser = client(adapter);
        assertThat(browser.get("/incr/cookie").status()).isEqualTo(400);
        assertThat(browser.get("/incr/").status()).isEqualTo(404);
        assertThat(browser.get("/incr/a/b").status()).isEqualTo(404);
        assertThat(browser.cookie(COOKIE)).isEmpty();
    }

    @EveryAdapter
    void parallelIncrementsOfDifferentKeysAreAllKept(Adapter adapter) throws Exception {
        TestClient browser = client(adapter);
        browser.get("/write");
        String cookie = browser.cookie(COOKIE).orElseThrow();
        int keys = 16;
        ExecutorService pool = Executors.newFixedThreadPool(keys);
        try {
            List<Future<TestClient.Response>> responses = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                String key = "k" + i;
                responses.add(pool.submit(() -> {
                    TestClient other = client(adapter);
                    other.setCookie(COOKIE, cookie);
                    return other.get("/incr/" + key);
                }));
            }
            for (Future<TestClient.Response> response : responses) {
                assertThat(response.get().status()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode data = json(browser.get("/read"));
        assertThat(data.get("views").asLong()).isEqualTo(1);
        for (int i = 0; i < keys; i++) {
            assertThat(data.path("k" + i).asLong()).as("k" + i).isEqualTo(1);
        }
    }

    @EveryAdapter
    void loginRegeneratesTheSessionAndSetsTheUser(Adapter adapter) throws Exception {
        TestClient browser = client(adapter);
        browser.get("/write");
        String before = browser.cookie(COOKIE).orElseThrow();

        TestClient.Response login = browser.post("/login", Map.of("user", "ada"));
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.header("Location")).contains("/");
        assertThat(login.setCookies()).singleElement().asString().startsWith(COOKIE + "=s%3A");
        String after = browser.cookie(COOKIE).orElseThrow();
        assertThat(after).isNotEqualTo(before);

        assertThat(json(browser.get("/read"))).as("a regenerated session starts empty")
                .isEqualTo(JSON.readTree("{\"user\":\"ada\"}"));
        assertThat(browser.get("/").body()).contains("Logged in as <strong id=\"user\">ada</strong>");

        TestClient old = client(adapter);
        old.setCookie(COOKIE, before);
        assertThat(json(old.get("/read"))).as("the pre-login session is gone").isEqualTo(JSON.createObjectNode());
    }

    @EveryAdapter
    void loginWithoutSessionCookieWorksToo(Adapter adapter) throws Exception {
        TestClient browser = client(adapter);
        assertThat(browser.post("/login", Map.of("user", "bob")).status()).isEqualTo(303);
        assertThat(json(browser.get("/read"))).isEqualTo(JSON.readTree("{\"user\":\"bob\"}"));
    }

    @EveryAdapter
    void loginNeedsAUser(Adapter adapter) throws Exception {
        TestClient browser = client(adapter);
        assertThat(browser.post("/login", Map.of()).status()).isEqualTo(400);
        assertThat(browser.post("/login", Map.of("user", "  ")).status()).isEqualTo(400);
        assertThat(browser.post("/login", Map.of("user", "x".repeat(201))).status()).isEqualTo(400);
        assertThat(browser.cookie(COOKIE)).isEmpty();
    }

    @EveryAdapter
    void logoutDestroysTheSessionAndClearsTheCookie(Adapter adapter) throws Exception {
        TestClient browser = client(adapter);
        browser.post("/login", Map.of("user", "ada"));
        String loggedIn = browser.cookie(COOKIE).orElseThrow();

        TestClient.Response logout = browser.post("/logout", Map.of());
        assertThat(logout.status()).isEqualTo(303);
        assertThat(logout.header("Location")).contains("/");
        assertThat(logout.setCookies()).singleElement().asString()
                .startsWith(COOKIE + "=;")
                .contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        assertThat(browser.cookie(COOKIE)).isEmpty();
        assertThat(json(browser.get("/read"))).isEqualTo(JSON.createObjectNode());

        TestClient replay = client(adapter);
        replay.setCookie(COOKIE, loggedIn);
        assertThat(json(replay.get("/read"))).as("the destroyed session cannot be replayed").isEqualTo(JSON.createObjectNode());
    }

    @EveryAdapter
    void logoutWithoutSessionJustRedirects(Adapter adapter) throws Exception {
        TestClient.Response logout = client(adapter).post("/logout", Map.of());
        assertThat(logout.status()).isEqualTo(303);
        assertThat(logout.setCookies()).isEmpty();
    }

    @EveryAdapter
    void unknownRoutesAndWrongMethods(Adapter adapter) throws Exception {
        TestClient browser = client(adapter);
        TestClient.Response nope = browser.get("/nope");
        assertThat(nope.status()).isEqualTo(404);
        assertThat(nope.body()).isEqualTo("not found");
        TestClient.Response getLogin = browser.get("/login");
        assertThat(getLogin.status()).isEqualTo(405);
        assertThat(getLogin.header("Allow")).contains("POST");
        TestClient.Response postWrite = browser.post("/write", Map.of());
        assertThat(postWrite.status()).isEqualTo(405);
        assertThat(postWrite.header("Allow")).contains("GET, HEAD");
        TestClient.Response put = browser.raw("PUT /write HTTP/1.1", List.of("Content-Length: 0"));
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.header("Allow")).contains("GET, HEAD");
        assertThat(browser.cookie(COOKIE)).isEmpty();
    }
}
