package dev.sojourn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The cookie of one session, as the application sees it during a request: express-session's
 * {@code req.session.cookie}. Its expiry is stored with the session; its attributes are sent in
 * {@code Set-Cookie}.
 *
 * <p>Setting the lifetime follows express-session (spec §1.5): {@link #setMaxAge(Duration)} sets
 * {@code expires = now + maxAge}, and every change of the expiry resets {@link #originalMaxAge()}
 * to the time then remaining. Unlike express-session, a change made here during a request marks
 * the session's cookie as modified, so the browser and the store learn it.
 *
 * <p>Not thread-safe: one request uses it at a time.
 */
public final class SessionCookie {
    private final Clock clock;
    private @Nullable Long originalMaxAge;
    private @Nullable Boolean partitioned;
    private @Nullable String priority;
    private @Nullable Instant expires;
    private @Nullable Boolean secure;
    private @Nullable Boolean httpOnly;
    private @Nullable String domain;
    private @Nullable String path;
    private @Nullable Object sameSite;
    private boolean changed;

    SessionCookie(CookieData data, Clock clock) {
        this.clock = clock;
        this.originalMaxAge = data.originalMaxAge();
        this.partitioned = data.partitioned();
        this.priority = data.priority();
        this.expires = data.expires();
        this.secure = data.secure();
        this.httpOnly = data.httpOnly();
        this.domain = data.domain();
        this.path = data.path();
        this.sameSite = data.sameSite();
    }

    /** A new session's cookie from the configured options, with {@code AUTO} values resolved for this request. */
    static SessionCookie fresh(CookieOptions options, boolean secureRequest, Clock clock) {
        long now = clock.millis();
        Long originalMaxAge = null;
        Instant expires = null;
        if (options.maxAge() != null) {
            originalMaxAge = options.maxAge().toMillis();
            expires = Instant.ofEpochMilli(now + originalMaxAge);
        } else if (options.expires() != null) {
            expires = options.expires();
            originalMaxAge = expires.toEpochMilli() - now;
        }
        Boolean secure = options.secure() == null ? null : switch (options.secure()) {
            case TRUE -> true;
            case FALSE -> false;
            case AUTO -> secureRequest;
        };
        Object sameSite = null;
        if (options.sameSite() != null) {
            SameSite resolved = options.sameSite() == SameSite.AUTO
                    ? (secureRequest ? SameSite.NONE : SameSite.LAX) : options.sameSite();
            sameSite = options.sameSiteAsBoolean() ? Boolean.TRUE : resolved.storedForm();
        }
        String priority = options.priority() == null ? null : options.priority().storedForm();
        return new SessionCookie(new CookieData(originalMaxAge, options.partitioned(), priority, expires, secure,
                options.httpOnly(), options.domain(), options.path(), sameSite), clock);
    }

    /** Time remaining until expiry (negative once past), or empty for a browser-session cookie. */
    public Optional<Duration> maxAge() {
        return expires == null ? Optional.empty() : Optional.of(Duration.ofMillis(expires.toEpochMilli() - clock.millis()));
    }

    /** Sets {@code expires = now + maxAge}; {@code null} makes a browser-session cookie. */
    public void setMaxAge(@Nullable Duration maxAge) {
        setExpires(maxAge == null ? null : Instant.ofEpochMilli(clock.millis() + maxAge.toMillis()));
    }

    /** The lifetime the cookie was last given, in milliseconds; empty for a browser-session cookie. */
    public Optional<Duration> originalMaxAge() {
        return originalMaxAge == null ? Optional.empty() : Optional.of(Duration.ofMillis(originalMaxAge));
    }

    /** When the cookie and the session expire; empty for a browser-session cookie. */
    public Optional<Instant> expires() {
        return Optional.ofNullable(expires);
    }

    /** Sets the expiry and, as express-session does, resets {@code originalMaxAge} to the time remaining. */
    public void setExpires(@Nullable Instant expires) {
        this.expires = expires;
        this.originalMaxAge = expires == null ? null : expires.toEpochMilli() - clock.millis();
        changed = true;
    }

    public boolean httpOnly() { return Boolean.TRUE.equals(httpOnly); }

    public void setHttpOnly(boolean httpOnly) { this.httpOnly = httpOnly; changed = true; }

    /** Whether the cookie carries {@code Secure} (and is therefore only sent over secure requests). */
    public boolean secure() { return Boolean.TRUE.equals(secure); }

    public void setSecure(boolean secure) { this.secure = secure; changed = true; }

    public Optional<String> domain() { return Optional.ofNullable(domain); }

    public void setDomain(@Nullable String domain) { this.domain = domain; changed = true; }

    public String path() { return path == null ? CookieOptions.DEFAULT_PATH : path; }

    public void setPath(String path) { this.path = path; changed = true; }

    public boolean partitioned() { return Boolean.TRUE.equals(partitioned); }

    public void setPartitioned(boolean partitioned) { this.partitioned = partitioned; changed = true; }

    /** The SameSite attribute; empty when unset or stored as {@code false}. */
    public Optional<SameSite> sameSite() {
        if (sameSite instanceof Boolean b) {
            return b ? Optional.of(SameSite.STRICT) : Optional.empty();
        }
        return sameSite == null ? Optional.empty() : Optional.of(SameSite.parse((String) sameSite));
    }

    public void setSameSite(@Nullable SameSite sameSite) {
        if (sameSite == SameSite.AUTO) {
            throw new IllegalArgumentException("sameSite AUTO is resolved when a session is created; set STRICT, LAX or NONE");
        }
        this.sameSite = sameSite == null ? null : sameSite.storedForm();
        changed = true;
    }

    public Optional<Priority> priority() {
        return priority == null ? Optional.empty() : Optional.of(Priority.parse(priority));
    }

    public void setPriority(@Nullable Priority priority) {
        this.priority = priority == null ? null : priority.storedForm();
        changed = true;
    }

    /** Moves the expiry to now + originalMaxAge, as express-session does once per request. */
    void resetExpiry() {
        if (originalMaxAge != null) {
            expires = Instant.ofEpochMilli(clock.millis() + originalMaxAge);
        }
    }

    boolean changed() { return changed; }

    void clearChanged() { changed = false; }

    /** The stored form of this cookie, now. */
    public CookieData toData() {
        return new CookieData(originalMaxAge, partitioned, priority, expires, secure, httpOnly, domain, path, sameSite);
    }

    @Override
    public String toString() {
        return "SessionCookie" + toData();
    }
}
