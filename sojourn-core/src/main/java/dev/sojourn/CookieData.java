package dev.sojourn;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The {@code cookie} object of a stored session, exactly as express-session stores it (spec §3.10).
 * Absent attributes are {@code null} and are left out of the JSON, except {@code originalMaxAge} and
 * {@code expires}, which are written as {@code null}.
 *
 * @param originalMaxAge the lifetime in milliseconds the cookie was given, or null for a browser-session cookie
 * @param partitioned the Partitioned attribute, or null when unset
 * @param priority the Priority attribute as stored ({@code "high"}, any case), or null
 * @param expires when the cookie and the stored session expire, or null for a browser-session cookie
 * @param secure the Secure attribute, or null when unset
 * @param httpOnly the HttpOnly attribute, or null when unset
 * @param domain the Domain attribute, or null
 * @param path the Path attribute, or null
 * @param sameSite the SameSite attribute as stored: a {@link Boolean} or a {@link String} of any case, or null
 */
public record CookieData(
        @Nullable Long originalMaxAge,
        @Nullable Boolean partitioned,
        @Nullable String priority,
        @Nullable Instant expires,
        @Nullable Boolean secure,
        @Nullable Boolean httpOnly,
        @Nullable String domain,
        @Nullable String path,
        @Nullable Object sameSite) {

    public CookieData {
        if (sameSite != null && !(sameSite instanceof Boolean) && !(sameSite instanceof String)) {
            throw new IllegalArgumentException("sameSite must be a Boolean or a String; got " + sameSite.getClass().getName());
        }
    }

    /** Whether the session has expired at {@code nowMillis} (never, for a browser-session cookie). */
    public boolean isExpiredAt(long nowMillis) {
        return expires != null && expires.toEpochMilli() <= nowMillis;
    }

    /** A copy with another expiry and the same attributes. */
    public CookieData withExpires(@Nullable Instant newExpires) {
        return new CookieData(originalMaxAge, partitioned, priority, newExpires, secure, httpOnly, domain, path, sameSite);
    }
}
