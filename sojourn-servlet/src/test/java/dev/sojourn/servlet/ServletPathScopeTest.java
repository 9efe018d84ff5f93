package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.CookieOptions;
import dev.sojourn.SessionOptions;
import dev.sojourn.store.MemoryStore;
import dev.sojourn.testing.CountingStore;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With the cookie's path {@code /app}, requests outside it pass through the filter untouched, as in
 * express-session: no session handle, no store call, no cookie, even when they carry a valid one.
 */
class ServletPathScopeTest {
    private static CountingStore store;
    private static JettyTestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        store = new CountingStore(MemoryStore.create());
        SessionOptions options = SessionOptions.builder()
                .secret(SessionCookies.SECRET)
                .store(store)
                .cookie(CookieOptions.builder().path("/app").build())
                .build();
        server = JettyTestServer.start(options, (req, resp) -> {
            boolean handle = SojournFilter.handle(req).isPresent();
            resp.getWriter().print("handle=" + handle);
            if (handle) {
                SojournFilter.session(req).set("seen", req.getRequestURI());
            }
        });
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

    @Test
    void requestOutsideTheCookiePath_hasNoHandle_noStoreCall_andNoCookie() throws Exception {
        BlockingHttp.Response r = BlockingHttp.get(server.baseUrl() + "/other", Map.of());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("handle=false");
        assertThat(r.headers("Set-Cookie")).isEmpty();
        assertThat(store.total()).isZero();
    }

    @Test
    void requestOutsideTheCookiePath_withAValidCookie_isStillUntouched() throws Exception {
        BlockingHttp.Response inside = BlockingHttp.get(server.baseUrl() + "/app/page", Map.of());
        String setCookie = inside.header("Set-Cookie").orElseThrow();
        String id = SessionCookies.idOf(setCookie).orElseThrow();
        store.reset();

        BlockingHttp.Response r = BlockingHttp.get(server.baseUrl() + "/other",
                Map.of("Cookie", SessionCookies.NAME + "=" + SessionCookies.signed(id)));

        assertThat(r.body()).isEqualTo("handle=false");
        assertThat(r.headers("Set-Cookie")).isEmpty();
        assertThat(store.total()).isZero();
        assertThat(store.delegate().get(id).orElseThrow().attributes().get("seen").asText()).isEqualTo("/app/page");
    }

    @Test
    void requestInsideTheCookiePath_getsASessionAndACookieScopedToIt() throws Exception {
        BlockingHttp.Response r = BlockingHttp.get(server.baseUrl() + "/app/page", Map.of());

        assertThat(r.body()).isEqualTo("handle=true");
        assertThat(r.headers("Set-Cookie")).singleElement().asString()
                .startsWith(SessionCookies.NAME + "=").contains("; Path=/app");
        assertThat(store.count("set")).isEqualTo(1);
    }
}
