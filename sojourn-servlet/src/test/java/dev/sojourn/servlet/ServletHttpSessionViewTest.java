package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sojourn.CookieOptions;
import dev.sojourn.Session;
import dev.sojourn.SessionOptions;
import dev.sojourn.SessionRecord;
import dev.sojourn.store.MemoryStore;
import dev.sojourn.testing.CountingStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The standard {@link HttpSession} API the filter gives servlets, through a real Jetty: creation,
 * lookup, {@code changeSessionId}, {@code invalidate}, attributes, timestamps, the max inactive
 * interval as the cookie's lifetime, values that cannot be stored, and the Sojourn session behind it.
 * Each servlet reports what it saw as {@code key=value} lines.
 */
class ServletHttpSessionViewTest {
    private static final Duration MAX_AGE = Duration.ofHours(1);

    private static CountingStore store;
    private static JettyTestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        store = new CountingStore(MemoryStore.create());
        SessionOptions options = SessionOptions.builder()
                .secret(SessionCookies.SECRET)
                .store(store)
                .cookie(CookieOptions.builder().maxAge(MAX_AGE).build())
                .build();
        server = JettyTestServer.start(options, ServletHttpSessionViewTest::app);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void resetCounts() {
        store.reset();
    }

    // ---- the application: one action per path ----

    private static void app(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("handle", SojournFilter.handle(req).isPresent());
        switch (req.getPathInfo()) {
            case "/peek" -> {
                HttpSession s = req.getSession(false);
                out.put("session", s == null ? "null" : s.getId());
                if (s != null) {
                    out.put("isNew", s.isNew());
                    out.put("a", s.getAttribute("a"));
                }
                out.put("again", req.getSession(false) == null ? "null" : "same:" + (req.getSession(false) == s));
            }
            case "/create" -> {
                HttpSession s = req.getSession();
                out.put("id", s.getId());
                out.put("isNew", s.isNew());
                out.put("sameOnSecondCall", req.getSession() == s && req.getSession(false) == s);
                s.setAttribute("a", "1");
            }
            case "/create-unused" -> {
                HttpSession s = req.getSession();
                out.put("id", s.getId());
            }
            case "/change-id" -> {
                HttpSession s = req.getSession(false);
                String before = s.getId();
                String returned = req.changeSessionId();
                out.put("before", before);
                out.put("returned", returned);
                out.put("viewId", req.getSession(false).getId());
                out.put("a", req.getSession(false).getAttribute("a"));
            }
            case "/change-id-without-session" -> out.put("result", attempt(req::changeSessionId));
            case "/invalidate" -> {
                HttpSession s = req.getSession(false);
                out.put("id", s.getId());
                s.invalidate();
                out.put("getAttribute", attempt(() -> s.getAttribute("a")));
                out.put("setAttribute", attempt(() -> {
                    s.setAttribute("b", "2");
                    return "no exception";
                }));
                out.put("removeAttribute", attempt(() -> {
                    s.removeAttribute("a");
                    return "no exception";
                }));
                out.put("getAttributeNames", attempt(s::getAttributeNames));
                out.put("getCreationTime", attempt(s::getCreationTime));
                out.put("getLastAccessedTime", attempt(s::getLastAccessedTime));
                out.put("isNew", attempt(s::isNew));
                out.put("invalidateAgain", attempt(() -> {
                    s.invalidate();
                    return "no exception";
                }));
                out.put("getSessionFalse", req.getSession(false) == null ? "null" : req.getSession(false).getId());
            }
            case "/attributes-write" -> {
                HttpSession s = req.getSession();
                List<Integer> list = List.of(1, 2, 3);
                s.setAttribute("text", "hello");
                s.setAttribute("number", 42);
                s.setAttribute("list", list);
                s.setAttribute("map", Map.of("k", "v"));
                s.setAttribute("gone", "soon");
                s.setAttribute("nulled", "soon");
                out.put("sameObject", s.getAttribute("list") == list);
                s.removeAttribute("gone");
                s.setAttribute("nulled", null);
                out.put("names", String.join(",", Collections.list(s.getAttributeNames()).stream().sorted().toList()));
                out.put("gone", s.getAttribute("gone"));
                out.put("nulled", s.getAttribute("nulled"));
            }
            case "/attributes-read" -> {
                HttpSession s = req.getSession(false);
                out.put("names", String.join(",", Collections.list(s.getAttributeNames()).stream().sorted().toList()));
                for (String name : List.of("text", "number", "list", "map", "gone", "nulled")) {
                    Object value = s.getAttribute(name);
                    out.put(name, value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")");
                }
                s.removeAttribute("text");
            }
            case "/times" -> {
                HttpSession s = req.getSession();
                out.put("creation", s.getCreationTime());
                out.put("lastAccessed", s.getLastAccessedTime());
                out.put("isNew", s.isNew());
                s.setAttribute("touched", System.currentTimeMillis());
            }
            case "/max-inactive" -> {
                HttpSession s = req.getSession();
                out.put("before", s.getMaxInactiveInterval());
                String set = req.getParameter("set");
                if (set != null) {
                    s.setMaxInactiveInterval(Integer.parseInt(set));
                    out.put("after", s.getMaxInactiveInterval());
                }
                if (req.getParameter("write") != null) {
                    s.setAttribute("w", 1);
                }
            }
            case "/unstorable" -> {
                HttpSession s = req.getSession();
                s.setAttribute("fine", "yes");
                out.put("object", attempt(() -> {
                    s.setAttribute("plainObject", new Object());
                    return "no exception";
                }));
                out.put("thread", attempt(() -> {
                    s.setAttribute("aThread", new Thread(() -> { }));
                    return "no exception";
                }));
                out.put("plainObjectAfter", s.getAttribute("plainObject"));
                out.put("aThreadAfter", s.getAttribute("aThread"));
            }
            case "/sojourn" -> {
                HttpSession view = req.getSession();
                Session sojourn = SojournFilter.session(req);
                out.put("sameSession", view instanceof SojournHttpSession v && v.unwrap() == sojourn);
                out.put("sameAsHandle", SojournFilter.handle(req).orElseThrow().session() == sojourn);
                out.put("sameId", sojourn.id().equals(view.getId()));
                sojourn.set("viaSojourn", 7);
                out.put("viewSeesSojournWrite", view.getAttribute("viaSojourn"));
                view.setAttribute("viaView", "v");
                out.put("sojournSeesViewWrite", sojourn.get("viaView", String.class));
            }
            default -> resp.sendError(404);
        }
        PrintWriter writer = resp.getWriter();
        out.forEach((k, v) -> writer.print(k + "=" + v + "\n"));
    }

