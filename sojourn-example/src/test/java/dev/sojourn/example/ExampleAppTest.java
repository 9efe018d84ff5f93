package dev.sojourn.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sojourn.store.MemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every route of the example app, over real HTTP against an in-process server on a free port. */
class ExampleAppTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COOKIE = "connect.sid";

    private static ExampleApp app;
    private static CountingStore store;

    @BeforeAll
    static void start() throws Exception {
        ExampleConfig config = ExampleConfig.parse(
                List.of("--host", "127.0.0.1", "--port", "0", "--secret", "example test secret"), Map.of());
        store = new CountingStore(MemoryStore.create());
        app = ExampleApp.start(config, store);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @BeforeEach
    void resetCounts() {
        store.reset();
    }

    private static Browser browser() {
        return new Browser(app.uri());
    }

    private static JsonNode json(Browser.Response response) throws Exception {
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    @Test
    void listensOnTheActualPort() {
        assertThat(app.port()).isPositive();
        assertThat(app.uri().toString()).isEqualTo("http://127.0.0.1:" + app.port() + "/");
    }

    @Test
    void homePageCountsViewsAndShowsForms() {
        Browser browser = browser();
        Browser.Response first = browser.get("/");
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

    @Test
    void homePageEscapesTheUserName() {
        Browser browser = browser();
        String evil = "<script>alert('x')</script> & \"friends\"";
        assertThat(browser.post("/login", Map.of("user", evil)).status()).isEqualTo(303);

        String page = browser.get("/").body();
        assertThat(page).doesNotContain("<script>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;friends&quot;");
    }

    @Test
    void bareIsOutsideTheMiddleware() {
        Browser browser = browser();
        browser.get("/write");
        store.reset();

        Browser.Response bare = browser.get("/bare");
        assertThat(bare.status()).isEqualTo(200);
        assertThat(bare.body()).isEqualTo("ok");
        assertThat(bare.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(bare.setCookies()).isEmpty();
        assertThat(store.calls()).isZero();
        assertThat(browser().get("/bare").setCookies()).isEmpty();
    }

    @Test
    void plainNeverTouchesTheSession() {
        Browser.Response anonymous = browser().get("/plain");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.body()).isEqualTo("ok");
        assertThat(anonymous.setCookies()).isEmpty();

        Browser browser = browser();
        browser.get("/write");
        store.reset();
        Browser.Response withSession = browser.get("/plain");
        assertThat(withSession.body()).isEqualTo("ok");
        assertThat(withSession.setCookies()).isEmpty();
        assertThat(store.calls()).as("a request that never uses its session makes no store call").isZero();
    }

    @Test
    void readWithoutSessionIsEmptyAndSetsNoCookie() throws Exception {
        Browser browser = browser();
        Browser.Response read = browser.get("/read");
        assertThat(read.status()).isEqualTo(200);
        assertThat(json(read)).isEqualTo(JSON.createObjectNode());
        assertThat(read.setCookies()).isEmpty();
        assertThat(store.calls()).isZero();
        assertThat(browser.cookie(COOKIE)).isEmpty();
    }

    @Test
    void readShowsTheDataWithoutCookieAndChangesNothing() throws Exception {
        Browser browser = browser();
        browser.get("/write");
        browser.post("/login", Map.of("user", "ada"));
        browser.get("/incr/apples");
        browser.get("/write");
        String cookie = browser.cookie(COOKIE).orElseThrow();

        Browser.Response read = browser.get("/read");
        assertThat(json(read)).isEqualTo(JSON.readTree("{\"user\":\"ada\",\"apples\":1,\"views\":1}"));
        assertThat(read.setCookies()).isEmpty();
        assertThat(json(browser.get("/read"))).isEqualTo(json(read));
        assertThat(browser.cookie(COOKIE)).contains(cookie);
        assertThat(json(browser.get("/write")).get("views").asLong()).isEqualTo(2);
    }

    @Test
    void readIgnoresForgedCookies() throws Exception {
        Browser browser = browser();
        browser.setCookie(COOKIE, "s%3Aforged.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        Browser.Response read = browser.get("/read");
        assertThat(json(read)).isEqualTo(JSON.createObjectNode());
        assertThat(read.setCookies()).isEmpty();
        assertThat(store.calls()).as("a bad signature is rejected without I/O").isZero();
    }

    @Test
    void writeIncrementsAcrossRequests() throws Exception {
        Browser browser = browser();
        Browser.Response first = browser.get("/write");
        assertThat(first.status()).isEqualTo(200);
        assertThat(json(first)).isEqualTo(JSON.readTree("{\"views\":1}"));
        assertThat(first.setCookies()).hasSize(1);
        assertThat(json(browser.get("/write")).get("views").asLong()).isEqualTo(2);
        assertThat(json(browser.get("/write")).get("views").asLong()).isEqualTo(3);

        assertThat(json(browser().get("/write")).get("views").asLong()).as("another client").isEqualTo(1);
    }

    @Test
    void incrCountsEachKey() throws Exception {
        Browser browser = browser();
        assertThat(json(browser.get("/incr/a"))).isEqualTo(JSON.readTree("{\"key\":\"a\",\"value\":1}"));
        assertThat(json(browser.get("/incr/a"))).isEqualTo(JSON.readTree("{\"key\":\"a\",\"value\":2}"));
        assertThat(json(browser.get("/incr/b"))).isEqualTo(JSON.readTree("{\"key\":\"b\",\"value\":1}"));
        assertThat(json(browser.get("/incr/two%20words")).get("key").asText()).isEqualTo("two words");
        assertThat(json(browser.get("/read"))).isEqualTo(JSON.readTree("{\"a\":2,\"b\":1,\"two words\":1}"));
    }

    @Test
    void incrRejectsTheReservedKey() {
        Browser browser = browser();
        assertThat(browser.get("/incr/cookie").status()).isEqualTo(400);
        assertThat(browser.get("/incr/").status()).isEqualTo(404);
        assertThat(browser.cookie(COOKIE)).isEmpty();
    }

    @Test
    void parallelIncrementsOfDifferentKeysAreAllKept() throws Exception {
        Browser browser = browser();
        browser.get("/write");
        String cookie = browser.cookie(COOKIE).orElseThrow();
        int keys = 16;
        ExecutorService pool = Executors.newFixedThreadPool(keys);
        try {
            List<Future<Browser.Response>> responses = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                String key = "k" + i;
                responses.add(pool.submit(() -> {
                    Browser client = browser();
                    client.setCookie(COOKIE, cookie);
                    return client.get("/incr/" + key);
                }));
            }
            for (Future<Browser.Response> response : responses) {
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

    @Test
    void loginRegeneratesTheSessionAndSetsTheUser() throws Exception {
        Browser browser = browser();
        browser.get("/write");
        String before = browser.cookie(COOKIE).orElseThrow();

        Browser.Response login = browser.post("/login", Map.of("user", "ada"));
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.header("Location")).contains("/");
        assertThat(login.setCookies()).singleElement().asString().startsWith(COOKIE + "=s%3A");
        String after = browser.cookie(COOKIE).orElseThrow();
        assertThat(after).isNotEqualTo(before);

        assertThat(json(browser.get("/read"))).as("a regenerated session starts empty")
                .isEqualTo(JSON.readTree("{\"user\":\"ada\"}"));
        assertThat(browser.get("/").body()).contains("Logged in as <strong id=\"user\">ada</strong>");

        Browser old = browser();
        old.setCookie(COOKIE, before);
        assertThat(json(old.get("/read"))).as("the pre-login session is gone").isEqualTo(JSON.createObjectNode());
    }

    @Test
    void loginWithoutSessionCookieWorksToo() throws Exception {
        Browser browser = browser();
        assertThat(browser.post("/login", Map.of("user", "bob")).status()).isEqualTo(303);
        assertThat(json(browser.get("/read"))).isEqualTo(JSON.readTree("{\"user\":\"bob\"}"));
    }

    @Test
    void loginNeedsAUser() {
        Browser browser = browser();
        assertThat(browser.post("/login", Map.of()).status()).isEqualTo(400);
        assertThat(browser.post("/login", Map.of("user", "  ")).status()).isEqualTo(400);
        assertThat(browser.cookie(COOKIE)).isEmpty();
    }

    @Test
    void logoutDestroysTheSessionAndClearsTheCookie() throws Exception {
        Browser browser = browser();
        browser.post("/login", Map.of("user", "ada"));
        String loggedIn = browser.cookie(COOKIE).orElseThrow();

        Browser.Response logout = browser.post("/logout", Map.of());
        assertThat(logout.status()).isEqualTo(303);
        assertThat(logout.header("Location")).contains("/");
        assertThat(logout.setCookies()).singleElement().asString()
                .startsWith(COOKIE + "=;")
                .contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        assertThat(browser.cookie(COOKIE)).isEmpty();
        assertThat(json(browser.get("/read"))).isEqualTo(JSON.createObjectNode());

        Browser replay = browser();
        replay.setCookie(COOKIE, loggedIn);
        assertThat(json(replay.get("/read"))).as("the destroyed session cannot be replayed").isEqualTo(JSON.createObjectNode());
    }

    @Test
    void logoutWithoutSessionJustRedirects() {
        Browser.Response logout = browser().post("/logout", Map.of());
        assertThat(logout.status()).isEqualTo(303);
        assertThat(logout.setCookies()).isEmpty();
    }

    @Test
    void unknownRoutesAndWrongMethods() {
        Browser browser = browser();
        assertThat(browser.get("/nope").status()).isEqualTo(404);
        assertThat(browser.get("/login").status()).isEqualTo(405);
        assertThat(browser.post("/write", Map.of()).status()).isEqualTo(405);
        assertThat(browser.cookie(COOKIE)).isEmpty();
    }
}
