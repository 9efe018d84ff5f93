package dev.sojourn;

import org.jspecify.annotations.Nullable;

/**
 * Cookie or header: reads the header first and falls back to the cookie, so an API client's
 * explicit header wins over a cookie the same client may also carry; writes and clears both.
 */
final class CompositeTransport implements SessionIdTransport {
    private final SessionIdTransport header;
    private final SessionIdTransport cookie;

    CompositeTransport(SessionIdTransport header, SessionIdTransport cookie) {
        this.header = header;
        this.cookie = cookie;
    }

    @Override
    public @Nullable String read(HttpExchange exchange) {
        String fromHeader = header.read(exchange);
        return fromHeader != null ? fromHeader : cookie.read(exchange);
    }

    @Override
    public void write(HttpExchange exchange, String signedValue, CookieData cookieData) {
        header.write(exchange, signedValue, cookieData);
        cookie.write(exchange, signedValue, cookieData);
    }

    @Override
    public void clear(HttpExchange exchange, CookieData cookieData) {
        header.clear(exchange, cookieData);
        cookie.clear(exchange, cookieData);
    }

    @Override
    public String toString() {
        return "CompositeTransport[" + header + " then " + cookie + "]";
    }
}
