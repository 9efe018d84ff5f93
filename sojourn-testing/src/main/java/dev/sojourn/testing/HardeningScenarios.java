package dev.sojourn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.CookieOptions;
import dev.sojourn.SameSite;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Scenarios beyond express-session's catalogue that matter to Sojourn: hostile or broken cookie
 * headers never cause an error and never let a client choose its session id; the store is not
 * touched by requests that do not use the session (lazy sessions); the session is stored before
 * redirects and error pages leave; parallel requests do not lose each other's changes; and a
 * stored session keeps the cookie attributes it was created with (spec §1.3, §1.6, §1.8 and the
 * design's request lifecycle). See {@link SessionScenarios} for the catalogue map.
 */
public abstract class HardeningScenarios extends ScenarioSupport {

    /** Starts the usual application and makes one session with {@code views = 1}; returns its id. */
    private String knownSession(TestClient client) {
        return idOf(sessionCookie(client.get("/write?v=1")));
    }

    private void assertFreshSession(TestClient client, CountingStore store, String cookieHeader, String knownId) {
        store.reset();
        TestClient.Response read = client.get("/read", Map.of("Cookie", cookieHeader));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).as("the known session is not loaded").isEqualTo("null");
        TestClient.Response write = client.get("/write?v=2", Map.of("Cookie", cookieHeader));
        assertThat(write.status()).isEqualTo(200);
        String newId = idOf(sessionCookie(write));
        assertThat(newId).isNotEqualTo(knownId);
        assertThat(stored(store.delegate(), knownId).attributes().get("views").asInt())
                .as("the known session is untouched").isEqualTo(1);
    }

    @Test
    @DisplayName("extra: a forged cookie (well-formed, wrong signature) gives a fresh session, never an error; the store is not asked")
    void forgedCookie() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ScenarioSupport::app);
        String knownId = knownSession(client);
        String forged = "s%3A" + knownId + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        store.reset();
        TestClient.Response response = client.get("/read", Map.of("Cookie", NAME + "=" + forged));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("null");
        assertThat(store.count("get")).isZero();
        assertFreshSession(client, store, NAME + "=" + forged, knownId);
    }

    @Test
    @DisplayName("extra: a signed id the store does not know is never adopted: the new session gets a server-made id")
    void unknownIdNeverAdopted() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ScenarioSupport::app);
        String chosen = "attacker-chosen-id";
        client.setCookie(NAME, signedValue(chosen, SECRET));

        String newId = idOf(sessionCookie(client.get("/write")));

        assertThat(newId).isNotEqualTo(chosen).matches("[A-Za-z0-9_-]{32}");
        assertThat(store.delegate().get(chosen)).isEmpty();
        assertThat(store.delegate().all().keySet()).containsExactly(newId);
        assertThat(client.get("/read").body()).isEqualTo("1");
    }

    @Test
    @DisplayName("extra (spec §1.3): a duplicated cookie name in one header: the first wins, so a bogus first value gives a fresh session")
    void duplicateNameInOneHeaderFirstWins() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ScenarioSupport::app);
        String knownId = knownSession(client);
        String valid = client.cookie(NAME).orElseThrow();

        assertFreshSession(client, store, NAME + "=bogus; " + NAME + "=" + valid, knownId);
        assertThat(client.get("/read", Map.of("Cookie", NAME + "=" + valid + "; " + NAME + "=bogus")).body()).isEqualTo("1");
    }

    @Test
    @DisplayName("extra (spec §3.11): two Cookie header lines are read in order: the first occurrence of the name wins")
    void duplicateCookieHeaderLinesFirstWins() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ScenarioSupport::app);
        String knownId = knownSession(client);
        String valid = client.cookie(NAME).orElseThrow();

        TestClient.Response bogusFirst = client.raw("GET /read HTTP/1.1",
                List.of("Cookie: " + NAME + "=bogus", "Cookie: " + NAME + "=" + valid));
        TestClient.Response validFirst = client.raw("GET /read HTTP/1.1",
                List.of("Cookie: other=1; " + NAME + "=" + valid, "Cookie: " + NAME + "=bogus"));

        assertThat(bogusFirst.status()).isEqualTo(200);
        assertThat(bogusFirst.body()).isEqualTo("null");
        assertThat(validFirst.status()).isEqualTo(200);
        assertThat(validFirst.body()).isEqualTo("1");
        assertThat(stored(store.delegate(), knownId).attributes().get("views").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("extra: a huge session cookie (6 KB) gives a fresh session, never an error, without asking the store")
    void hugeCookie() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ScenarioSupport::app);
        String knownId = knownSession(client);
        String huge = "s%3A" + "x".repeat(6000) + ".sig";

        store.reset();
        TestClient.Response response = client.get("/read", Map.of("Cookie", NAME + "=" + huge));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("null");
        assertThat(store.count("get")).isZero();
        assertFreshSession(client, store, NAME + "=" + huge, knownId);
    }

    @Test
    @DisplayName("extra: a huge Cookie header with many other cookies around a valid session cookie still loads it")
    void manyCookiesAroundValidOne() throws Exception {
        TestClient client = start(options(newStore()).build(), ScenarioSupport::app);
        knownSession(client);
        String valid = client.cookie(NAME).orElseThrow();
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            header.append("c").append(i).append("=").append("v".repeat(20)).append("; ");
        }
        header.append(NAME).append('=').append(valid);

        assertThat(client.get("/read", Map.of("Cookie", header.toString())).body()).isEqualTo("1");
    }

    @Test
    @DisplayName("extra (spec §1.3): malformed or odd cookie values (bad %-escapes, bad UTF-8, empty, no dot, empty id) give a fresh session, never an error")
    void malformedCookies() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ScenarioSupport::app);
        String knownId = knownSession(client);

        for (String value : List.of("s%3A" + knownId + "%ZZ.sig", "%C3%28", "%", "", "s%3A", "s%3Anodot",
                "s%3A.c2lnbmF0dXJl", "\"\"", "s:" + knownId + ".\u00e9")) {
            assertFreshSession(client, store, NAME + "=" + value, knownId);
        }
    }

    @Test
    @DisplayName("extra (spec §1.3): a quoted value and a never-encoded 's:' value are both accepted")
    void quotedAndUnencodedValuesAccepted() throws Exception {
        TestClient client = start(options(newStore()).build(), ScenarioSupport::app);
        String id = knownSession(client);
        String encoded = client.cookie(NAME).orElseThrow();
        String raw = java.net.URLDecoder.decode(encoded.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(raw).startsWith("s:" + id + ".");

        assertThat(client.get("/read", Map.of("Cookie", NAME + "=\"" + encoded + "\"")).body()).isEqualTo("1");
        assertThat(client.get("/read", Map.of("Cookie", NAME + "=" + raw)).body()).isEqualTo("1");
    }

    @Test
    @DisplayName("extra (spec §1.8): the cookie path check is a plain prefix test: path /foo also covers /foobar")
    void pathCheckIsPlainPrefix() throws Exception {
        TestClient client = start(options(newStore()).cookie(CookieOptions.builder().path("/foo").build()).build(), ex -> {
            ex.write(ex.findHandle().isPresent() ? "session" : "no session");
        });

        assertThat(client.get("/foobar").body()).isEqualTo("session");
        assertThat(client.get("/fo").body()).isEqualTo("no session");
    }

    @Test
    @DisplayName("extra (lazy sessions): a request that never uses its session costs no store call and sends no cookie")
    void unusedSessionCostsNothing() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).rolling(true).saveUninitialized(true).build(), ScenarioSupport::app);
        knownSession(client);
        store.reset();

        TestClient.Response response = client.get("/none");

        assertThat(response.body()).isEqualTo("none");
        assertThat(store.total()).isZero();
        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(new TestClient(client.baseUrl()).get("/none").setCookie(NAME)).isEmpty();
        assertThat(store.total()).isZero();
    }

    @Test
    @DisplayName("extra (design: commit before response): a redirect after a write carries the cookie, and the write is stored before the 302 arrives")
    void redirectAfterWrite() throws Exception {
        CountingStore store = newStore();
        store.delayWrites(Duration.ofMillis(150));
        TestClient client = start(options(store).build(), ex -> {
            if (ex.path().equals("/login")) {
                ex.session().set("user", "alice");
                ex.redirect("/home");
            } else {
                ex.write(String.valueOf(ex.session().get("user")));
            }
        });

        TestClient.Response redirect = client.get("/login");

        assertThat(store.delegate().length()).as("stored when the 302 arrived").isEqualTo(1);
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.setCookie(NAME)).isPresent();
        assertThat(client.get("/home").body()).isEqualTo("alice");
    }

    @Test
    @DisplayName("extra (design: commit before response): an error page after a write carries the cookie, and the write is stored")
    void errorAfterWrite() throws Exception {
        CountingStore store = newStore();
        store.delayWrites(Duration.ofMillis(150));
        TestClient client = start(options(store).build(), ex -> {
            if (ex.path().equals("/fail")) {
                ex.session().set("attempts", 1);
                ex.sendError(403);
            } else {
                ex.write(String.valueOf(ex.session().get("attempts")));
            }
        });

        TestClient.Response error = client.get("/fail");

        assertThat(store.delegate().length()).as("stored when the 403 arrived").isEqualTo(1);
        assertThat(error.status()).isEqualTo(403);
        assertThat(error.setCookie(NAME)).isPresent();
        assertThat(client.get("/check").body()).isEqualTo("1");
    }

    @Test
    @DisplayName("extra (design: concurrency): two parallel requests of one client changing different keys keep both changes")
    void parallelRequestsKeepBothChanges() throws Exception {
        CountingStore store = newStore();
        CyclicBarrier bothLoaded = new CyclicBarrier(2);
        TestClient client = start(options(store).build(), ex -> {
            String key = ex.parameter("k");
            if (key == null) {
                app(ex);
                return;
            }
            ex.session().set(key, true);
            bothLoaded.await(10, TimeUnit.SECONDS);
            ex.write("ok");
        });
        String id = knownSession(client);

        CompletableFuture<TestClient.Response> a = client.getAsync("/parallel?k=a", Map.of());
        CompletableFuture<TestClient.Response> b = client.getAsync("/parallel?k=b", Map.of());
        assertThat(a.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(b.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);

        assertThat(stored(store.delegate(), id).attributes()).containsOnlyKeys("views", "a", "b");
    }

    @Test
    @DisplayName("extra (spec §1.6): a stored session keeps the cookie attributes it was created with, whatever the current configuration")
    void storedSessionKeepsItsCookieAttributes() throws Exception {
        CountingStore store = newStore();
        TestClient before = start(options(store).build(), ScenarioSupport::app);
        knownSession(before);
        TestClient after = start(options(store).rolling(true).cookie(CookieOptions.builder().maxAgeMillis(1000)
                .httpOnly(false).sameSite(SameSite.STRICT).build()).build(), ScenarioSupport::app);
        after.setCookie(NAME, before.cookie(NAME).orElseThrow());

        String cookie = sessionCookie(after.get("/read"));

        assertThat(hasAttribute(cookie, "HttpOnly")).isTrue();
        assertThat(hasAttribute(cookie, "SameSite")).isFalse();
        assertThat(expiresOf(cookie)).contains(expiresIn(MAX_AGE));
        TestClient newcomer = new TestClient(after.baseUrl());
        String fresh = sessionCookie(newcomer.get("/write"));
        assertThat(hasAttribute(fresh, "HttpOnly")).isFalse();
        assertThat(attribute(fresh, "SameSite")).contains("Strict");
        assertThat(expiresOf(fresh)).contains(expiresIn(1000));
    }

    @Test
    @DisplayName("extra: changing only the cookie of a loaded session (maxAge) is stored and re-sent (Sojourn, unlike express-session)")
    void cookieOnlyChangeIsStoredAndSent() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ex -> {
            if (ex.path().equals("/extend")) {
                ex.session().cookie().setMaxAge(Duration.ofHours(1));
                ex.write("extended");
            } else {
                app(ex);
            }
        });
        String id = knownSession(client);

        String cookie = sessionCookie(client.get("/extend"));

        assertThat(expiresOf(cookie)).contains(expiresIn(3_600_000));
        assertThat(storedCookie(store.delegate(), id).originalMaxAge()).isEqualTo(3_600_000L);
    }

    @Test
    @DisplayName("extra (like #84): a failing delta write (patch) of a loaded session fails the request with 500 and keeps the stored data")
    void patchErrorIs500() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ScenarioSupport::app);
        String id = knownSession(client);
        store.failOn("patch");

        TestClient.Response response = client.get("/write?v=2");

        assertThat(store.count("patch")).isEqualTo(1);
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).doesNotContain(id);
        store.heal();
        assertThat(client.get("/read").body()).isEqualTo("1");
    }
}
