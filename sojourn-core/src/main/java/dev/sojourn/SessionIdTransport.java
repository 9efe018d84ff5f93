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

    /** The id in a request/response header, e.g. {@code X-Session-Id}; see {@link #DEFAULT_HEADER}. */
    static SessionIdTransport header(String headerName) {
        return new HeaderTransport(headerName);
    }

    /**
     * Header or cookie: the header wins when a request carries both and they differ; a new id is
     * sent in both.
     */
    static SessionIdTransport headerOrCookie(String headerName, String cookieName) {
        return new CompositeTransport(new HeaderTransport(headerName), new CookieTransport(cookieName));
    }

    /** The default header name for {@link #header(String)}: {@value}. */
    String DEFAULT_HEADER = HeaderTransport.DEFAULT_HEADER;
}
