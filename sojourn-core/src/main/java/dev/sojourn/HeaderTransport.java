package dev.sojourn;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The session id in a request header (default {@value #DEFAULT_HEADER}), for REST and mobile
 * clients that keep no cookies. The value is the cookie's: {@code s:<id>.<signature>}, sent
 * URI-encoded exactly as the cookie value and accepted encoded or not. A new or regenerated id is
 * returned in the same header on the response; a destroyed session is answered with an empty
 * header value.
 */
final class HeaderTransport implements SessionIdTransport {
    static final String DEFAULT_HEADER = "X-Session-Id";
    private final String header;

    HeaderTransport(String header) {
        Objects.requireNonNull(header, "header");
        if (!CookieTransport.TOKEN.matcher(header).matches()) {
            throw new IllegalArgumentException("header name must be an RFC 7230 token; got '" + header + "'");
        }
        this.header = header;
    }

    @Override
    public @Nullable String read(HttpExchange exchange) {
        String value = exchange.requestHeader(header);
        if (value == null) {
            return null;
        }
        value = value.trim();
        if (value.isEmpty()) {
            return null;
        }
        String decoded = UriComponent.decode(value);
        return decoded == null ? value : decoded;
    }

    @Override
    public void write(HttpExchange exchange, String signedValue, CookieData cookie) {
        exchange.setResponseHeader(header, UriComponent.encode(signedValue));
    }

    @Override
    public void clear(HttpExchange exchange, CookieData cookie) {
        exchange.setResponseHeader(header, "");
    }

    @Override
    public String toString() {
        return "HeaderTransport[" + header + "]";
    }
}
