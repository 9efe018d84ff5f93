package dev.sojourn.jdkhttp;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sojourn.SessionHandle;
import dev.sojourn.SessionStoreException;
import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.ScenarioExchange;
import dev.sojourn.testing.ServerSpec;
import dev.sojourn.testing.TlsSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scenarios on the JDK's built-in {@link HttpServer} with {@link SojournHttpFilter} on the
 * context. Supports a mount prefix (the context's path), HTTPS ({@link HttpsServer}) and an outer
 * filter; the JDK server has no notion of trusting forwarded headers, so
 * {@link ServerSpec#trustingForwardedHeaders()} is reported as unsupported. Like a servlet
 * container, the fixture ends the response when the handler returns, and answers 500 when the
 * handler throws (store failures are left to the filter).
 */
final class JdkHttpFixture implements AdapterFixture {
    private static final Logger LOG = LoggerFactory.getLogger(JdkHttpFixture.class);

    @Override
    public RunningServer start(ServerSpec spec) throws Exception {
        if (spec.trustsForwardedHeaders()) {
            throw ServerSpec.unsupported("JDK HttpServer", "trusting forwarded headers (the server has no such setting)");
        }
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        HttpServer server;
        if (spec.isTls()) {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(serverTlsContext()));
            server = https;
        } else {
            server = HttpServer.create(address, 0);
        }
        ExecutorService executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        HttpContext context = server.createContext(spec.mountPath().isEmpty() ? "/" : spec.mountPath(), exchange -> {
            ScenarioExchangeImpl ex = new ScenarioExchangeImpl(exchange);
            try {
                spec.handler().handle(ex);
                ex.end();
            } catch (SessionStoreException e) {
                throw e;
            } catch (Exception e) {
                LOG.info("Scenario handler failed; answering 500: {}", e.toString());
                ex.fail();
            }
        });
        if (spec.outerMiddleware() != null) {
            context.getFilters().add(new SojournHttpFilter(spec.outerMiddleware()));
        }
        context.getFilters().add(new SojournHttpFilter(spec.options()));
        server.start();
        String baseUrl = (spec.isTls() ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort() + spec.mountPath();
        return new RunningServer() {
            @Override
            public String baseUrl() {
                return baseUrl;
            }

            @Override
            public void close() {
                server.stop(0);
                executor.shutdownNow();
            }
        };
    }

    private static SSLContext serverTlsContext() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(TlsSupport.keyStore())) {
            keys.load(in, TlsSupport.PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, TlsSupport.PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    /**
     * {@link ScenarioExchange} over the JDK exchange: headers go out on the first write, flush or
     * end (fixed length when declared, chunked otherwise); anything after the end is ignored.
     */
    static final class ScenarioExchangeImpl implements ScenarioExchange {
        private final HttpExchange exchange;
        private int status = 200;
        private long contentLength = -1;
        private boolean headersSent;
        private boolean ended;
        private @Nullable String form;

        ScenarioExchangeImpl(HttpExchange exchange) {
            this.exchange = exchange;
        }

        /** The exchange the handler was given (the filter's wrapper). */
        HttpExchange exchange() {
            return exchange;
        }

        @Override
        public String method() {
            return exchange.getRequestMethod();
        }

        @Override
        public String path() {
            String path = exchange.getRequestURI().getRawPath();
            return path == null || path.isEmpty() ? "/" : path;
        }

        @Override
        public @Nullable String parameter(String name) {
            String fromQuery = find(exchange.getRequestURI().getRawQuery(), name);
            return fromQuery != null ? fromQuery : find(form(), name);
        }

        private String form() {
            if (form == null) {
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                try {
                    form = type != null && type.startsWith("application/x-www-form-urlencoded")
                            ? new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                            : "";
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read the form", e);
                }
            }
            return form;
        }

        private static @Nullable String find(@Nullable String encoded, String name) {
            if (encoded == null || encoded.isEmpty()) {
                return null;
            }
            for (String pair : encoded.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (key.equals(name)) {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }

        @Override
        public @Nullable String requestHeader(String name) {
            return exchange.getRequestHeaders().getFirst(name);
        }

        @Override
        public Optional<SessionHandle> findHandle() {
            return SojournHttpFilter.handle(exchange);
        }

        @Override
        public void status(int status) {
            this.status = status;
        }

        @Override
        public void addHeader(String name, String value) {
            if (!headersSent) {
                exchange.getResponseHeaders().add(name, value);
            }
        }

        @Override
        public void contentLength(long length) {
            this.contentLength = length;
        }

        @Override
        public void write(String text) throws IOException {
            if (ended) {
                return;
            }
            sendHeaders(contentLength > 0 ? contentLength : contentLength == 0 ? -1 : 0);
            exchange.getResponseBody().write(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void flush() throws IOException {
            if (ended) {
                return;
            }
            sendHeaders(contentLength > 0 ? contentLength : contentLength == 0 ? -1 : 0);
            exchange.getResponseBody().flush();
        }

        @Override
        public void end() throws IOException {
            if (ended) {
                return;
            }
            ended = true;
            sendHeaders(-1);
            OutputStream body = exchange.getResponseBody();
            body.close();
            exchange.close();
        }

        @Override
        public void redirect(String location) throws IOException {
            exchange.getResponseHeaders().set("Location", location);
            status = 302;
            end();
        }

        @Override
        public void sendError(int status) throws IOException {
            this.status = status;
            end();
        }

        /** Answers 500 when nothing went out yet; closes the exchange either way. */
        void fail() throws IOException {
            if (!headersSent) {
                exchange.getResponseHeaders().clear();
                status = 500;
            }
            end();
        }

        private void sendHeaders(long length) throws IOException {
            if (!headersSent) {
                headersSent = true;
                exchange.sendResponseHeaders(status, length);
            }
        }
    }
}
