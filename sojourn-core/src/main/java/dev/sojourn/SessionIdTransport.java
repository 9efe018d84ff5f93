package dev.sojourn;

import org.jspecify.annotations.Nullable;

/**
 * How the signed session id travels between client and server: read from the request, written to
 * the response when a session is new or its cookie must be refreshed, cleared when it is
 * destroyed. Implementations are stateless and thread-safe.
 */
public interface SessionIdTransport {

    /** The signed value the client sent ({@code s:<id>.<sig>}, already URI-decoded), or null when none. */
    @Nullable String read(HttpExchange exchange);

    /** Sends the signed value; {@code cookie} carries the attributes to use where the transport has any. */
    void write(HttpExchange exchange, String signedValue, CookieData cookie);

    /** Tells the client to forget its session id. */
    void clear(HttpExchange exchange, CookieData cookie);

    /** The express-session transport: a cookie named {@code name}. */
    static SessionIdTransport cookie(String name) {
        return new CookieTransport(name);
    }
}
