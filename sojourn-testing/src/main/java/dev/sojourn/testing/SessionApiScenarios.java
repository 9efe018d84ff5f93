package dev.sojourn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.CookieOptions;
import dev.sojourn.CookieSecure;
import dev.sojourn.Priority;
import dev.sojourn.Session;
import dev.sojourn.SessionNotFoundException;
import dev.sojourn.TrustProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Catalogue items 100–136 (spec §8.1, "req.session"): the session's data, its methods
 * ({@code destroy}, {@code regenerate}, {@code reload}, {@code save}, {@code touch}) and its cookie
 * ({@code httpOnly}, {@code secure}, {@code maxAge}, {@code expires}, {@code originalMaxAge},
 * {@code partitioned}). See {@link SessionScenarios} for the whole catalogue map.
 */
public abstract class SessionApiScenarios extends ScenarioSupport {

    private static int writes(CountingStore store) {
        return store.count("set") + store.count("patch");
    }

    // ---------------------------------------------------------------- data (100-102)

    @Test
    @DisplayName("§8 #100 data persists across requests, and the store can load the session by its id")
    void item100_dataPersists() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ScenarioSupport::app);

        String id = idOf(sessionCookie(client.get("/write?v=3")));

        assertThat(client.get("/read").body()).isEqualTo("3");
        assertThat(stored(store.delegate(), id).attributes().get("views").asInt()).isEqualTo(3);
    }

    @Test
    @DisplayName("§8 #101 the cookie is sent only on requests that modify the session")
    void item101_cookieOnlyWhenModified() throws Exception {
        TestClient client = start(options(newStore()).build(), ScenarioSupport::app);

        assertThat(client.get("/write?v=1").setCookie(NAME)).isPresent();
        assertThat(client.get("/read").setCookie(NAME)).isEmpty();
        assertThat(client.get("/").setCookie(NAME)).isEmpty();
        assertThat(client.get("/write?v=2").setCookie(NAME)).isPresent();
        assertThat(client.get("/write?v=2").setCookie(NAME)).as("same value again: not a modification").isEmpty();
    }

    @Test
    @DisplayName("§8 #102 nothing but data is enumerable: the stored record holds only 'cookie' and the data keys")
    void item102_storedRecordHasOnlyCookieAndData() throws Exception {
        RawJsonStore raw = new RawJsonStore(clock);
        TestClient client = start(options(new CountingStore(raw)).build(), ex -> {
            Session session = ex.session();
            session.set("a", 1);
            session.set("b", List.of("x"));
            session.touch();
            ex.write(String.join(",", session.keys()));
        });

        String id = idOf(sessionCookie(client.get("/")));

        JsonNode record = new ObjectMapper().readTree(raw.raw(id));
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = record.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        assertThat(names).containsExactly("cookie", "a", "b");
        assertThat(client.get("/").body()).isEqualTo("a,b");
    }

    // ---------------------------------------------------------------- destroy, regenerate (105-106)

    @Test
    @DisplayName("§8 #105 destroy(): the session is deleted and no session cookie is sent (Sojourn also clears the browser's cookie)")
    void item105_destroy() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ex -> {
            if (ex.path().equals("/destroy")) {
                Session session = ex.session();
                session.destroy();
                ex.write("destroyed " + ex.handle().existingSession().isPresent());
            } else {
                app(ex);
            }
        });
        String id = idOf(sessionCookie(client.get("/write")));

        TestClient.Response response = client.get("/destroy");

        assertThat(response.body()).isEqualTo("destroyed false");
        assertThat(store.delegate().get(id)).isEmpty();
        List<String> lines = response.setCookiesNamed(NAME);
        assertThat(lines).hasSize(1);
        assertThat(valueOf(lines.get(0))).as("a clearing cookie, not a new session's").isEmpty();
        assertThat(attribute(lines.get(0), "Expires")).contains("Thu, 01 Jan 1970 00:00:00 GMT");
        assertThat(client.cookie(NAME)).isEmpty();
    }

    @Test
    @DisplayName("§8 #106 regenerate(): a different id, a new cookie carrying it, the old session deleted")
    void item106_regenerate() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ex -> {
            if (ex.path().equals("/regenerate")) {
                ex.session().regenerate();
                ex.write(String.valueOf(ex.session().get("views")));
            } else {
                app(ex);
            }
        });
        String oldId = idOf(sessionCookie(client.get("/write")));

        TestClient.Response response = client.get("/regenerate");

        assertThat(response.body()).as("no data after regenerate").isEqualTo("null");
        String newId = idOf(sessionCookie(response));
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(store.delegate().get(oldId)).isEmpty();
        assertThat(store.delegate().get(newId)).isPresent();
    }

    // ---------------------------------------------------------------- reload (107-109)

    @Test
    @DisplayName("§8 #107 reload() picks up a change saved by a concurrent request")
    void item107_reloadSeesConcurrentChange() throws Exception {
        CountLatches latches = new CountLatches();
        TestClient client = start(options(newStore()).build(), ex -> {
            if (ex.path().equals("/slow")) {
                Session session = ex.session();
                String before = String.valueOf(session.get("views"));
                latches.loaded.countDown();
                assertThat(latches.otherDone.await(10, TimeUnit.SECONDS)).isTrue();
                session.reload();
                ex.write(before + "->" + session.get("views"));
            } else {
                app(ex);
            }
        });
        client.get("/write?v=1");

        CompletableFuture<TestClient.Response> slow = client.getAsync("/slow", Map.of());
        assertThat(latches.loaded.await(10, TimeUnit.SECONDS)).isTrue();
        client.get("/write?v=2");
        latches.otherDone.countDown();

        assertThat(slow.get(20, TimeUnit.SECONDS).body()).isEqualTo("1->2");
    }

    private static final class CountLatches {
        final CountDownLatch loaded = new CountDownLatch(1);
        final CountDownLatch otherDone = new CountDownLatch(1);
    }

    @Test
    @DisplayName("§8 #108 reload() of a session missing from the store fails with 'failed to load session'")
    void item108_reloadMissing() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ex -> {
            if (ex.path().equals("/reload")) {
                Session session = ex.session();
                store.delegate().destroy(session.id());
                try {
                    session.reload();
                    ex.write("reloaded");
                } catch (SessionNotFoundException e) {
                    ex.write(e.getMessage());
                }
            } else {
                app(ex);
            }
        });
        client.get("/write");

        TestClient.Response response = client.get("/reload");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).startsWith("failed to load session");
    }

    @Test
    @DisplayName("§8 #109 twenty repeated reloads of a missing session neither crash nor overflow")
    void item109_repeatedReloadsOfMissingSession() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ex -> {
            if (ex.path().equals("/reload")) {
                Session session = ex.session();
                store.delegate().destroy(session.id());
                int failures = 0;
                for (int i = 0; i < 20; i++) {
                    try {
                        session.reload();
                    } catch (SessionNotFoundException e) {
                        failures++;
                    }
                }
                ex.write(String.valueOf(failures));
            } else {
                app(ex);
            }
        });
        client.get("/write");

        TestClient.Response response = client.get("/reload");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("20");
    }

    // ---------------------------------------------------------------- save (110-113)

    @Test
    @DisplayName("§8 #110 save() puts the session into the store at once (visible during the request)")
    void item110_saveIsImmediate() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ex -> {
            Session session = ex.session();
            session.set("views", 1);
            boolean before = store.delegate().get(session.id()).isPresent();
            session.save();
            boolean after = store.delegate().get(session.id()).isPresent();
            ex.write(before + " " + after);
        });

        assertThat(client.get("/").body()).isEqualTo("false true");
    }

    @Test
    @DisplayName("§8 #111 after an explicit save(), the end of the request does not write again (exactly one write)")
    void item111_saveThenNoSecondWrite() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ex -> {
            ex.session().set("views", 1);
            ex.session().save();
            ex.write("ok");
        });

        TestClient.Response response = client.get("/");

        assertThat(response.setCookie(NAME)).isPresent();
        assertThat(writes(store)).isEqualTo(1);
    }

    @Test
    @DisplayName("§8 #112 …also after reload() then save() on a loaded session")
    void item112_reloadSaveThenNoSecondWrite() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ex -> {
            if (ex.path().equals("/reload-save")) {
                Session session = ex.session();
                session.set("discarded", true);
                session.reload();
                session.set("views", 2);
                session.save();
                ex.write(String.valueOf(session.has("discarded")));
            } else {
                app(ex);
            }
        });
        String id = idOf(sessionCookie(client.get("/write")));
        store.reset();

        TestClient.Response response = client.get("/reload-save");

        assertThat(response.body()).isEqualTo("false");
        assertThat(writes(store)).isEqualTo(1);
        assertThat(stored(store.delegate(), id).attributes()).containsOnlyKeys("views");
        assertThat(stored(store.delegate(), id).attributes().get("views").asInt()).isEqualTo(2);
    }

    @Test
    @DisplayName("§8 #113 …also with saveUninitialized false on a new session")
    void item113_saveUninitializedFalseSaveOnce() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).saveUninitialized(false).build(), ex -> {
            ex.session().set("views", 1);
            ex.session().save();
            ex.write("ok");
        });

        client.get("/");

        assertThat(store.count("set")).isEqualTo(1);
        assertThat(writes(store)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- touch (114)

    @Test
    @DisplayName("§8 #114 touch() (resave false) moves the stored expiry forward")
    void item114_touchMovesStoredExpiry() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).resave(false).build(), ex -> {
            if (ex.path().equals("/touch")) {
                ex.session().touch();
                ex.write("touched");
            } else {
                app(ex);
            }
        });
        String id = idOf(sessionCookie(client.get("/write")));
        Instant first = storedCookie(store.delegate(), id).expires();
        clock.advance(Duration.ofSeconds(30));

        client.get("/touch");

        Instant second = storedCookie(store.delegate(), id).expires();
        assertThat(Duration.between(first, second)).isEqualTo(Duration.ofSeconds(30));
        assertThat(second).isEqualTo(clock.instant().plusMillis(MAX_AGE));
    }

    // ---------------------------------------------------------------- cookie, general (115-121)

    @Test
    @DisplayName("§8 #115 changing httpOnly / secure on the session's cookie changes the attributes sent")
    void item115_changingCookieFlags() throws Exception {
        TestClient client = start(options(newStore()).proxy(TrustProxy.FORWARDED_PROTO).build(), ex -> {
            ex.session().set("views", 1);
            ex.session().cookie().setHttpOnly(false);
            ex.session().cookie().setSecure(true);
            ex.write("ok");
        });

        String cookie = sessionCookie(client.get("/", Map.of("X-Forwarded-Proto", "https")));

        assertThat(hasAttribute(cookie, "HttpOnly")).isFalse();
        assertThat(hasAttribute(cookie, "Secure")).isTrue();
    }

    @Test
    @DisplayName("§8 #116 without maxAge the cookie has no Expires")
    void item116_noMaxAgeNoExpires() throws Exception {
        TestClient client = start(options(newStore()).cookie(CookieOptions.defaults()).build(), ScenarioSupport::app);

        String cookie = sessionCookie(client.get("/write"));

        assertThat(hasAttribute(cookie, "Expires")).isFalse();
        assertThat(hasAttribute(cookie, "Max-Age")).isFalse();
    }

    @Test
    @DisplayName("§8 #117 a browser-session cookie is sent once, not again for an unmodified loaded session")
    void item117_browserSessionCookieSentOnce() throws Exception {
        TestClient client = start(options(newStore()).cookie(CookieOptions.defaults()).build(), ScenarioSupport::app);

        assertThat(client.get("/write").setCookie(NAME)).isPresent();
        TestClient.Response second = client.get("/read");

        assertThat(second.body()).isEqualTo("1");
        assertThat(second.setCookie(NAME)).isEmpty();
    }

    @Test
    @DisplayName("§8 #118 configured httpOnly/maxAge/path/priority apply; setting secure=false per request drops Secure; Priority=High")
    void item118_configuredAttributes() throws Exception {
        TestClient client = start(options(newStore()).cookie(CookieOptions.builder().httpOnly(true).maxAgeMillis(5000)
                .path("/admin").priority(Priority.HIGH).secure(CookieSecure.TRUE).build()).build(), ex -> {
                    ex.session().set("views", 1);
                    ex.session().cookie().setSecure(false);
                    ex.write("ok");
                });

        String cookie = sessionCookie(client.get("/admin"));

        assertThat(attribute(cookie, "Path")).contains("/admin");
        assertThat(hasAttribute(cookie, "HttpOnly")).isTrue();
        assertThat(expiresOf(cookie)).contains(expiresIn(5000));
        assertThat(attribute(cookie, "Priority")).contains("High");
        assertThat(hasAttribute(cookie, "Secure")).isFalse();
        assertThat(cookie).endsWith("; HttpOnly; Priority=High");
    }

    @Test
    @DisplayName("§8 #120 Set-Cookie values set by the application are kept alongside the session cookie")
    void item120_existingSetCookiePreserved() throws Exception {
        TestClient client = start(options(newStore()).build(), ex -> {
            ex.addHeader("Set-Cookie", "previous=cookieValue");
            ex.session().set("views", 1);
            ex.write("ok");
        });

        TestClient.Response response = client.get("/");

        assertThat(response.setCookie("previous")).contains("previous=cookieValue");
        assertThat(response.setCookie(NAME)).isPresent();
    }

    @Test
    @DisplayName("§8 #121 Set-Cookie values present when the head is written (explicit flush) are kept alongside the session cookie")
    void item121_setCookieAtHeadWritePreserved() throws Exception {
        TestClient client = start(options(newStore()).build(), ex -> {
            ex.session().set("views", 1);
            ex.addHeader("Set-Cookie", "previous=cookieValue");
            ex.addHeader("Set-Cookie", "other=another");
            ex.flush();
            ex.write("ok");
        });

        TestClient.Response response = client.get("/");

        assertThat(response.setCookie("previous")).contains("previous=cookieValue");
        assertThat(response.setCookie("other")).contains("other=another");
        assertThat(response.setCookie(NAME)).isPresent();
        assertThat(response.body()).isEqualTo("ok");
    }

    // ---------------------------------------------------------------- originalMaxAge (122-124)

    private static void originalMaxAgeApp(ScenarioExchange ex) throws Exception {
        Session session = ex.session();
        session.set("views", 1);
        ex.write(String.valueOf(session.cookie().originalMaxAge().orElseThrow().toMillis()));
    }

    private TestClient originalMaxAgeServer(CountingStore store) throws Exception {
        return start(options(store).cookie(CookieOptions.builder().maxAgeMillis(2000).build()).build(),
                SessionApiScenarios::originalMaxAgeApp);
    }

    @Test
    @DisplayName("§8 #122 originalMaxAge equals the configured maxAge")
    void item122_originalMaxAge() throws Exception {
        TestClient client = originalMaxAgeServer(newStore());

        assertThat(client.get("/").body()).isEqualTo("2000");
    }

    @Test
    @DisplayName("§8 #123 …and still does on a later request (memory store), time having passed")
    void item123_originalMaxAgeLater() throws Exception {
        TestClient client = originalMaxAgeServer(newStore());
        client.get("/");
        clock.advance(Duration.ofMillis(500));

        assertThat(client.get("/").body()).isEqualTo("2000");
    }

    @Test
    @DisplayName("§8 #124 …and with a custom store that re-parses the stored JSON (and its expiry) itself")
    void item124_originalMaxAgeCustomStore() throws Exception {
        RawJsonStore raw = new RawJsonStore(clock);
        TestClient client = originalMaxAgeServer(new CountingStore(raw));
        String id = idOf(sessionCookie(client.get("/")));
        clock.advance(Duration.ofMillis(500));

        assertThat(client.get("/").body()).isEqualTo("2000");
        assertThat(raw.raw(id)).contains("\"originalMaxAge\":2000");
    }

    // ---------------------------------------------------------------- secure (125-126)

    @Test
    @DisplayName("§8 #125 over real TLS the Secure cookie is sent")
    void item125_secureCookieOverTls() throws Exception {
        TestClient client = start(ServerSpec.of(options(newStore())
                .cookie(CookieOptions.builder().maxAgeMillis(MAX_AGE).secure(CookieSecure.TRUE).build()).build(),
                ScenarioSupport::app).tls());

        String cookie = sessionCookie(client.get("/write"));

        assertThat(hasAttribute(cookie, "Secure")).isTrue();
        assertThat(client.get("/read").body()).isEqualTo("1");
    }

    @Test
    @DisplayName("§8 #126 over plain HTTP the Secure cookie is not sent (the session is still stored)")
    void item126_secureCookieNotOverHttp() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store)
                .cookie(CookieOptions.builder().maxAgeMillis(MAX_AGE).secure(CookieSecure.TRUE).build()).build(),
                ScenarioSupport::app);

        TestClient.Response response = client.get("/write");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(store.delegate().length()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- maxAge (127-129)

    @Test
    @DisplayName("§8 #127 Expires is maxAge (2000 ms) after the request (test clock; and close to the Date header)")
    void item127_expiresIsNowPlusMaxAge() throws Exception {
        TestClient client = start(options(newStore()).cookie(CookieOptions.builder().maxAgeMillis(2000).build()).build(),
                ScenarioSupport::app);

        TestClient.Response response = client.get("/write");

        Instant expires = expiresOf(sessionCookie(response)).orElseThrow();
        assertThat(expires).isEqualTo(expiresIn(2000));
        Instant date = java.time.ZonedDateTime.parse(response.header("Date").orElseThrow(),
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(Duration.between(date, expires).abs()).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("§8 #128 setting maxAge 5000 during the request changes Expires accordingly")
    void item128_setMaxAgeDuringRequest() throws Exception {
        TestClient client = start(options(newStore()).build(), ex -> {
            ex.session().set("views", 1);
            ex.session().cookie().setMaxAge(Duration.ofMillis(5000));
            ex.write("ok");
        });

        String cookie = sessionCookie(client.get("/"));

        assertThat(expiresOf(cookie)).contains(expiresIn(5000));
    }

    @Test
    @DisplayName("§8 #129 a very large maxAge (3 000 000 000 ms) works")
    void item129_largeMaxAge() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ex -> {
            ex.session().set("views", 1);
            ex.session().cookie().setMaxAge(Duration.ofMillis(3_000_000_000L));
            ex.write("ok");
        });

        String cookie = sessionCookie(client.get("/"));

        assertThat(expiresOf(cookie)).contains(expiresIn(3_000_000_000L));
        assertThat(storedCookie(store.delegate(), idOf(cookie)).originalMaxAge()).isEqualTo(3_000_000_000L);
    }

    // ---------------------------------------------------------------- expires (130-133)

    @Test
    @DisplayName("§8 #130 setting expires to the epoch gives Expires=Thu, 01 Jan 1970 00:00:00 GMT")
    void item130_expiresEpoch() throws Exception {
        TestClient client = start(options(newStore()).build(), ex -> {
            ex.session().set("views", 1);
            ex.session().cookie().setExpires(Instant.EPOCH);
            ex.write("ok");
        });

        String cookie = sessionCookie(client.get("/"));

        assertThat(attribute(cookie, "Expires")).contains("Thu, 01 Jan 1970 00:00:00 GMT");
    }

    @Test
    @DisplayName("§8 #131 setting expires to null gives no Expires")
    void item131_expiresNull() throws Exception {
        TestClient client = start(options(newStore()).build(), ex -> {
            ex.session().set("views", 1);
            ex.session().cookie().setExpires(null);
            ex.write("ok");
        });

        String cookie = sessionCookie(client.get("/"));

        assertThat(hasAttribute(cookie, "Expires")).isFalse();
    }

    private static void nullExpiresApp(ScenarioExchange ex) throws Exception {
        if (ex.path().equals("/create")) {
            ex.session().set("views", 1);
            ex.session().cookie().setExpires(null);
            ex.write("ok");
        } else {
            app(ex);
        }
    }

    @Test
    @DisplayName("§8 #132 with expires null the cookie is not re-sent on the next (unmodified) request")
    void item132_nullExpiresNotResent() throws Exception {
        TestClient client = start(options(newStore()).build(), SessionApiScenarios::nullExpiresApp);
        assertThat(client.get("/create").setCookie(NAME)).isPresent();

        TestClient.Response response = client.get("/read");

        assertThat(response.body()).isEqualTo("1");
        assertThat(response.setCookie(NAME)).isEmpty();
    }

    @Test
    @DisplayName("§8 #133 with expires null the cookie is not re-sent even when the data changes")
    void item133_nullExpiresNotResentOnChange() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), SessionApiScenarios::nullExpiresApp);
        String id = idOf(sessionCookie(client.get("/create")));

        TestClient.Response response = client.get("/write?v=2");

        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(stored(store.delegate(), id).attributes().get("views").asInt()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- partitioned (134-136)

    @Test
    @DisplayName("§8 #134 Partitioned is absent by default")
    void item134_partitionedAbsentByDefault() throws Exception {
        TestClient client = start(options(newStore()).build(), ScenarioSupport::app);

        assertThat(hasAttribute(sessionCookie(client.get("/write")), "Partitioned")).isFalse();
    }

    @Test
    @DisplayName("§8 #135 Partitioned is absent when false")
    void item135_partitionedFalse() throws Exception {
        TestClient client = start(options(newStore())
                .cookie(CookieOptions.builder().maxAgeMillis(MAX_AGE).partitioned(false).build()).build(), ScenarioSupport::app);

        assertThat(hasAttribute(sessionCookie(client.get("/write")), "Partitioned")).isFalse();
    }

    @Test
    @DisplayName("§8 #136 Partitioned is present when true")
    void item136_partitionedTrue() throws Exception {
        TestClient client = start(options(newStore())
                .cookie(CookieOptions.builder().maxAgeMillis(MAX_AGE).partitioned(true).build()).build(), ScenarioSupport::app);

        assertThat(hasAttribute(sessionCookie(client.get("/write")), "Partitioned")).isTrue();
    }
}
