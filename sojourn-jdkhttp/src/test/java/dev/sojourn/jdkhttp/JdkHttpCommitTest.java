package dev.sojourn.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import dev.sojourn.CookieOptions;
import dev.sojourn.CookieSecure;
import dev.sojourn.testing.CountingStore;
import dev.sojourn.testing.ServerSpec;
import dev.sojourn.testing.TestClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The session is stored inside {@code sendResponseHeaders}, before the headers leave, for every
 * kind of response the JDK server can send; changes made after the headers are stored when the
 * response ends. Most tests use a store whose writes take 150 ms and check that the write had
 * finished when the answer arrived.
 */
class JdkHttpCommitTest extends JdkHttpTestSupport {
    private CountingStore store;

    private TestClient slowStoreServer(HttpHandler handler) throws Exception {
        store = newStore();
        store.delayWrites(Duration.ofMillis(150));
        CountingStore chosen = store;
        return startServer(server -> server.createContext("/", handler)
                .getFilters().add(new SojournHttpFilter(options(chosen).build())));
    }

    /** The response carries the session cookie, and the session was stored when it arrived. */
    private String assertStoredOnArrival(TestClient.Response response) {
        assertThat(store.delegate().length()).as("stored when the response arrived").isEqualTo(1);
        String id = idOf(sessionCookie(response));
        assertThat(store.delegate().get(id)).isPresent();
        return id;
    }

    @Test
    void fixedLengthResponse_sessionStoredBeforeHeaders() throws Exception {
        TestClient client = slowStoreServer(exchange -> {
            SojournHttpFilter.session(exchange).set("views", 1);
            respond(exchange, "hello");
        });

        TestClient.Response response = client.get("/");

        assertThat(response.body()).isEqualTo("hello");
        assertStoredOnArrival(response);
    }

    @Test
    void redirectWithoutBody_carriesTheCookie() throws Exception {
        TestClient client = slowStoreServer(exchange -> {
            SojournHttpFilter.session(exchange).set("user", "alice");
            exchange.getResponseHeaders().set("Location", "/home");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });

        TestClient.Response response = client.post("/login", Map.of());

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).contains("/home");
        assertStoredOnArrival(response);
    }

    @Test
    void errorAnsweredByTheHandler_sessionStoredBeforeHeaders() throws Exception {
        TestClient client = slowStoreServer(exchange -> {
            SojournHttpFilter.session(exchange).set("attempt", 1);
            try {
                throw new IllegalArgumentException("bad input");
            } catch (IllegalArgumentException e) {
                SojournHttpFilter.session(exchange).set("error", e.getMessage());
                respond(exchange, 400, "rejected");
            }
        });

        TestClient.Response response = client.get("/");

        assertThat(response.status()).isEqualTo(400);
        String id = assertStoredOnArrival(response);
        assertThat(stored(store.delegate(), id).attributes().keySet()).containsExactlyInAnyOrder("attempt", "error");
    }

    @Test
    void largeStreamedBody_sessionStoredAndCookieSentBeforeTheBody() throws Exception {
        CountDownLatch headersSeen = new CountDownLatch(1);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        TestClient client = slowStoreServer(exchange -> {
            SojournHttpFilter.session(exchange).set("views", 1);
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(chunk);
                body.flush();
                if (!headersSeen.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the client never saw the headers");
                }
                for (int i = 0; i < 63; i++) {
                    body.write(chunk);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(client.baseUrl() + "/")).build(), HttpResponse.BodyHandlers.ofInputStream());
        long storedWhileStreaming = store.delegate().length();
        String setCookie = response.headers().firstValue("Set-Cookie").orElse("");
        headersSeen.countDown();
        long bodyLength;
        try (InputStream body = response.body()) {
            bodyLength = body.transferTo(OutputStream.nullOutputStream());
        }

        assertThat(storedWhileStreaming).isEqualTo(1);
        assertThat(setCookie).startsWith(NAME + "=");
        assertThat(bodyLength).isEqualTo(64L * chunk.length);
    }

    @Test
    void answerFromAnotherThread_afterTheHandlerReturned_sessionStoredBeforeHeaders() throws Exception {
        TestClient client = slowStoreServer(exchange -> CompletableFuture.runAsync(() -> {
            try {
                SojournHttpFilter.session(exchange).set("async", true);
                respond(exchange, "later");
            } catch (Exception e) {
                exchange.close();
            }
        }));

        TestClient.Response response = client.get("/");

        assertThat(response.body()).isEqualTo("later");
        assertStoredOnArrival(response);
    }

    @Test
    void changeAfterTheHeaders_isStoredWhenTheBodyIsClosed() throws Exception {
        TestClient client = slowStoreServer(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/write")) {
                SojournHttpFilter.session(exchange).set("views", 1);
                respond(exchange, "ok");
                return;
            }
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.write("streamed".getBytes(StandardCharsets.UTF_8));
            SojournHttpFilter.session(exchange).set("late", true);
            body.close();
        });
        String id = idOf(sessionCookie(client.get("/write")));

        TestClient.Response response = client.get("/stream");

        assertThat(response.body()).isEqualTo("streamed");
        assertThat(response.setCookies()).isEmpty();
        assertThat(stored(store.delegate(), id).attributes().keySet()).containsExactlyInAnyOrder("views", "late");
    }

    @Test
    void storeFailureAtCommit_answers500_withoutCookie() throws Exception {
        TestClient client = slowStoreServer(exchange -> {
            SojournHttpFilter.session(exchange).set("views", 1);
            respond(exchange, "hello");
        });
        store.failOn("set");

        TestClient.Response response = client.get("/");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(store.delegate().length()).isZero();
    }

    @Test
    void https_handlerStillSeesAnHttpsExchange_andTheSecureCookieIsSent() throws Exception {
        CountingStore tlsStore = newStore();
        TestClient client = start(ServerSpec.of(options(tlsStore)
                .cookie(CookieOptions.builder().secure(CookieSecure.AUTO).build()).build(), ex -> {
                    HttpExchange exchange = ((JdkHttpFixture.ScenarioExchangeImpl) ex).exchange();
                    ex.session().set("views", 1);
                    ex.write(exchange instanceof HttpsExchange https && https.getSSLSession() != null ? "https" : "plain");
                }).tls());

        TestClient.Response response = client.get("/");

        assertThat(response.body()).isEqualTo("https");
        assertThat(hasAttribute(sessionCookie(response), "Secure")).isTrue();
    }
}
