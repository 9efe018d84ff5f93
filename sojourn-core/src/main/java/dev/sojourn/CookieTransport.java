package dev.sojourn;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The session id in a signed cookie, read and written exactly as express-session does: first
 * occurrence of the name wins, value {@code encodeURIComponent}-encoded, attributes from the
 * session's cookie (spec §1.1–1.4).
 */
final class CookieTransport implements SessionIdTransport {
    /** RFC 7230 token: what a cookie name may be. */
    static final Pattern TOKEN = Pattern.compile("^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$");
    private static final String COOKIE = "Cookie";

    private final String name;

    CookieTransport(String name) {
        if (!TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("cookie name must be an RFC 7230 token; got '" + name + "'");
        }
        this.name = name;
    }

    @Override
    public @Nullable String read(HttpExchange exchange) {
        return CookieHeader.find(exchange.requestHeaders(COOKIE), name);
    }

    @Override
    public void write(HttpExchange exchange, String signedValue, CookieData cookie) {
        exchange.addResponseHeader(SetCookieHeader.HEADER, SetCookieHeader.format(name, UriComponent.encode(signedValue), cookie));
    }

    @Override
    public void clear(HttpExchange exchange, CookieData cookie) {
        exchange.addResponseHeader(SetCookieHeader.HEADER, SetCookieHeader.clearing(name, cookie));
    }

    @Override
    public String toString() {
        return "CookieTransport[" + name + "]";
    }
}
