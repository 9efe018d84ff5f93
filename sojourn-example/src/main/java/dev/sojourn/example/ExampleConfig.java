package dev.sojourn.example;

import dev.sojourn.CookieOptions;
import dev.sojourn.CookieSecure;
import dev.sojourn.SameSite;
import dev.sojourn.SessionIdTransport;
import dev.sojourn.SessionOptions;
import dev.sojourn.SessionStore;
import dev.sojourn.TrustProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The example app's settings, read from command-line flags and {@code SOJOURN_*} environment
 * variables by {@link #parse(List, Map)}. A flag given on the command line wins over its variable;
 * a variable wins over the default.
 *
 * @param host the interface to listen on ({@code --host}; default all interfaces)
 * @param port the TCP port ({@code --port}; default 8080, 0 = any free port)
 * @param secrets the signing secrets, first signs ({@code --secret}, repeatable; {@code SOJOURN_SECRET} comma-separated)
 * @param developmentSecret whether {@code secrets} is the built-in, public development secret
 * @param name the cookie name ({@code --name}; default {@code connect.sid})
 * @param maxAgeMillis the cookie max age in ms ({@code --max-age}), or null for a browser-session cookie
 * @param rolling {@code --rolling}
 * @param resave {@code --resave}
 * @param saveUninitialized {@code --save-uninitialized}
 * @param secure {@code --secure true|false|auto}, or null when not given
 * @param sameSite {@code --same-site}: one of {@code strict lax none auto true false}, or null when not given
 * @param store {@code --store}
 * @param adapter {@code --adapter}: the HTTP server and its Sojourn middleware (default {@link Adapter#SERVLET})
 * @param transport {@code --transport}: how the session id travels (default {@link Transport#COOKIE})
 * @param headerName {@code --header-name}: the session id header of {@link Transport#HEADER} and
 *     {@link Transport#BOTH} (default {@value SessionIdTransport#DEFAULT_HEADER})
 * @param touchAfterMillis {@code --touch-after}: ms before an unchanged session is touched again
 *     (default the library's, {@link SessionOptions#DEFAULT_TOUCH_AFTER})
 * @param proxy {@code --proxy}: true trusts {@code X-Forwarded-Proto}, false only TLS, null (default) asks the server
 */
public record ExampleConfig(
        String host,
        int port,
        List<String> secrets,
        boolean developmentSecret,
        String name,
        @Nullable Long maxAgeMillis,
        boolean rolling,
        boolean resave,
        boolean saveUninitialized,
        @Nullable CookieSecure secure,
        @Nullable String sameSite,
        StoreSpec store,
        Adapter adapter,
        Transport transport,
        String headerName,
        long touchAfterMillis,
        @Nullable Boolean proxy) {

    /** The secret used when none is configured. It is public, so cookies signed with it can be forged. */
    public static final String DEVELOPMENT_SECRET = "sojourn-example-INSECURE-development-secret";
    /** The default port. */
    public static final int DEFAULT_PORT = 8080;
    /** The default host: every interface. */
    public static final String DEFAULT_HOST = "0.0.0.0";

    /** The default of {@code --touch-after}: the library's default, {@link SessionOptions#DEFAULT_TOUCH_AFTER}. */
    public static final long DEFAULT_TOUCH_AFTER_MILLIS = SessionOptions.DEFAULT_TOUCH_AFTER.toMillis();

    public ExampleConfig {
        Objects.requireNonNull(host, "host");
        secrets = List.copyOf(secrets);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(headerName, "headerName");
        if (touchAfterMillis < 0) {
            throw new IllegalArgumentException("touchAfterMillis must not be negative; got " + touchAfterMillis);
        }
    }

    /**
     * The settings of the first version of the app (before {@code --adapter}, {@code --transport},
     * {@code --header-name}, {@code --touch-after} and {@code --proxy}): those take their defaults.
     */
    public ExampleConfig(String host, int port, List<String> secrets, boolean developmentSecret, String name,
            @Nullable Long maxAgeMillis, boolean rolling, boolean resave, boolean saveUninitialized,
            @Nullable CookieSecure secure, @Nullable String sameSite, StoreSpec store) {
        this(host, port, secrets, developmentSecret, name, maxAgeMillis, rolling, resave, saveUninitialized, secure,
                sameSite, store, Adapter.SERVLET, Transport.COOKIE, SessionIdTransport.DEFAULT_HEADER,
                DEFAULT_TOUCH_AFTER_MILLIS, null);
    }

    /** {@code --adapter}: which HTTP server runs the routes, each with its own Sojourn middleware. */
    public enum Adapter {
        /** Embedded Jetty 12 (EE10 servlets) with {@code SojournFilter} (sojourn-servlet). */
        SERVLET,
        /** Javalin 7 with {@code SojournPlugin} (sojourn-javalin). */
        JAVALIN,
        /** The JDK's {@code com.sun.net.httpserver} with {@code SojournHttpFilter} (sojourn-jdkhttp). */
        JDK;

        /** The flag's spelling: {@code servlet}, {@code javalin}, {@code jdk}. */
        public String flagValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code --transport}: how the session id travels between client and server. */
    public enum Transport {
        /** A cookie named {@code --name}: {@link SessionIdTransport#cookie(String)}. */
        COOKIE,
        /** A request/response header named {@code --header-name}: {@link SessionIdTransport#header(String)}. */
        HEADER,
        /** Either; the header wins when both are sent and differ: {@link SessionIdTransport#headerOrCookie(String, String)}. */
        BOTH;

        /** The flag's spelling: {@code cookie}, {@code header}, {@code both}. */
        public String flagValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The command-line flags; each is also read from {@code SOJOURN_<FLAG>} (upper case, dashes to underscores). */
    enum Flag {
        PORT("--port", Kind.VALUE, "N", "TCP port to listen on; 0 picks a free one (default " + DEFAULT_PORT + ")"),
        HOST("--host", Kind.VALUE, "ADDR", "interface to listen on (default " + DEFAULT_HOST + ", every interface)"),
        SECRET("--secret", Kind.REPEATABLE, "S",
                "cookie signing secret; repeat to rotate: the first signs, all verify\n"
                        + "(SOJOURN_SECRET may hold several, comma-separated; default: an INSECURE development secret)"),
        NAME("--name", Kind.VALUE, "NAME", "session cookie name (default " + SessionOptions.DEFAULT_NAME + ")"),
        MAX_AGE("--max-age", Kind.VALUE, "MS", "cookie max age in milliseconds (default none: a browser-session cookie)"),
        ROLLING("--rolling", Kind.BOOLEAN, null, "re-send the cookie with a fresh expiry on every response that uses the session"),
        RESAVE("--resave", Kind.BOOLEAN, null, "write an unchanged loaded session back in full on every request"),
        SAVE_UNINITIALIZED("--save-uninitialized", Kind.BOOLEAN, null, "store (and send the cookie of) new sessions nobody wrote to"),
        SECURE("--secure", Kind.VALUE, "true|false|auto", "cookie Secure attribute (default unset: not Secure)"),
        SAME_SITE("--same-site", Kind.VALUE, "strict|lax|none|auto|true|false", "cookie SameSite attribute (default unset); none needs --secure true|auto"),
        STORE("--store", Kind.VALUE, "SPEC", "where sessions live (default file:" + StoreSpec.DEFAULT_FILE_DIRECTORY + "):\n"
                + "  memory                       in this process, lost on restart\n"
                + "  file:PATH                    one file per session in directory PATH\n"
                + "  redis://[[USER]:PASS@]HOST[:PORT][/DB]   Redis (rediss:// for TLS)\n"
                + "  redis-sentinel://HOST[:PORT][,HOST2[:PORT2]][/DB]#MASTER   Redis behind Sentinel\n"
                + "  redis-cluster://HOST1:PORT1[,HOST2:PORT2...]   Redis Cluster seed nodes\n"
                + "  jdbc:postgresql://HOST[:PORT]/DB[?user=U&password=P]   PostgreSQL (connect-pg-simple's table)\n"
                + "  jdbc:mariadb://HOST[:PORT]/DB[?user=U&password=P]      MariaDB or MySQL (express-mysql-session's\n"
                + "                               table; jdbc:mysql:// works too, through the MariaDB driver)\n"
                + "  jdbc:h2:URL                  H2, e.g. jdbc:h2:mem:sessions or jdbc:h2:./sessions\n"
                + "  jdbc:sqlite:FILE             SQLite, e.g. jdbc:sqlite:sessions.db\n"
                + "The example CREATES its sessions table on a JDBC store when it is missing (a real app would\n"
                + "use its migrations), and checks at start-up that Redis or the database answers: a malformed\n"
                + "SPEC exits with status 2, a store that cannot be reached or opened with status 1."),
        ADAPTER("--adapter", Kind.VALUE, "servlet|javalin|jdk",
                "the HTTP server, each with its Sojourn middleware; the routes are the same (default servlet):\n"
                        + "servlet = embedded Jetty 12 + SojournFilter, javalin = Javalin 7 + SojournPlugin,\n"
                        + "jdk = the JDK's com.sun.net.httpserver + SojournHttpFilter"),
        TRANSPORT("--transport", Kind.VALUE, "cookie|header|both",
                "how the session id travels (default cookie): cookie = the cookie --name; header = the header\n"
                        + "--header-name, in requests and in the response that creates or changes the id, no cookie;\n"
                        + "both = either (the header wins when they differ; a new id is sent in both)"),
        HEADER_NAME("--header-name", Kind.VALUE, "NAME",
                "session id header for --transport header|both (default " + SessionIdTransport.DEFAULT_HEADER + ")"),
        TOUCH_AFTER("--touch-after", Kind.VALUE, "MS",
                "after reading an unchanged session, skip the store's touch (expiry refresh) until MS\n"
                        + "milliseconds after its last write or touch (default " + DEFAULT_TOUCH_AFTER_MILLIS
                        + "; 0 touches on every request\nthat uses the session, as express-session does)"),
        PROXY("--proxy", Kind.BOOLEAN, null,
                "true: trust X-Forwarded-Proto from a TLS-terminating proxy (a request is secure when it is TLS or\n"
                        + "the header's first value is https), so --secure true|auto cookies are sent behind it;\n"
                        + "false: only TLS connections are secure; unset (default): ask the server");

        enum Kind { VALUE, REPEATABLE, BOOLEAN }

        final String flag;
        final Kind kind;
        final @Nullable String metavar;
        final String help;

        Flag(String flag, Kind kind, @Nullable String metavar, String help) {
            this.flag = flag;
            this.kind = kind;
            this.metavar = metavar;
            this.help = help;
        }

        /** {@code SOJOURN_MAX_AGE} for {@code --max-age}. */
        String envVar() {
            return "SOJOURN_" + flag.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
        }

        static Optional<Flag> byName(String flag) {
            return Arrays.stream(values()).filter(f -> f.flag.equals(flag)).findFirst();
        }
    }

    /**
     * Where a flag's value came from, as error messages name it: {@code --store} when the command line
     * gives it, {@code --store (SOJOURN_STORE)} when only the environment does.
     */
    static String describeSource(Flag flag, List<String> args, Map<String, String> env) {
        boolean onCommandLine = args.stream().anyMatch(a -> a.equals(flag.flag) || a.startsWith(flag.flag + "="));
        String fromEnv = env.get(flag.envVar());
        if (!onCommandLine && fromEnv != null && !fromEnv.isBlank()) {
            return flag.flag + " (" + flag.envVar() + ")";
        }
        return flag.flag;
    }

    /** Whether the arguments ask for usage ({@code --help} or {@code -h}). */
    public static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    /** The usage text printed by {@code --help}. */
    public static String usage() {
        StringBuilder out = new StringBuilder();
        out.append("Usage: java -jar sojourn-example.jar [flags]\n\n")
                .append("The Sojourn example app: server-side sessions (express-session compatible) on embedded Jetty,\n")
                .append("Javalin or the JDK's HTTP server, stored in memory, files, Redis or a SQL database.\n\n")
                .append("Flags (each also read from the environment variable shown; the command line wins):\n");
        for (Flag f : Flag.values()) {
            String left = f.kind == Flag.Kind.BOOLEAN
                    ? f.flag + "[=true|false]"
                    : f.flag + " " + f.metavar;
            out.append(String.format(Locale.ROOT, "  %-44s %s%n", left, f.envVar()));
            for (String line : f.help.split("\n")) {
                out.append("      ").append(line).append('\n');
            }
        }
        out.append("  --help, -h\n      print this text\n\n")
                .append("Values may follow the flag (--port 8080) or be attached (--port=8080).\n\n")
                .append("Routes:\n")
                .append("  GET  /            HTML page: view count, logged-in user, login and logout forms\n")
                .append("  GET  /bare        'ok' outside the session middleware (benchmark baseline)\n")
                .append("  GET  /plain       'ok' inside the middleware, never touches the session\n")
                .append("  GET  /read        the session's data as JSON ({} without a session); changes nothing\n")
                .append("  GET  /write       increments 'views', answers {\"views\":N}\n")
                .append("  GET  /incr/{key}  increments the counter 'key', answers {\"key\":\"...\",\"value\":N}\n")
                .append("  POST /login       form field 'user': regenerates the session, sets 'user', 303 to /\n")
                .append("  POST /logout      destroys the session, 303 to /\n\n")
                .append("Exit status: 0 after --help; 2 for an unknown flag or a malformed value (--store included);\n")
                .append("1 when the app cannot start: the store cannot be reached or opened, or the port is taken.\n")
                .append("Errors are one line on stderr naming the flag. The app stops on SIGINT/SIGTERM, closing its store.\n");
        return out.toString();
    }

    /**
     * Reads the settings from command-line arguments and environment variables.
     *
     * @param args the command line ({@code --flag value} or {@code --flag=value}; boolean flags alone
     *     mean true and also take {@code =true|false} or a following {@code true|false})
     * @param env the environment, e.g. {@link System#getenv()}; only {@code SOJOURN_*} names are read,
     *     and blank values count as absent
     * @throws UsageException naming the flag when a flag is unknown or a value is bad
     */
    public static ExampleConfig parse(List<String> args, Map<String, String> env) throws UsageException {
        Map<Flag, List<String>> given = new EnumMap<>(Flag.class);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.equals("--")) {
                throw new UsageException(arg.isEmpty() ? "''" : arg,
                        "unexpected argument (flags start with --)");
            }
            int eq = arg.indexOf('=');
            String flagName = eq < 0 ? arg : arg.substring(0, eq);
            @Nullable String inline = eq < 0 ? null : arg.substring(eq + 1);
            Flag flag = Flag.byName(flagName)
                    .orElseThrow(() -> new UsageException(flagName, "unknown flag"));
            String value;
            if (inline != null) {
                value = inline;
            } else if (flag.kind == Flag.Kind.BOOLEAN) {
                String next = i + 1 < args.size() ? args.get(i + 1) : null;
                if (next != null && isBooleanWord(next)) {
                    value = next;
                    i++;
                } else {
                    value = "true";
                }
            } else {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new UsageException(flagName, "missing value (" + flag.metavar + ")");
                }
                value = args.get(++i);
            }
            given.computeIfAbsent(flag, f -> new ArrayList<>()).add(value);
        }
        return new Resolver(given, env).resolve();
    }

    private static boolean isBooleanWord(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.equals("true") || lower.equals("false");
    }

    /** Turns raw flag and variable values into a checked {@link ExampleConfig}. */
    private static final class Resolver {
        private final Map<Flag, List<String>> given;
        private final Map<String, String> env;

        Resolver(Map<Flag, List<String>> given, Map<String, String> env) {
            this.given = given;
            this.env = env;
        }

        /** A value with where it came from, for messages. */
        private record Source(String value, String where) {
        }

        private @Nullable Source source(Flag flag) {
            List<String> values = given.get(flag);
            if (values != null) {
                return new Source(values.get(values.size() - 1), flag.flag);
            }
            String fromEnv = env.get(flag.envVar());
            if (fromEnv != null && !fromEnv.isBlank()) {
                return new Source(fromEnv.trim(), flag.flag + " (" + flag.envVar() + ")");
            }
            return null;
        }

        ExampleConfig resolve() throws UsageException {
            String host = host();
            int port = port();
            List<String> secrets = secrets();
            boolean developmentSecret = secrets.isEmpty();
            if (developmentSecret) {
                secrets = List.of(DEVELOPMENT_SECRET);
            }
            String name = name();
            Long maxAge = maxAge();
            boolean rolling = bool(Flag.ROLLING);
            boolean resave = bool(Flag.RESAVE);
            boolean saveUninitialized = bool(Flag.SAVE_UNINITIALIZED);
            CookieSecure secure = secure();
            String sameSite = sameSite(secure);
            StoreSpec store = store();
            Adapter adapter = choice(Flag.ADAPTER, Adapter.class, Adapter.SERVLET);
            Transport transport = choice(Flag.TRANSPORT, Transport.class, Transport.COOKIE);
            String headerName = headerName();
            long touchAfter = touchAfter();
            Boolean proxy = optionalBool(Flag.PROXY);
            ExampleConfig config = new ExampleConfig(host, port, secrets, developmentSecret, name, maxAge,
                    rolling, resave, saveUninitialized, secure, sameSite, store, adapter, transport, headerName,
                    touchAfter, proxy);
            try {
                config.cookieOptions();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new UsageException("--max-age/--secure/--same-site", e.getMessage());
            }
            return config;
        }

        private String host() throws UsageException {
            Source s = source(Flag.HOST);
            if (s == null) {
                return DEFAULT_HOST;
            }
            if (s.value().isBlank() || s.value().chars().anyMatch(c -> c <= ' ' || c == '/')) {
                throw new UsageException(s.where(), "'" + s.value() + "' is not a host name or address");
            }
            return s.value();
        }

        private int port() throws UsageException {
            Source s = source(Flag.PORT);
            if (s == null) {
                return DEFAULT_PORT;
            }
            try {
                int port = Integer.parseInt(s.value().trim());
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException(s.where(), "'" + s.value() + "' is not a port number (0-65535)");
        }

        private List<String> secrets() throws UsageException {
            List<String> fromFlags = given.get(Flag.SECRET);
            if (fromFlags != null) {
                for (String secret : fromFlags) {
                    if (secret.isEmpty()) {
                        throw new UsageException(Flag.SECRET.flag, "a secret must not be empty");
                    }
                }
                return fromFlags;
            }
            String fromEnv = env.get(Flag.SECRET.envVar());
            if (fromEnv == null || fromEnv.isBlank()) {
                return List.of();
            }
            List<String> secrets = Arrays.stream(fromEnv.split(",", -1)).map(String::trim).collect(Collectors.toList());
            if (secrets.stream().anyMatch(String::isEmpty)) {
                throw new UsageException(Flag.SECRET.flag + " (" + Flag.SECRET.envVar() + ")",
                        "empty secret in the comma-separated list");
            }
            return secrets;
        }

        private String name() throws UsageException {
            Source s = source(Flag.NAME);
            if (s == null) {
                return SessionOptions.DEFAULT_NAME;
            }
            try {
                SessionOptions.builder().name(s.value());
            } catch (IllegalArgumentException e) {
                throw new UsageException(s.where(), "'" + s.value() + "' is not a valid cookie name (RFC 7230 token)");
            }
            return s.value();
        }

        private @Nullable Long maxAge() throws UsageException {
            Source s = source(Flag.MAX_AGE);
            if (s == null) {
                return null;
            }
            try {
                long millis = Long.parseLong(s.value().trim());
                if (millis >= 0) {
                    return millis;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException(s.where(), "'" + s.value() + "' is not a non-negative number of milliseconds");
        }

        private boolean bool(Flag flag) throws UsageException {
            Boolean value = optionalBool(flag);
            return value != null && value;
        }

        /** A boolean flag that distinguishes "not given" (null) from false. */
        private @Nullable Boolean optionalBool(Flag flag) throws UsageException {
            Source s = source(flag);
            if (s == null) {
                return null;
            }
            return switch (s.value().trim().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new UsageException(s.where(), "'" + s.value() + "' is not true or false");
            };
        }

        /** One of an enum's constants, spelled in lower case. */
        private <E extends Enum<E>> E choice(Flag flag, Class<E> type, E defaultValue) throws UsageException {
            Source s = source(flag);
            if (s == null) {
                return defaultValue;
            }
            String value = s.value().trim().toLowerCase(Locale.ROOT);
            for (E constant : type.getEnumConstants()) {
                if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return constant;
                }
            }
            String allowed = Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            throw new UsageException(s.where(), "'" + s.value() + "' is not one of " + allowed);
        }

        private String headerName() throws UsageException {
            Source s = source(Flag.HEADER_NAME);
            if (s == null) {
                return SessionIdTransport.DEFAULT_HEADER;
            }
            String value = s.value().trim();
            try {
                SessionIdTransport.header(value);
            } catch (IllegalArgumentException e) {
                throw new UsageException(s.where(), "'" + s.value() + "' is not a valid header name (RFC 7230 token)");
            }
            return value;
        }

        private long touchAfter() throws UsageException {
            Source s = source(Flag.TOUCH_AFTER);
            if (s == null) {
                return DEFAULT_TOUCH_AFTER_MILLIS;
            }
            try {
                long millis = Long.parseLong(s.value().trim());
                if (millis >= 0) {
                    return millis;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException(s.where(), "'" + s.value() + "' is not a non-negative number of milliseconds");
        }

        private @Nullable CookieSecure secure() throws UsageException {
            Source s = source(Flag.SECURE);
            if (s == null) {
                return null;
            }
            return switch (s.value().trim().toLowerCase(Locale.ROOT)) {
                case "true" -> CookieSecure.TRUE;
                case "false" -> CookieSecure.FALSE;
                case "auto" -> CookieSecure.AUTO;
                default -> throw new UsageException(s.where(), "'" + s.value() + "' is not one of true, false, auto");
            };
        }

        private @Nullable String sameSite(@Nullable CookieSecure secure) throws UsageException {
            Source s = source(Flag.SAME_SITE);
            if (s == null) {
                return null;
            }
            String value = s.value().trim().toLowerCase(Locale.ROOT);
            switch (value) {
                case "strict", "lax", "auto", "true", "false" -> {
                    return value;
                }
                case "none" -> {
                    if (secure != CookieSecure.TRUE && secure != CookieSecure.AUTO) {
                        throw new UsageException(s.where(),
                                "none requires --secure true or --secure auto (browsers reject SameSite=None without Secure)");
                    }
                    return value;
                }
                default -> throw new UsageException(s.where(),
                        "'" + s.value() + "' is not one of strict, lax, none, auto, true, false");
            }
        }

        private StoreSpec store() throws UsageException {
            Source s = source(Flag.STORE);
            if (s == null) {
                return StoreSpec.defaultSpec();
            }
            try {
                return StoreSpec.parse(s.value());
            } catch (IllegalArgumentException e) {
                throw new UsageException(s.where(), e.getMessage());
            }
        }
    }

    /** The cookie options these settings ask for. */
    public CookieOptions cookieOptions() {
        CookieOptions.Builder cookie = CookieOptions.builder();
        if (maxAgeMillis != null) {
            cookie.maxAgeMillis(maxAgeMillis);
        }
        if (secure != null) {
            cookie.secure(secure);
        }
        if (sameSite != null) {
            switch (sameSite) {
                case "true" -> cookie.sameSite(true);
                case "false" -> cookie.sameSite(false);
                default -> cookie.sameSite(SameSite.parse(sameSite));
            }
        }
        return cookie.build();
    }

    /** How the session id travels, as {@code --transport}, {@code --name} and {@code --header-name} ask. */
    public SessionIdTransport idTransport() {
        return switch (transport) {
            case COOKIE -> SessionIdTransport.cookie(name);
            case HEADER -> SessionIdTransport.header(headerName);
            case BOTH -> SessionIdTransport.headerOrCookie(headerName, name);
        };
    }

    /** {@code --proxy}: true {@link TrustProxy#FORWARDED_PROTO}, false {@link TrustProxy#NEVER}, unset {@link TrustProxy#CONTAINER}. */
    public TrustProxy trustProxy() {
        if (proxy == null) {
            return TrustProxy.CONTAINER;
        }
        return proxy ? TrustProxy.FORWARDED_PROTO : TrustProxy.NEVER;
    }

    /** The session options these settings ask for, with this store. */
    public SessionOptions sessionOptions(SessionStore sessionStore) {
        return SessionOptions.builder()
                .name(name)
                .secrets(secrets)
                .cookie(cookieOptions())
                .rolling(rolling)
                .resave(resave)
                .saveUninitialized(saveUninitialized)
                .store(sessionStore)
                .transport(idTransport())
                .touchAfter(Duration.ofMillis(touchAfterMillis))
                .proxy(trustProxy())
                .build();
    }

    /** Never shows the secrets. */
    @Override
    public String toString() {
        return "ExampleConfig{host=" + host + ", port=" + port + ", secrets=" + secrets.size()
                + (developmentSecret ? " (INSECURE development default)" : " (hidden)") + ", name=" + name
                + ", maxAge=" + (maxAgeMillis == null ? "none" : maxAgeMillis + "ms") + ", rolling=" + rolling
                + ", resave=" + resave + ", saveUninitialized=" + saveUninitialized + ", secure=" + secure
                + ", sameSite=" + sameSite + ", store=" + store + ", adapter=" + adapter.flagValue()
                + ", transport=" + transport.flagValue()
                + (transport == Transport.COOKIE ? "" : ", headerName=" + headerName)
                + ", touchAfter=" + touchAfterMillis + "ms, proxy=" + trustProxy() + "}";
    }
}
