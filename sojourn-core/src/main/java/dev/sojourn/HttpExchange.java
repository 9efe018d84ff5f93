package dev.sojourn;

import java.util.List;

/**
 * The few things the engine needs from one HTTP request/response pair. Each adapter (Servlet,
 * Javalin, JDK server) implements it over its own request and response types; core never sees
 * them.
 *
 * <p>Implementations are used by one request at a time and need not be thread-safe.
 */
public interface HttpExchange {

    /**
     * All values of a request header, in the order received; empty when absent. Names are
     * case-insensitive.
     */
    List<String> requestHeaders(String name);

    /** The first value of a request header, or {@code null} when absent. */
    default @org.jspecify.annotations.Nullable String requestHeader(String name) {
        List<String> values = requestHeaders(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The request's original, undecoded path ("/" when empty), without the query string. */
    String requestPath();

    /**
     * Whether the server considers this request secure: TLS on the connection, or the
     * container's own forwarded-header handling. Used when {@link TrustProxy#CONTAINER} is set.
     */
    boolean isSecure();

    /**
     * Whether the connection itself is TLS, whatever proxies say. Defaults to {@link #isSecure()},
     * which is the same unless the server applies forwarded headers.
     */
    default boolean isTls() {
        return isSecure();
    }

    /** Appends a response header, keeping values already present (several Set-Cookie lines). */
    void addResponseHeader(String name, String value);

    /** Replaces every value of a response header with this one. */
    void setResponseHeader(String name, String value);
}
