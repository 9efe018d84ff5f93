package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.CookieData;
import dev.sojourn.SessionOptions;
import dev.sojourn.SessionRecord;
import dev.sojourn.store.MemoryStore;
import dev.sojourn.testing.CountingStore;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A failing store fails the request with a 500: the client never sees the store's exception, its
 * message or a stack trace, however the application lets the failure out (as is, wrapped in its own
 * {@link ServletException} as frameworks do, or at an async {@code complete()}), and an async request
 * is answered at once rather than at its timeout.
 */
class ServletStoreFaultsTest {
    /** Text of the store's exception, and the marks of a stack trace. */
    private static final List<String> LEAKS = List.of("injected failure", "CountingStore", "SessionStoreException",
            "dev.sojourn", "at java.", "at org.", "at dev.", ".java:");

    private static CountingStore store;
    private static JettyTestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        store = new CountingStore(MemoryStore.create());
        SessionOptions options = SessionOptions.builder().secret(SessionCookies.SECRET).store(store).build();
        server = JettyTestServer.start(options, ServletStoreFaultsTest::app);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void heal() {
        store.heal();
    }

    private static void app(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        boolean wrap = req.getParameter("wrap") != null;
        try {
            switch (req.getPathInfo()) {
                case "/read" -> {
                    HttpSession s = req.getSession(false);
                    resp.getWriter().print(s == null ? "none" : "a=" + s.getAttribute("a"));
                }
                case "/write" -> {
                    req.getSession().setAttribute("a", "written");
                    resp.getWriter().print("written");
                }
                case "/write-redirect" -> {
                    req.getSession().setAttribute("a", "written");
                    resp.sendRedirect("/read");
                }
                case "/write-flush" -> {
                    req.getSession().setAttribute("a", "written");
                    resp.getWriter().print("partial");
                    resp.flushBuffer();
                    resp.getWriter().print(" and more");
                }
                case "/write-async" -> {
                    AsyncContext async = req.startAsync();
                    async.setTimeout(20_000);
                    Thread thread = new Thread(() -> {
                        try {
                            ((HttpServletRequest) async.getRequest()).getSession().setAttribute("a", "written");
                            async.getResponse().getWriter().print("async");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        } finally {
                            async.complete();
                        }
                    });
                    thread.setDaemon(true);
                    thread.start();
                }
                default -> resp.sendError(404);
            }
        } catch (RuntimeException e) {
            if (wrap) {
                throw new ServletException("request failed", e);
            }
            throw e;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?wrap=1"})
    void storeFailingOnGet_gives500_withoutTheExceptionInTheBody(String query) throws Exception {
        String id = existingSession();
        store.failOn("get");

        BlockingHttp.Response r = BlockingHttp.get(server.baseUrl() + "/read" + query, cookie(id));

        assertThat(r.status()).isEqualTo(500);
        assertNoLeak(r);
        assertThat(store.count("get")).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/write", "/write?wrap=1", "/write-redirect", "/write-redirect?wrap=1", "/write-flush",
            "/write-flush?wrap=1"})
    void storeFailingOnSet_gives500_withoutTheExceptionInTheBody(String path) throws Exception {
        store.failOn("set");

        BlockingHttp.Response r = BlockingHttp.get(server.baseUrl() + path, Map.of());

        assertThat(r.status()).isEqualTo(500);
        assertNoLeak(r);
        assertThat(r.headers("Set-Cookie")).as("no cookie for a session that was not stored").isEmpty();
        assertThat(store.count("set")).isPositive();
    }

    @Test
    void storeFailingOnPatch_gives500() throws Exception {
        String id = existingSession();
        store.failOn("patch");

        BlockingHttp.Response r = BlockingHttp.get(server.baseUrl() + "/write", cookie(id));

        assertThat(r.status()).isEqualTo(500);
        assertNoLeak(r);
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.SECONDS)
    void storeFailingOnSet_atAsyncComplete_gives500_promptly() throws Exception {
        store.failOn("set");
        long start = System.nanoTime();

        BlockingHttp.Response r = BlockingHttp.get(server.baseUrl() + "/write-async", Map.of());

        assertThat(r.status()).isEqualTo(500);
        assertNoLeak(r);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("ms to answer, not the async timeout")
                .isLessThan(5_000);
    }

    @Test
    void afterTheStoreHeals_requestsSucceedAgain() throws Exception {
        store.failOn("set");
        assertThat(BlockingHttp.get(server.baseUrl() + "/write", Map.of()).status()).isEqualTo(500);
        store.heal();

        BlockingHttp.Response r = BlockingHttp.get(server.baseUrl() + "/write", Map.of());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("written");
        assertThat(r.headers("Set-Cookie")).hasSize(1);
    }

    private static String existingSession() {
        String id = "existing-" + System.nanoTime();
        store.delegate().set(id, new SessionRecord(new CookieData(null, null, null, null, null, true, null, "/", null),
                Map.of("a", com.fasterxml.jackson.databind.node.TextNode.valueOf("stored"))));
        return id;
    }

    private static Map<String, String> cookie(String id) {
        return Map.of("Cookie", SessionCookies.NAME + "=" + SessionCookies.signed(id));
    }

    private static void assertNoLeak(BlockingHttp.Response r) {
        for (String leak : LEAKS) {
            assertThat(r.body()).as("response body").doesNotContain(leak);
            r.headers().forEach((name, values) -> assertThat(values).as("header " + name).noneMatch(v -> v.contains(leak)));
        }
    }
}
