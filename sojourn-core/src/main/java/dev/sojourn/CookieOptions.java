package dev.sojourn;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The attributes given to the cookie of every new session: express-session's {@code cookie}
 * option. Immutable; build with {@link #builder()}. Defaults are express-session's: path
 * {@code /}, HttpOnly, no {@code Expires} (a browser-session cookie), and no Domain, Secure,
 * SameSite, Partitioned or Priority.
 *
 * <p>As in express-session, these options shape sessions created afterwards; a stored session
 * keeps the cookie attributes it was created with.
 */
public final class CookieOptions {

    /** The default cookie path. */
    public static final String DEFAULT_PATH = "/";

    private static final Pattern DOMAIN = Pattern.compile(
            "^\\.?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PATH = Pattern.compile("^[\\u0020-\\u003A\\u003C-\\u007E]*$");

    private final @Nullable String domain;
    private final @Nullable Instant expires;
    private final boolean httpOnly;
    private final @Nullable Duration maxAge;
    private final @Nullable Boolean partitioned;
    private final String path;
    private final @Nullable Priority priority;
    private final @Nullable SameSite sameSite;
    private final boolean sameSiteAsBoolean;
    private final @Nullable CookieSecure secure;

    private CookieOptions(Builder b) {
        this.domain = b.domain;
        this.expires = b.expires;
        this.httpOnly = b.httpOnly;
        this.maxAge = b.maxAge;
        this.partitioned = b.partitioned;
        this.path = b.path;
        this.priority = b.priority;
        this.sameSite = b.sameSite;
        this.sameSiteAsBoolean = b.sameSiteAsBoolean;
        this.secure = b.secure;
    }

    /** A builder with express-session's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: {@code builder().build()}. */
    public static CookieOptions defaults() {
        return builder().build();
    }

    /** A builder pre-filled with these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.domain = domain;
        b.expires = expires;
        b.httpOnly = httpOnly;
        b.maxAge = maxAge;
        b.partitioned = partitioned;
        b.path = path;
        b.priority = priority;
        b.sameSite = sameSite;
        b.sameSiteAsBoolean = sameSiteAsBoolean;
        b.secure = secure;
        return b;
    }

    public @Nullable String domain() { return domain; }
    public @Nullable Instant expires() { return expires; }
    public boolean httpOnly() { return httpOnly; }
    public @Nullable Duration maxAge() { return maxAge; }
    public @Nullable Boolean partitioned() { return partitioned; }
    public String path() { return path; }
    public @Nullable Priority priority() { return priority; }
    public @Nullable SameSite sameSite() { return sameSite; }
    public @Nullable CookieSecure secure() { return secure; }

    /** Whether {@code sameSite} was given as the boolean {@code true} (stored as {@code true}, as Node does). */
    boolean sameSiteAsBoolean() { return sameSiteAsBoolean; }

    @Override
    public String toString() {
        return "CookieOptions{domain=" + domain + ", expires=" + expires + ", httpOnly=" + httpOnly
                + ", maxAge=" + maxAge + ", partitioned=" + partitioned + ", path=" + path
                + ", priority=" + priority + ", sameSite=" + sameSite + ", secure=" + secure + "}";
    }

    /** Builds {@link CookieOptions}; each setter checks its argument, {@link #build()} the combination. */
    public static final class Builder {
        private @Nullable String domain;
        private @Nullable Instant expires;
        private boolean httpOnly = true;
        private @Nullable Duration maxAge;
        private @Nullable Boolean partitioned;
        private String path = DEFAULT_PATH;
        private @Nullable Priority priority;
        private @Nullable SameSite sameSite;
        private boolean sameSiteAsBoolean;
        private @Nullable CookieSecure secure;

        private Builder() {
        }

        /** {@code Domain}; default none (host-only cookie). */
        public Builder domain(@Nullable String domain) {
            if (domain != null && !DOMAIN.matcher(domain).matches()) {
                throw new IllegalArgumentException("cookie domain is not a valid host name: '" + domain + "'");
            }
            this.domain = domain;
            return this;
        }

        /**
         * A fixed expiry for every new session's cookie; default none. Prefer {@link #maxAge(Duration)}.
         * Cannot be combined with {@code maxAge}.
         */
        public Builder expires(@Nullable Instant expires) {
            this.expires = expires;
            return this;
        }

        /** {@code HttpOnly}; default {@code true}. */
        public Builder httpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
            return this;
        }

        /**
         * The cookie's lifetime, which also bounds the stored session's; default none: a browser-session
         * cookie (the store then applies its own default lifetime). Must not be negative.
         */
        public Builder maxAge(@Nullable Duration maxAge) {
            if (maxAge != null && maxAge.isNegative()) {
                throw new IllegalArgumentException("cookie maxAge must not be negative; got " + maxAge);
            }
            this.maxAge = maxAge;
            return this;
        }

        /** {@link #maxAge(Duration)} in milliseconds, as express-session takes it. */
        public Builder maxAgeMillis(long maxAgeMillis) {
            if (maxAgeMillis < 0) {
                throw new IllegalArgumentException("cookie maxAge must not be negative; got " + maxAgeMillis + " ms");
            }
            return maxAge(Duration.ofMillis(maxAgeMillis));
        }

        /** {@code Partitioned} (CHIPS); default unset. */
        public Builder partitioned(boolean partitioned) {
            this.partitioned = partitioned;
            return this;
        }

        /**
         * {@code Path}; default {@code /}. Requests whose path does not start with it get no session,
         * as in express-session.
         */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            if (path.isEmpty() || !PATH.matcher(path).matches()) {
                throw new IllegalArgumentException(
                        "cookie path must be non-empty printable ASCII without ';'; got '" + path + "'");
            }
            this.path = path;
            return this;
        }

        /** {@code Priority}; default unset. */
        public Builder priority(@Nullable Priority priority) {
            this.priority = priority;
            return this;
        }

        /** {@code SameSite}; default unset (browsers then apply Lax). */
        public Builder sameSite(@Nullable SameSite sameSite) {
            this.sameSite = sameSite;
            this.sameSiteAsBoolean = false;
            return this;
        }

        /** express-session's boolean form: {@code true} is {@code Strict}, {@code false} is unset. */
        public Builder sameSite(boolean strict) {
            this.sameSite = strict ? SameSite.STRICT : null;
            this.sameSiteAsBoolean = strict;
            return this;
        }

        /** {@code Secure}: {@code TRUE}, {@code FALSE} or {@code AUTO}; default unset (not secure). */
        public Builder secure(@Nullable CookieSecure secure) {
            this.secure = secure;
            return this;
        }

        /**
         * Checks the combination and builds.
         *
         * @throws IllegalStateException when both maxAge and expires are set, or when SameSite=None is
         *     asked for a cookie that can never be Secure (browsers reject such cookies)
         */
        public CookieOptions build() {
            if (maxAge != null && expires != null) {
                throw new IllegalStateException("cookie: set either maxAge or expires, not both");
            }
            if (sameSite == SameSite.NONE && (secure == null || secure == CookieSecure.FALSE)) {
                throw new IllegalStateException(
                        "cookie sameSite NONE requires secure TRUE or AUTO: browsers reject SameSite=None without Secure");
            }
            return new CookieOptions(this);
        }
    }
}
