package dev.sojourn.jdkhttp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.util.List;

/** Sojourn's {@link dev.sojourn.HttpExchange} over the JDK server's own exchange. */
final class ServerExchange implements dev.sojourn.HttpExchange {
    private final HttpExchange exchange;

    ServerExchange(HttpExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public List<String> requestHeaders(String name) {
        List<String> values = exchange.getRequestHeaders().get(name);
        return values == null ? List.of() : values;
    }

    @Override
    public String requestPath() {
        String path = exchange.getRequestURI().getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /** The JDK server applies no forwarded headers: a request is secure exactly when it came over TLS. */
    @Override
    public boolean isSecure() {
        return exchange instanceof HttpsExchange;
    }

    @Override
    public void addResponseHeader(String name, String value) {
        exchange.getResponseHeaders().add(name, value);
    }

    @Override
    public void setResponseHeader(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }
}
