package dev.sojourn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sojourn.store.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Everything that configures a {@link SessionEngine}: express-session's options (spec §3.1) and
 * Sojourn's extras. Immutable and thread-safe; build with {@link #builder()}, derive with
 * {@link #toBuilder()}.
 *
 * <p>Defaults follow express-session except {@code resave} and {@code saveUninitialized}, which
 * are {@code false} (express-session's own documentation deprecates its {@code true} defaults).
 */
public final class SessionOptions {
    /** express-session's default cookie name. */
    public static final String DEFAULT_NAME = "connect.sid";
    /**
     * The default {@code touchAfter}: an unchanged session is touched in the store at most once a
     * minute (and at least twice per cookie lifetime), so read-only requests cost one store read.
     */
    public static final Duration DEFAULT_TOUCH_AFTER = Duration.ofMinutes(1);

    private final String name;
    private final List<byte[]> secrets;
    private final Function<HttpExchange, CookieOptions> cookie;
    private final SessionIdGenerator genid;
    private final TrustProxy proxy;
    private final boolean resave;
    private final boolean rolling;
    private final boolean saveUninitialized;
    private final UnsetAction unset;
    private final SessionStore store;
    private final Duration touchAfter;
    private final boolean createOnMissing;
    private final SessionIdTransport transport;
    private final ObjectMapper objectMapper;
    private final Clock clock;
    private final Builder source;

    private SessionOptions(Builder b, SessionStore store, SessionIdTransport transport, ObjectMapper mapper) {
        this.name = b.name;
        this.secrets = List.copyOf(b.secrets);
        this.cookie = b.cookie;
        this.genid = b.genid;
        this.proxy = b.proxy;
        this.resave = b.resave;
        this.rolling = b.rolling;
        this.saveUninitialized = b.saveUninitialized;
        this.unset = b.unset;
        this.store = store;
        this.touchAfter = b.touchAfter;
        this.createOnMissing = b.createOnMissing;
        this.transport = transport;
        this.objectMapper = mapper;
        this.clock = b.clock;
        this.source = b.copy();
        this.source.store = store;
    }

    /** A builder with the defaults; a secret must still be given. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with these options (and this store). */
    public Builder toBuilder() {
        return source.copy();
    }

    public String name() { return name; }

    /** The secrets, first signs; copies. */
    public List<byte[]> secrets() { return secrets.stream().map(byte[]::clone).toList(); }

    /** The cookie options for a request. */
    public CookieOptions cookie(HttpExchange exchange) {
        return Objects.requireNonNull(cookie.apply(exchange), "the cookie option function returned null");
    }

    public SessionIdGenerator genid() { return genid; }
    public TrustProxy proxy() { return proxy; }
    public boolean resave() { return resave; }
    public boolean rolling() { return rolling; }
    public boolean saveUninitialized() { return saveUninitialized; }
    public UnsetAction unset() { return unset; }
    public SessionStore store() { return store; }
    public Duration touchAfter() { return touchAfter; }
    public boolean createOnMissing() { return createOnMissing; }
    public SessionIdTransport transport() { return transport; }
    public ObjectMapper objectMapper() { return objectMapper; }
    public Clock clock() { return clock; }

    /**
     * The default mapper for attribute values: Jackson with java.time support, dates as ISO strings (as
     * Node's JSON), refusing JDK objects that have no JSON form (a {@code Thread}, an exception…).
     */
    public static ObjectMapper defaultObjectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    @Override
    public String toString() {
        return "SessionOptions{name=" + name + ", secrets=" + secrets.size() + " (hidden), proxy=" + proxy
                + ", resave=" + resave + ", rolling=" + rolling + ", saveUninitialized=" + saveUninitialized
                + ", unset=" + unset + ", store=" + store.getClass().getSimpleName() + ", touchAfter=" + touchAfter
                + ", createOnMissing=" + createOnMissing + ", transport=" + transport + "}";
    }

    /**
     * Builds {@link SessionOptions}. Each setter checks its own argument at once
     * ({@link IllegalArgumentException} naming the option); {@link #build()} checks what depends on
     * several ({@link IllegalStateException}).
     */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private List<byte[]> secrets = new ArrayList<>();
        private Function<HttpExchange, CookieOptions> cookie = fixed(CookieOptions.defaults());
        private SessionIdGenerator genid = SessionIdGenerator.secureRandom();
        private TrustProxy proxy = TrustProxy.CONTAINER;
        private boolean resave;
        private boolean rolling;
        private boolean saveUninitialized;
        private UnsetAction unset = UnsetAction.KEEP;
        private @Nullable SessionStore store;
        private Duration touchAfter = DEFAULT_TOUCH_AFTER;
        private boolean createOnMissing = true;
        private @Nullable SessionIdTransport transport;
        private @Nullable ObjectMapper objectMapper;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.name = name;
            b.secrets = new ArrayList<>(secrets);
            b.cookie = cookie;
            b.genid = genid;
            b.proxy = proxy;
            b.resave = resave;
            b.rolling = rolling;
            b.saveUninitialized = saveUninitialized;
            b.unset = unset;
            b.store = store;
            b.touchAfter = touchAfter;
            b.createOnMissing = createOnMissing;
            b.transport = transport;
            b.objectMapper = objectMapper;
            b.clock = clock;
            return b;
        }

        private static Function<HttpExchange, CookieOptions> fixed(CookieOptions options) {
            return exchange -> options;
        }

        /** The cookie's name; default {@code connect.sid}. Must be an RFC 7230 token. */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (!CookieTransport.TOKEN.matcher(name).matches()) {
                throw new IllegalArgumentException("name must be a valid cookie name (RFC 7230 token); got '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /**
         * The secrets that sign the session id; required. The first signs new cookies; all verify, so
         * rotating means putting the new secret first and keeping the old ones after it.
         */
        public Builder secret(String first, String... more) {
            List<String> all = new ArrayList<>();
            all.add(first);
            all.addAll(Arrays.asList(more));
            return secrets(all);
        }

        /** {@link #secret(String, String...)} from a list, which must not be empty. */
        public Builder secrets(List<String> secrets) {
            Objects.requireNonNull(secrets, "secrets");
            if (secrets.isEmpty()) {
                throw new IllegalArgumentException("secret list must not be empty");
            }
            List<byte[]> bytes = new ArrayList<>();
            for (String secret : secrets) {
                if (secret == null || secret.isEmpty()) {
                    throw new IllegalArgumentException("secret must not be null or empty");
                }
                bytes.add(secret.getBytes(StandardCharsets.UTF_8));
            }
            this.secrets = bytes;
            return this;
        }

        /** Binary secrets (Node's {@code Buffer} secrets), first signs. */
        public Builder secretBytes(List<byte[]> secrets) {
            Objects.requireNonNull(secrets, "secrets");
            if (secrets.isEmpty()) {
                throw new IllegalArgumentException("secret list must not be empty");
            }
            List<byte[]> copies = new ArrayList<>();
            for (byte[] secret : secrets) {
                if (secret == null || secret.length == 0) {
                    throw new IllegalArgumentException("secret must not be null or empty");
                }
                copies.add(secret.clone());
            }
            this.secrets = copies;
            return this;
        }

        /** The cookie attributes of new sessions; default {@link CookieOptions#defaults()}. */
        public Builder cookie(CookieOptions cookie) {
            this.cookie = fixed(Objects.requireNonNull(cookie, "cookie"));
            return this;
        }

        /**
         * Cookie attributes computed per request (express-session's function form). Unlike Node,
         * {@code AUTO} values in the result are resolved too.
         */
        public Builder cookie(Function<HttpExchange, CookieOptions> cookiePerRequest) {
            this.cookie = Objects.requireNonNull(cookiePerRequest, "cookie");
            return this;
        }

        /** The id generator; default {@link SessionIdGenerator#secureRandom()}. */
        public Builder genid(SessionIdGenerator genid) {
            this.genid = Objects.requireNonNull(genid, "genid");
            return this;
        }

        /** When a request is secure; default {@link TrustProxy#CONTAINER}. */
        public Builder proxy(TrustProxy proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        /** Write an unchanged loaded session back in full on every request; default {@code false}. */
        public Builder resave(boolean resave) {
            this.resave = resave;
            return this;
        }

        /** Send the cookie (with a fresh expiry) on every response that uses the session; default {@code false}. */
        public Builder rolling(boolean rolling) {
            this.rolling = rolling;
            return this;
        }

        /** Store (and send the cookie of) new sessions nobody wrote to; default {@code false}. */
        public Builder saveUninitialized(boolean saveUninitialized) {
            this.saveUninitialized = saveUninitialized;
            return this;
        }

        /** What {@link SessionHandle#unset()} does to the stored session; default {@link UnsetAction#KEEP}. */
        public Builder unset(UnsetAction unset) {
            this.unset = Objects.requireNonNull(unset, "unset");
            return this;
        }

        /** Where sessions live; default a new {@link MemoryStore} with its defaults. */
        public Builder store(SessionStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Skip the store {@code touch} of an unchanged session until this long after its last write or
         * touch (connect-mongo's {@code touchAfter}); default {@link #DEFAULT_TOUCH_AFTER one minute}.
         * The interval is capped at half the cookie's lifetime, so an active session never expires for
         * want of a touch. A session whose cookie has no expiry (browser-session cookie) carries no
         * record of its last write and is touched on every request that uses it. {@link Duration#ZERO}
         * touches on every request, as express-session does.
         */
        public Builder touchAfter(Duration touchAfter) {
            Objects.requireNonNull(touchAfter, "touchAfter");
            if (touchAfter.isNegative()) {
                throw new IllegalArgumentException("touchAfter must not be negative; got " + touchAfter);
            }
            this.touchAfter = touchAfter;
            return this;
        }

        /**
         * Whether a request without a valid session may get a new one; default {@code true}. {@code false}
         * is a load-only engine (connect-session's {@code generateOnMissingSID: false}).
         */
        public Builder createOnMissing(boolean createOnMissing) {
            this.createOnMissing = createOnMissing;
            return this;
        }

        /** How the id travels; default a cookie named {@link #name(String)}. */
        public Builder transport(SessionIdTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** The Jackson mapper for attribute values; default {@link SessionOptions#defaultObjectMapper()}. */
        public Builder objectMapper(ObjectMapper objectMapper) {
            this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
            return this;
        }

        /** The clock for expiry; default the system UTC clock. Tests inject their own. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalStateException when no secret was given
         */
        public SessionOptions build() {
            if (secrets.isEmpty()) {
                throw new IllegalStateException(
                        "secret is required: call secret(...) with at least one non-empty secret (the first signs, all verify)");
            }
            SessionStore chosenStore = store != null ? store : MemoryStore.builder().clock(clock).build();
            SessionIdTransport chosenTransport = transport != null ? transport : SessionIdTransport.cookie(name);
            ObjectMapper mapper = objectMapper != null ? objectMapper : defaultObjectMapper();
            return new SessionOptions(this, chosenStore, chosenTransport, mapper);
        }
    }
}