    private static String attempt(Callable<?> call) {
        try {
            Object result = call.call();
            return "returned " + result;
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    // ---- tests ----

    @Test
    void getSessionFalse_withoutSession_returnsNull_andCostsNothing() throws Exception {
        Reply reply = request("/peek", null);

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.values).containsEntry("handle", "true").containsEntry("session", "null").containsEntry("again", "null");
        assertThat(reply.sessionCookie()).isNull();
        assertThat(store.total()).as("store calls").isZero();
    }

    @Test
    void getSession_createsASession_isNewThenNotNew_andGetSessionFalseFindsIt() throws Exception {
        Reply created = request("/create", null);
        assertThat(created.values).containsEntry("isNew", "true").containsEntry("sameOnSecondCall", "true");
        String id = created.values.get("id");
        assertThat(created.sessionCookie()).as("cookie of the new session").isNotNull();
        assertThat(SessionCookies.idOf(created.sessionCookie())).contains(id);
        assertThat(store.delegate().get(id)).isPresent();

        Reply peek = request("/peek", SessionCookies.signed(id));
        assertThat(peek.values).containsEntry("session", id).containsEntry("isNew", "false")
                .containsEntry("a", "1").containsEntry("again", "same:true");
        assertThat(peek.sessionCookie()).as("no cookie for an unchanged known session").isNull();
    }

    @Test
    void getSession_unusedNewSession_isNeitherStoredNorSent() throws Exception {
        Reply created = request("/create-unused", null);

        assertThat(created.values.get("id")).isNotEmpty();
        assertThat(created.sessionCookie()).isNull();
        assertThat(store.delegate().get(created.values.get("id"))).isEmpty();
    }

    @Test
    void changeSessionId_returnsANewId_keepsTheData_dropsTheOldId_andSendsTheNewCookie() throws Exception {
        String oldId = createSession();

        Reply changed = request("/change-id", SessionCookies.signed(oldId));

        String newId = changed.values.get("returned");
        assertThat(changed.values).containsEntry("before", oldId).containsEntry("viewId", newId).containsEntry("a", "1");
        assertThat(newId).isNotEqualTo(oldId).isNotEmpty();
        assertThat(changed.sessionCookie()).as("new cookie").isNotNull();
        assertThat(SessionCookies.idOf(changed.sessionCookie())).contains(newId);
        assertThat(store.delegate().get(oldId)).as("old id in the store").isEmpty();
        assertThat(store.delegate().get(newId)).as("new id in the store").isPresent()
                .hasValueSatisfying(r -> assertThat(r.attributes().get("a").asText()).isEqualTo("1"));

        assertThat(request("/peek", SessionCookies.signed(newId)).values).containsEntry("session", newId).containsEntry("a", "1");
        assertThat(request("/peek", SessionCookies.signed(oldId)).values).containsEntry("session", "null");
    }

    @Test
    void changeSessionId_withoutSession_throwsIllegalState() throws Exception {
        Reply reply = request("/change-id-without-session", null);

        assertThat(reply.values.get("result")).startsWith("IllegalStateException");
    }

    @Test
    void invalidate_deletesTheSession_clearsTheCookie_andLaterUseThrows() throws Exception {
        String id = createSession();

        Reply reply = request("/invalidate", SessionCookies.signed(id));

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.values).containsEntry("id", id).containsEntry("getSessionFalse", "null");
        for (String method : List.of("getAttribute", "setAttribute", "removeAttribute", "getAttributeNames",
                "getCreationTime", "getLastAccessedTime", "isNew", "invalidateAgain")) {
            assertThat(reply.values.get(method)).as(method + " after invalidate()").startsWith("IllegalStateException");
        }
        assertThat(store.delegate().get(id)).as("store entry").isEmpty();
        assertThat(reply.sessionCookie()).as("clearing cookie").isNotNull();
        assertThat(SessionCookies.isClearing(reply.sessionCookie())).as(reply.sessionCookie()).isTrue();
        assertThat(request("/peek", SessionCookies.signed(id)).values).containsEntry("session", "null");
    }

