package dev.sojourn.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.testing.CountingStore;
import dev.sojourn.testing.TestClient;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpStatus;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The session is stored before the response is committed, wherever Javalin commits it: after
 * before / endpoint / after handlers, on redirects (also from a before handler), in exception
 * handlers and error mappers, for future results, and for large streamed bodies. Each test uses a
 * store whose writes take 150 ms and checks that the write had finished when the answer arrived.
 */
class JavalinCommitTest extends JavalinTestSupport {
    private CountingStore store;

    private TestClient slowStoreApp(Consumer<JavalinConfig> routes) {
        store = newStore();
        store.delayWrites(Duration.ofMillis(150));
        CountingStore chosen = store;
        return startJavalin(config -> {
            config.registerPlugin(new SojournPlugin(cfg -> cfg.options(options(chosen).build())));
            routes.accept(config);
        });
    }

    /** The response carries the session cookie, and the session was stored when it arrived. */
    private String assertStoredOnArrival(TestClient.Response response) {
        assertThat(store.delegate().length()).as("stored when the response arrived").isEqualTo(1);
        String id = idOf(sessionCookie(response));
        assertThat(store.delegate().get(id)).isPresent();
        return id;
    }

    @Test
    void endpointResult_sessionStoredBeforeResponse() throws Exception {
        TestClient client = slowStoreApp(config -> config.routes.get("/", ctx -> {
            SojournPlugin.session(ctx).set("views", 1);
            ctx.result("hello");
        }));

        TestClient.Response response = client.get("/");

        assertThat(response.body()).isEqualTo("hello");
        assertStoredOnArrival(response);
    }

    @Test
    void redirect_fromEndpoint_carriesTheCookie() throws Exception {
        TestClient client = slowStoreApp(config -> config.routes.post("/login", ctx -> {
            SojournPlugin.session(ctx).set("user", "alice");
            ctx.redirect("/home");
        }));

        TestClient.Response response = client.post("/login", java.util.Map.of());

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).contains("/home");
        assertStoredOnArrival(response);
    }

    @Test
    void redirect_fromBeforeHandler_carriesTheCookie_andSkipsTheEndpoint() throws Exception {
        TestClient client = slowStoreApp(config -> {
            config.routes.before("/guarded", ctx -> {
                SojournPlugin.session(ctx).set("returnTo", ctx.path());
                ctx.redirect("/login", HttpStatus.SEE_OTHER);
            });
            config.routes.get("/guarded", ctx -> ctx.result("secret"));
        });

        TestClient.Response response = client.get("/guarded");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.body()).doesNotContain("secret");
        String id = assertStoredOnArrival(response);
        assertThat(storedJson(store.delegate(), id)).contains("\"returnTo\":\"/guarded\"");
    }

    @Test
    void beforeAndAfterHandlers_changesOfBoth_storedBeforeResponse() throws Exception {
        TestClient client = slowStoreApp(config -> {
            config.routes.before(ctx -> SojournPlugin.session(ctx).set("before", true));
            config.routes.get("/", ctx -> ctx.result("body"));
            config.routes.after(ctx -> SojournPlugin.session(ctx).set("after", ctx.path()));
        });

        TestClient.Response response = client.get("/");

        String id = assertStoredOnArrival(response);
        assertThat(stored(store.delegate(), id).attributes().keySet()).containsExactlyInAnyOrder("before", "after");
    }

    @Test
    void exceptionHandler_sessionChangedByEndpointAndHandler_storedBeforeResponse() throws Exception {
        TestClient client = slowStoreApp(config -> {
            config.routes.get("/", ctx -> {
                SojournPlugin.session(ctx).set("attempt", 1);
                throw new IllegalArgumentException("bad input");
            });
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> {
                SojournPlugin.session(ctx).set("error", e.getMessage());
                ctx.status(400).result("rejected");
            });
        });

        TestClient.Response response = client.get("/");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("rejected");
        String id = assertStoredOnArrival(response);
        assertThat(stored(store.delegate(), id).attributes().keySet()).containsExactlyInAnyOrder("attempt", "error");
    }

    @Test
    void errorMapper_sessionWrittenInA404Handler_storedBeforeResponse() throws Exception {
        TestClient client = slowStoreApp(config -> config.routes.error(404, ctx -> {
            SojournPlugin.session(ctx).set("missed", ctx.path());
            ctx.result("nothing here");
        }));

        TestClient.Response response = client.get("/missing");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("nothing here");
        assertStoredOnArrival(response);
    }

    @Test
    void futureResult_sessionWrittenOnAnotherThread_storedBeforeResponse() throws Exception {
        TestClient client = slowStoreApp(config -> config.routes.get("/", ctx -> ctx.future(() ->
                CompletableFuture.supplyAsync(() -> {
                    SojournPlugin.session(ctx).set("async", true);
                    return "computed";
                }).thenAccept(ctx::result))));

        TestClient.Response response = client.get("/");

        assertThat(response.body()).isEqualTo("computed");
        assertStoredOnArrival(response);
    }

    @Test
    void futureWithoutBody_sessionWrittenOnAnotherThread_storedBeforeResponse() throws Exception {
        TestClient client = slowStoreApp(config -> config.routes.post("/", ctx -> ctx.future(() ->
                CompletableFuture.runAsync(() -> {
                    SojournPlugin.session(ctx).set("async", true);
                    ctx.status(HttpStatus.NO_CONTENT);
                }))));

        TestClient.Response response = client.post("/", java.util.Map.of());

        assertThat(response.status()).isEqualTo(204);
        assertStoredOnArrival(response);
    }

    @Test
    void largeStreamedBody_sessionStoredBeforeTheFirstByte() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        TestClient client = slowStoreApp(config -> config.routes.get("/", ctx -> {
            SojournPlugin.session(ctx).set("views", 1);
            OutputStream out = ctx.outputStream();
            for (int i = 0; i < 32; i++) {
                out.write(chunk);
            }
        }));

        TestClient.Response response = client.get("/");

        assertThat(response.body()).hasSize(32 * chunk.length);
        assertStoredOnArrival(response);
    }

    @Test
    void storeFailureAtCommit_failsTheRequestWith500_withoutCookie() throws Exception {
        TestClient client = slowStoreApp(config -> config.routes.get("/", ctx -> {
            SojournPlugin.session(ctx).set("views", 1);
            ctx.result("hello");
        }));
        store.failOn("set");

        TestClient.Response response = client.get("/");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(store.delegate().length()).isZero();
    }
}
