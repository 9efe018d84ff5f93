package dev.sojourn.example;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.sojourn.SessionHandle;
import dev.sojourn.SessionOptions;
import dev.sojourn.SessionStoreException;
import dev.sojourn.jdkhttp.SojournHttpFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --adapter jdk}: the JDK's built-in {@link HttpServer} with {@link SojournHttpFilter} on the
 * app's context {@code /}, and a context {@code /bare} without it. Requests run on a pool of up to
 * {@value #MAX_THREADS} threads (the server's default is its single dispatcher thread).
 */
final class JdkHttpServer implements RunningServer {
    private static final Logger LOG = LoggerFactory.getLogger(JdkHttpServer.class);
    private static final int MAX_THREADS = 200;
    /** The largest form body read (the login form is tiny). */
    private static final int MAX_FORM_BYTES = 64 * 1024;
    /** Seconds {@link #stop()} lets running exchanges finish. */
    private static final int STOP_DELAY_SECONDS = 1;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private JdkHttpServer(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    static JdkHttpServer start(ExampleConfig config, SessionOptions options) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(MAX_THREADS, MAX_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> new Thread(task, "sojourn-example-http-" + threads.incrementAndGet()));
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);

        HttpHandler routes = JdkHttpServer::serve;
        HttpContext app = server.createContext("/", routes);
        app.getFilters().add(new SojournHttpFilter(options));
        // The most specific context wins: /bare is served without the session filter.
        server.createContext(ExampleRoutes.BARE, routes);
        server.start();
        return new JdkHttpServer(server, executor);
    }

    private static void serve(HttpExchange exchange) throws IOException {
        try {
            ExampleRoutes.handle(new JdkExchange(exchange));
        } catch (SessionStoreException e) {
            throw e; // SojournHttpFilter answers 500, logs it and closes the exchange
        } catch (RuntimeException e) {
            LOG.error("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e.toString(), e);
            if (exchange.getResponseCode() == -1) {
                exchange.sendResponseHeaders(500, -1);
            }
        }
        exchange.close();
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void join() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        if (stopped.getCount() == 0) {
            return;
        }
        try {
            server.stop(STOP_DELAY_SECONDS);
            executor.shutdown();
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } finally {
            stopped.countDown();
        }
    }

    /** {@link ExampleExchange} over the JDK's {@link HttpExchange}; the session handle is {@link SojournHttpFilter}'s. */
    static final class JdkExchange implements ExampleExchange {
        private final HttpExchange exchange;
        private @Nullable Map<String, String> form;

        JdkExchange(HttpExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public String method() {
            return exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        }

        @Override
        public String path() {
            String path = exchange.getRequestURI().getPath();
            return path == null || path.isEmpty() ? "/" : path;
        }

        @Override
        public Optional<SessionHandle> sessionHandle() {
            return SojournHttpFilter.handle(exchange);
        }

        @Override
        public @Nullable String formField(String name) throws IOException {
            if (form == null) {
                Map<String, String> fields = new HashMap<>();
                parseUrlEncoded(exchange.getRequestURI().getRawQuery(), fields);
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                    try (InputStream body = exchange.getRequestBody()) {
                        byte[] bytes = body.readNBytes(MAX_FORM_BYTES);
                        parseUrlEncoded(new String(bytes, StandardCharsets.UTF_8), fields);
                    }
                }
                form = fields;
            }
            return form.get(name);
        }

        /** Adds the fields of {@code a=1&b=2} to {@code fields}; the body's fields win over the query's. */
        private static void parseUrlEncoded(@Nullable String text, Map<String, String> fields) {
            if (text == null || text.isEmpty()) {
                return;
            }
            for (String pair : text.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                try {
                    String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    fields.put(key, value);
                } catch (IllegalArgumentException malformed) {
                    // a malformed %-escape: skip the field, as a missing one
                }
            }
        }

        @Override
        public void setHeader(String name, String value) {
            exchange.getResponseHeaders().set(name, value);
        }

        @Override
        public void send(int status, String contentType, byte[] body) throws IOException {
            exchange.getResponseHeaders().set("Content-Type", contentType + ";charset=utf-8");
            if (method().equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }

        @Override
        public void sendEmpty(int status) throws IOException {
            exchange.sendResponseHeaders(status, -1);
        }
    }
}