    @Test
    void attributes_setGetRemoveNames_andNullRemoves() throws Exception {
        Reply written = request("/attributes-write", null);
        assertThat(written.values).containsEntry("sameObject", "true")
                .containsEntry("names", "list,map,number,text")
                .containsEntry("gone", "null").containsEntry("nulled", "null");
        String id = SessionCookies.idOf(written.sessionCookie()).orElseThrow();
        SessionRecord stored = store.delegate().get(id).orElseThrow();
        assertThat(stored.attributes().keySet()).containsExactlyInAnyOrder("text", "number", "list", "map");

        Reply read = request("/attributes-read", SessionCookies.signed(id));
        assertThat(read.values)
                .containsEntry("names", "list,map,number,text")
                .containsEntry("text", "hello (String)")
                .containsEntry("number", "42 (Integer)")
                .containsEntry("list", "[1, 2, 3] (ArrayList)")
                .containsEntry("map", "{k=v} (LinkedHashMap)")
                .containsEntry("gone", "null")
                .containsEntry("nulled", "null");
        assertThat(store.delegate().get(id).orElseThrow().attributes()).doesNotContainKey("text");
    }

    @Test
    void creationAndLastAccessedTimes_arePlausible() throws Exception {
        long before = System.currentTimeMillis();
        Reply first = request("/times", null);
        long afterFirst = System.currentTimeMillis();
        String id = SessionCookies.idOf(first.sessionCookie()).orElseThrow();
        assertThat(first.values).containsEntry("isNew", "true");
        assertThat(Long.parseLong(first.values.get("creation"))).isBetween(before, afterFirst);
        assertThat(Long.parseLong(first.values.get("lastAccessed"))).isBetween(before, afterFirst);

        Thread.sleep(20);
        long beforeSecond = System.currentTimeMillis();
        Reply second = request("/times", SessionCookies.signed(id));
        assertThat(second.values).containsEntry("isNew", "false");
        long creation = Long.parseLong(second.values.get("creation"));
        long lastAccessed = Long.parseLong(second.values.get("lastAccessed"));
        // the previous access (the first request's write), not this request
        assertThat(lastAccessed).isBetween(before, afterFirst);
        assertThat(creation).isBetween(before, afterFirst).isLessThanOrEqualTo(lastAccessed);
        assertThat(lastAccessed).isLessThan(beforeSecond);
    }

