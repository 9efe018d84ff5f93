package dev.sojourn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.tck.ManualClock;
import dev.sojourn.CookieData;
import dev.sojourn.CookieOptions;
import dev.sojourn.CookieSigner;
import dev.sojourn.SessionJson;
import dev.sojourn.SessionOptions;
import dev.sojourn.SessionRecord;
import dev.sojourn.SessionStore;
import dev.sojourn.store.MemoryStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/**
 * What every scenario suite shares: starting servers through the adapter's {@link AdapterFixture}
 * (stopped after each test), the options the catalogue's tests start from, a frozen
 * {@link ManualClock}, and helpers to read {@code Set-Cookie} lines and stored records. The
 * suites themselves are {@link SessionScenarios} (whose Javadoc maps the whole catalogue) and its
 * siblings; an adapter runs them by subclassing each with its fixture.
 */
public abstract class ScenarioSupport {
    protected static final String SECRET = "keyboard cat";
    protected static final String NAME = "connect.sid";
    /** The catalogue's default cookie lifetime (spec §8: {@code cookie {maxAge: 60000}}). */
    protected static final long MAX_AGE = 60_000;

    private static final DateTimeFormatter EXPIRES =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final List<AdapterFixture.RunningServer> servers = new ArrayList<>();
    /** The clock of every engine and store the helpers build; frozen until a test advances it. */
    protected final ManualClock clock = ManualClock.frozenNow();

    /** The adapter under test. */
    protected abstract AdapterFixture fixture();

    /** Starts a plain server with these options and this application; closed after the test. */
    protected TestClient start(SessionOptions options, ScenarioHandler handler) throws Exception {
        return start(ServerSpec.of(options, handler));
    }

    /** Starts a server for this spec; closed after the test. */
    protected TestClient start(ServerSpec spec) throws Exception {
        AdapterFixture.RunningServer server = fixture().start(spec);
        servers.add(server);
        return new TestClient(server.baseUrl());
    }

    /**
     * The options the catalogue's tests start from: secret {@code keyboard cat}, cookie maxAge
     * 60 s, this store, the test clock, and {@code touchAfter(ZERO)}: express-session touches on
     * every request, and the catalogue counts those touches (Sojourn's default of one minute is
     * tested in core). Sojourn's own defaults otherwise (resave and saveUninitialized false); tests
     * of other values set them explicitly.
     */
    protected SessionOptions.Builder options(SessionStore store) {
        return SessionOptions.builder().secret(SECRET).store(store).clock(clock)
                .touchAfter(Duration.ZERO)
                .cookie(CookieOptions.builder().maxAgeMillis(MAX_AGE).build());
    }

    /** A counting {@link MemoryStore} on the test clock. */
    protected CountingStore newStore() {
        return new CountingStore(MemoryStore.builder().clock(clock).build());
    }

    @AfterEach
    void stopServers() throws Exception {
        for (AdapterFixture.RunningServer server : servers) {
            server.close();
        }
        servers.clear();
    }

    // ---- the usual application ----

    /**
     * The application most scenarios use. By path suffix: {@code /write} sets {@code views} (the
     * {@code v} parameter, default 1) and answers {@code ok}; {@code /read} answers the value of
     * {@code views} without changing anything; {@code /none} never touches the session; anything
     * else uses the session without changing it and answers whether it is new.
     */
    protected static void app(ScenarioExchange ex) throws Exception {
        String path = ex.path();
        if (path.endsWith("/write")) {
            String v = ex.parameter("v");
            ex.session().set("views", v == null ? 1 : Integer.parseInt(v));
            ex.write("ok");
        } else if (path.endsWith("/read")) {
            ex.write(String.valueOf(ex.session().get("views")));
        } else if (path.endsWith("/none")) {
            ex.write("none");
        } else {
            ex.write(ex.session().isNew() ? "new" : "old");
        }
    }

    // ---- reading responses ----

    /** The session cookie line of a response, failing when there is none. */
    protected static String sessionCookie(TestClient.Response response) {
        return sessionCookie(response, NAME);
    }

    protected static String sessionCookie(TestClient.Response response, String name) {
        Optional<String> line = response.setCookie(name);
        assertThat(line).as("Set-Cookie for %s in %s", name, response.setCookies()).isPresent();
        return line.get();
    }

    /** The encoded value of a {@code Set-Cookie} line. */
    protected static String valueOf(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        return pair.substring(pair.indexOf('=') + 1);
    }

    /** The session id carried by a {@code Set-Cookie} line ({@code s:<id>.<sig>}, decoded). */
    protected static String idOf(String setCookie) {
        String signed = URLDecoder.decode(valueOf(setCookie).replace("+", "%2B"), StandardCharsets.UTF_8);
        assertThat(signed).startsWith("s:");
        return signed.substring(2, signed.lastIndexOf('.'));
    }

    /** Whether a {@code Set-Cookie} line carries a flag or attribute, by name, any case. */
    protected static boolean hasAttribute(String setCookie, String attribute) {
        return attribute(setCookie, attribute).isPresent();
    }

    /** The value of an attribute of a {@code Set-Cookie} line ({@code ""} for a flag), by name, any case. */
    protected static Optional<String> attribute(String setCookie, String attribute) {
        String[] parts = setCookie.split(";");
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            if (name.trim().equalsIgnoreCase(attribute)) {
                return Optional.of(eq < 0 ? "" : part.substring(eq + 1).trim());
            }
        }
        return Optional.empty();
    }

    /** The {@code Expires} of a {@code Set-Cookie} line, if any. */
    protected static Optional<Instant> expiresOf(String setCookie) {
        return attribute(setCookie, "Expires").map(text -> ZonedDateTime.parse(text, EXPIRES).toInstant());
    }

    /** An instant as {@code Expires} carries it: whole seconds. */
    protected static Instant toSeconds(Instant instant) {
        return Instant.ofEpochSecond(instant.getEpochSecond());
    }

    /** The test clock's time plus this many milliseconds, as {@code Expires} carries it. */
    protected Instant expiresIn(long millis) {
        return toSeconds(clock.instant().plusMillis(millis));
    }

    // ---- making cookies ----

    /** A cookie value for this id signed with this secret, encoded as express-session sends it. */
    protected static String signedValue(String id, String secret) {
        return encodeUriComponent(new CookieSigner(List.of(secret.getBytes(StandardCharsets.UTF_8))).sign(id));
    }

    /** JavaScript's {@code encodeURIComponent}. */
    protected static String encodeUriComponent(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.!~*'()".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    // ---- reading the store ----

    /** The stored record of a session, failing when there is none. */
    protected static SessionRecord stored(SessionStore store, String id) {
        Optional<SessionRecord> record = store.get(id);
        assertThat(record).as("stored session").isPresent();
        return record.get();
    }

    /** The stored cookie object of a session. */
    protected static CookieData storedCookie(SessionStore store, String id) {
        return stored(store, id).cookie();
    }

    /** The stored JSON text of a session, as express-session's stores write it. */
    protected static String storedJson(SessionStore store, String id) {
        return SessionJson.write(stored(store, id));
    }

    /** A valid express-session cookie object expiring {@code MAX_AGE} from the test clock's now. */
    protected String cookieJson() {
        return "{\"originalMaxAge\":" + MAX_AGE + ",\"expires\":\"" + clock.instant().plusMillis(MAX_AGE)
                + "\",\"httpOnly\":true,\"path\":\"/\"}";
    }
}
