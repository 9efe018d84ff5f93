package dev.sojourn.javalin;

import dev.sojourn.testing.CountingStore;
import dev.sojourn.testing.TestClient;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DebugAsyncTest extends JavalinTestSupport {
    @Test
    void debug() throws Exception {
        CountingStore store = newStore();
        TestClient client = startJavalin(config -> {
            config.registerPlugin(new SojournPlugin(cfg -> cfg.options(options(store).build())));
            config.routes.get("/", ctx -> ctx.future(() -> CompletableFuture.supplyAsync(() -> {
                SojournPlugin.session(ctx).set("async", true);
                System.out.println("req=" + ctx.req().getClass() + " res=" + ctx.res().getClass() + " out=" + ctx.outputStream().getClass());
                return "computed";
            }).thenAccept(ctx::result)));
        });
        TestClient.Response r = client.get("/");
        System.out.println("status=" + r.status() + " body=" + r.body() + " cookies=" + r.setCookies() + " stored=" + store.delegate().length() + " counts set=" + store.count("set"));
        Thread.sleep(500);
        System.out.println("later stored=" + store.delegate().length());
    }
}
