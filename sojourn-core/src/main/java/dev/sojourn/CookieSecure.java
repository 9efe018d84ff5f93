package dev.sojourn;

import java.util.Locale;

/** The cookie option {@code secure}: on, off, or decided per new session from the request (spec §1.6). */
public enum CookieSecure {
    /** Adds {@code Secure}; the cookie is only sent in answer to a secure request. */
    TRUE,
    /** No {@code Secure} attribute. */
    FALSE,
    /** {@code Secure} when the request that creates the session is secure. */
    AUTO;

    /** Parses {@code true|false|auto} in any case. */
    public static CookieSecure parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> TRUE;
            case "false" -> FALSE;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException("secure must be one of true, false, auto; got '" + text + "'");
        };
    }
}
