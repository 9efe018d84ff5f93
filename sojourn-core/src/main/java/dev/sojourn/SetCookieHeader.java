package dev.sojourn;

import java.time.Instant;

/**
 * Serialises the session cookie exactly as express-session (with {@code cookie} 0.7.2) does
 * (spec §1.4): {@code name=value; Domain; Path; Expires; HttpOnly; Secure; Partitioned; Priority; SameSite},
 * only the attributes present, never {@code Max-Age}.
 */
final class SetCookieHeader {
    static final String HEADER = "Set-Cookie";
    private static final Instant EPOCH = Instant.EPOCH;

    private SetCookieHeader() {
    }

    static String format(String name, String encodedValue, CookieData cookie) {
        StringBuilder out = new StringBuilder(160).append(name).append('=').append(encodedValue);
        appendAttributes(out, cookie, cookie.expires());
        return out.toString();
    }

    /** A header that makes the browser drop the cookie: empty value, expired in 1970, same scope. */
    static String clearing(String name, CookieData cookie) {
        StringBuilder out = new StringBuilder(120).append(name).append('=');
        appendAttributes(out, cookie, EPOCH);
        return out.toString();
    }

    private static void appendAttributes(StringBuilder out, CookieData cookie, Instant expires) {
        if (cookie.domain() != null) {
            out.append("; Domain=").append(cookie.domain());
        }
        if (cookie.path() != null) {
            out.append("; Path=").append(cookie.path());
        }
        if (expires != null) {
            out.append("; Expires=").append(HttpDates.expires(expires));
        }
        if (Boolean.TRUE.equals(cookie.httpOnly())) {
            out.append("; HttpOnly");
        }
        if (Boolean.TRUE.equals(cookie.secure())) {
            out.append("; Secure");
        }
        if (Boolean.TRUE.equals(cookie.partitioned())) {
            out.append("; Partitioned");
        }
        if (cookie.priority() != null) {
            out.append("; Priority=").append(Priority.parse(cookie.priority()).attribute());
        }
        Object sameSite = cookie.sameSite();
        if (Boolean.TRUE.equals(sameSite)) {
            out.append("; SameSite=Strict");
        } else if (sameSite instanceof String text) {
            out.append("; SameSite=").append(SameSite.parse(text).attribute());
        }
    }
}
