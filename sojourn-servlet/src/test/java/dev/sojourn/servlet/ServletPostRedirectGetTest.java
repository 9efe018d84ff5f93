package dev.sojourn.servlet;

import static dev.sojourn.servlet.JettyTestServer.routes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.SessionOptions;
import dev.sojourn.store.MemoryStore;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The issue's own reproduction: a POST that writes to the session and redirects, then at once the
 * GET the redirect points to. The GET must see the write, every time (1000 times in a row), for a
 * 302 from {@code sendRedirect} and for a 303 set by hand.
 */
class ServletPostRedirectGetTest {
    private static final int ROUNDS = 1000;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void getAfterPostRedirect_alwaysSeesThePostsWrite() throws Exception {
        SessionOptions options = SessionOptions.builder().secret(SessionCookies.SECRET).store(MemoryStore.create()).build();
        try (JettyTestServer server = JettyTestServer.start(options, routes(
                "/write", (JettyTestServer.Handler) (req, resp) -> {
                    HttpSession session = req.getSession();
                    session.setAttribute("counter", Integer.parseInt(req.getParameter("counter")));
                    if (req.getParameter("see-other") != null) {
                        resp.setStatus(303);
                        resp.setHeader("Location", "/read");
                    } else {
                        resp.sendRedirect("/read");
                    }
                },
                "/read", (JettyTestServer.Handler) (req, resp) -> {
                    HttpSession session = req.getSession(false);
                    resp.getWriter().print(session == null ? "no session" : String.valueOf(session.getAttribute("counter")));
                }))) {
            String cookie = null;
            List<String> misses = new ArrayList<>();
            for (int i = 1; i <= ROUNDS; i++) {
                boolean seeOther = i % 2 == 0;
                Map<String, String> headers = cookie == null ? Map.of() : Map.of("Cookie", cookie);
                BlockingHttp.Response post = BlockingHttp.post(server.baseUrl() + "/write", headers,
                        "counter=" + i + (seeOther ? "&see-other=1" : ""));
                assertThat(post.status()).isEqualTo(seeOther ? 303 : 302);
                assertThat(post.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/read"));
                if (cookie == null) {
                    String setCookie = post.header("Set-Cookie").orElseThrow();
                    cookie = setCookie.split(";", 2)[0];
                    headers = Map.of("Cookie", cookie);
                } else {
                    assertThat(post.headers("Set-Cookie")).as("no new session after the first round").isEmpty();
                }
                BlockingHttp.Response get = BlockingHttp.get(server.baseUrl() + "/read", headers);
                if (get.status() != 200 || !get.body().equals(String.valueOf(i))) {
                    misses.add("round " + i + ": " + get.status() + " '" + get.body() + "'");
                }
            }
            assertThat(misses).as("GETs that missed the POST's write").isEmpty();
        }
    }
}
