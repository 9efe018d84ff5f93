package dev.sojourn.servlet;

import static dev.sojourn.servlet.JettyTestServer.routes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sojourn.SessionOptions;
import dev.sojourn.SessionRecord;
import dev.sojourn.store.MemoryStore;
import dev.sojourn.testing.CountingStore;
import dev.sojourn.testing.TestClient;
import jakarta.servlet.http.HttpSession;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many parallel requests of one client, through Jetty and the filter, each thread changing its own
 * key of the one session: every increment must survive (the "no lost updates").
 */
class ServletNoLostUpdatesTest {
    private static final int THREADS = 8;
    private static final int REQUESTS_PER_THREAD = 500;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void parallelRequestsToOneSessionChangingDifferentKeys_loseNoIncrement() throws Exception {
        CountingStore store = new CountingStore(MemoryStore.create());
        SessionOptions options = SessionOptions.builder().secret(SessionCookies.SECRET).store(store).build();
        try (JettyTestServer server = JettyTestServer.start(options, routes(
                "/start", (JettyTestServer.Handler) (req, resp) -> {
                    req.getSession().setAttribute("started", true);
                    resp.getWriter().print("started");
                },
                "/incr", (JettyTestServer.Handler) (req, resp) -> {
                    HttpSession session = req.getSession(false);
                    if (session == null) {
                        resp.sendError(409);
                        return;
                    }
                    String key = req.getParameter("key");
                    Object value = session.getAttribute(key);
                    int next = (value == null ? 0 : ((Number) value).intValue()) + 1;
                    session.setAttribute(key, next);
                    resp.getWriter().print(next);
                }))) {
            TestClient client = new TestClient(server.baseUrl());
            TestClient.Response started = client.get("/start");
            assertThat(started.status()).isEqualTo(200);
            String id = SessionCookies.idOf(started.setCookie(SessionCookies.NAME).orElseThrow()).orElseThrow();

            String cookie = SessionCookies.NAME + "=" + client.cookie(SessionCookies.NAME).orElseThrow();
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> futures = new ArrayList<>();
            try {
                for (int t = 0; t < THREADS; t++) {
                    String key = "t" + t;
                    futures.add(pool.submit(() -> {
                        go.await();
                        for (int i = 1; i <= REQUESTS_PER_THREAD; i++) {
                            HttpURLConnection c = (HttpURLConnection) URI.create(server.baseUrl() + "/incr?key=" + key).toURL().openConnection();
                            c.setRequestProperty("Cookie", cookie);
                            c.setConnectTimeout(5_000);
                            c.setReadTimeout(20_000);
                            int status = c.getResponseCode();
                            String body;
                            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                                body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                            }
                            // each thread's own next request must already see its previous write
                            if (status != 200 || !body.equals(String.valueOf(i))) {
                                problems.add(key + " request " + i + ": status " + status + ", body '" + body + "'");
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : futures) {
                    f.get(50, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(problems).as("per-thread read-your-writes").isEmpty();
            SessionRecord record = store.delegate().get(id).orElseThrow();
            for (int t = 0; t < THREADS; t++) {
                JsonNode value = record.attributes().get("t" + t);
                assertThat(value).as("key t" + t).isNotNull();
                assertThat(value.asInt()).as("increments of key t" + t).isEqualTo(REQUESTS_PER_THREAD);
            }
            assertThat(record.attributes().get("started").asBoolean()).isTrue();
            assertThat(store.delegate().length()).as("still one session").isEqualTo(1);
        }
    }
}
