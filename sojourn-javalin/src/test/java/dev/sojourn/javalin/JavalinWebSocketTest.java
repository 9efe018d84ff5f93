package dev.sojourn.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.testing.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** WebSocket upgrades pass through the plugin's filter unharmed, and see the HTTP session. */
class JavalinWebSocketTest extends JavalinTestSupport {

    @Test
    void webSocketUpgrade_behindThePlugin_works_andSeesTheSession() throws Exception {
        TestClient client = startJavalin(config -> {
            config.registerPlugin(new SojournPlugin(cfg -> cfg.options(options(newStore()).build())));
            config.routes.get("/login", ctx -> {
                SojournPlugin.session(ctx).set("user", "alice");
                ctx.result("ok");
            });
            config.routes.wsBeforeUpgrade("/ws", ctx -> ctx.attribute("user",
                    SojournPlugin.existingSession(ctx).map(s -> s.get("user", String.class)).orElse("anonymous")));
            config.routes.ws("/ws", ws -> ws.onMessage(ctx -> ctx.send(
                    ctx.attribute("user") + " (" + ctx.sessionAttribute("user") + "): " + ctx.message())));
        });
        client.get("/login");
        CompletableFuture<String> reply = new CompletableFuture<>();

        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Cookie", client.cookieHeader())
                .buildAsync(URI.create(client.baseUrl().replace("http:", "ws:") + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        reply.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendText("hi", true);

        assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("alice (alice): hi");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
}