    @Test
    void maxInactiveInterval_isTheCookieMaxAgeInSeconds_andSettingItMovesTheCookieExpiry() throws Exception {
        String id = createSession();

        Reply unchanged = request("/max-inactive", SessionCookies.signed(id));
        assertThat(unchanged.values).containsEntry("before", String.valueOf(MAX_AGE.toSeconds()));

        long now = System.currentTimeMillis();
        Reply changed = request("/max-inactive?set=7200", SessionCookies.signed(id));
        assertThat(changed.values).containsEntry("before", "3600").containsEntry("after", "7200");
        assertThat(changed.sessionCookie()).as("a cookie with the new expiry").isNotNull();
        Instant expires = expiresOf(changed.sessionCookie());
        assertThat(expires.toEpochMilli()).isBetween(now + 7_200_000 - 2_000, System.currentTimeMillis() + 7_200_000 + 1_000);
        SessionRecord stored = store.delegate().get(id).orElseThrow();
        assertThat(stored.cookie().originalMaxAge()).isBetween(7_199_000L, 7_200_000L);
        assertThat(stored.cookie().expires()).isNotNull();
        assertThat(Math.abs(stored.cookie().expires().toEpochMilli() - expires.toEpochMilli())).isLessThan(1_000);

        assertThat(request("/max-inactive", SessionCookies.signed(id)).values).containsEntry("before", "7200");
    }

    @Test
    void maxInactiveInterval_ofABrowserSessionCookie_isMinusOne() throws Exception {
        SessionOptions options = SessionOptions.builder().secret(SessionCookies.SECRET).store(MemoryStore.create()).build();
        try (JettyTestServer browserCookies = JettyTestServer.start(options, ServletHttpSessionViewTest::app)) {
            BlockingHttp.Response r = BlockingHttp.get(browserCookies.baseUrl() + "/max-inactive?write=1", Map.of());
            assertThat(parse(r.body())).containsEntry("before", "-1");
            assertThat(r.header("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).doesNotContain("Expires="));
        }
    }

    @Test
    void setAttribute_withAValueThatIsNotJson_failsAtOnce_namingTheKeyAndType() throws Exception {
        Reply reply = request("/unstorable", null);

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.values.get("object")).startsWith("IllegalArgumentException")
                .contains("plainObject").contains("java.lang.Object");
        assertThat(reply.values.get("thread")).startsWith("IllegalArgumentException")
                .contains("aThread").contains("java.lang.Thread");
        assertThat(reply.values).containsEntry("plainObjectAfter", "null").containsEntry("aThreadAfter", "null");
        String id = SessionCookies.idOf(reply.sessionCookie()).orElseThrow();
        Map<String, JsonNode> stored = store.delegate().get(id).orElseThrow().attributes();
        assertThat(stored.keySet()).containsExactly("fine");
    }

    @Test
    void sojournSessionOfTheRequest_isTheOneBehindTheHttpSession() throws Exception {
        Reply reply = request("/sojourn", null);

        assertThat(reply.values).containsEntry("sameSession", "true").containsEntry("sameAsHandle", "true")
                .containsEntry("sameId", "true").containsEntry("viewSeesSojournWrite", "7")
                .containsEntry("sojournSeesViewWrite", "v");
    }

    // ---- helpers ----

    private static String createSession() throws Exception {
        Reply created = request("/create", null);
        return SessionCookies.idOf(created.sessionCookie()).orElseThrow();
    }

    record Reply(int status, Map<String, String> values, List<String> setCookies) {
        @Nullable String sessionCookie() {
            List<String> mine = setCookies.stream().filter(c -> c.startsWith(SessionCookies.NAME + "=")).toList();
            assertThat(mine).as("at most one session Set-Cookie").hasSizeLessThanOrEqualTo(1);
            return mine.isEmpty() ? null : mine.get(0);
        }
    }

    private static Reply request(String path, @Nullable String signedCookie) throws Exception {
        Map<String, String> headers = signedCookie == null ? Map.of() : Map.of("Cookie", SessionCookies.NAME + "=" + signedCookie);
        BlockingHttp.Response r = BlockingHttp.get(server.baseUrl() + path, headers);
        return new Reply(r.status(), parse(r.body()), r.headers("Set-Cookie"));
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    private static Instant expiresOf(String setCookie) {
        for (String part : setCookie.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "Expires=", 0, 8)) {
                return ZonedDateTime.parse(p.substring(8), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            }
        }
        throw new AssertionError("no Expires in " + setCookie);
    }
}
