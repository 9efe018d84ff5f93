package dev.sojourn.servlet;

import dev.sojourn.CookieSigner;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Cookie values on the wire: signing an id as express-session does, and reading the id back from Set-Cookie. */
final class SessionCookies {
    static final String NAME = "connect.sid";
    static final String SECRET = "keyboard cat";

    private SessionCookies() {
    }

    /** {@code s:<id>.<hmac>} URI-encoded, signed with {@code secret}: what the browser sends back. */
    static String signed(String id, String secret) {
        String value = new CookieSigner(List.of(secret.getBytes(StandardCharsets.UTF_8))).sign(id);
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String signed(String id) {
        return signed(id, SECRET);
    }

    /** The session id a {@code Set-Cookie: connect.sid=...} line carries, if it carries one. */
    static Optional<String> idOf(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String value = URLDecoder.decode(pair.substring(eq + 1).trim(), StandardCharsets.UTF_8);
        if (!value.startsWith("s:") || value.lastIndexOf('.') < 2) {
            return Optional.empty();
        }
        return Optional.of(value.substring(2, value.lastIndexOf('.')));
    }

    /** Whether a Set-Cookie line clears the cookie (empty value, expired in 1970). */
    static boolean isClearing(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        return pair.endsWith("=") && setCookie.contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
