package dev.sojourn.jdkhttp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.ScenarioSupport;
import dev.sojourn.testing.TestClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * Base of the JDK-server-specific tests: the scenario suite's helpers plus {@link #startServer},
 * which runs a plain {@link HttpServer} set up by the test (contexts, handlers, filters) on a free
 * loopback port.
 */
abstract class JdkHttpTestSupport extends ScenarioSupport {
    private final List<Runnable> stops = new ArrayList<>();

    @Override
    protected AdapterFixture fixture() {
        return new JdkHttpFixture();
    }

    /** Starts a server with this set-up; stopped after the test. */
    protected TestClient startServer(Consumer<HttpServer> setup) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        setup.accept(server);
        server.start();
        stops.add(() -> {
            server.stop(0);
            executor.shutdownNow();
        });
        return new TestClient("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers 200 with this text (fixed length) and closes the exchange. */
    protected static void respond(HttpExchange exchange, String text) throws IOException {
        respond(exchange, 200, text);
    }

    protected static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }

    /** A query parameter of the exchange, or null. */
    protected static String query(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
        }
        return null;
    }

    @AfterEach
    void stopOwnServers() {
        stops.forEach(Runnable::run);
        stops.clear();
    }
}
