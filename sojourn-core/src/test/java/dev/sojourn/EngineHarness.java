package dev.sojourn;

import dev.sojourn.store.MemoryStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One engine wired for tests: a {@link TestClock}, a {@link CountingStore} over a {@link MemoryStore}
 * on that clock, the secret {@code keyboard cat}, and predictable ids {@code sid-1}, {@code sid-2}, ...
 */
final class EngineHarness {
    static final String SECRET = "keyboard cat";
    static final String START = "2026-11-24T17:00:00Z";

    final TestClock clock = TestClock.at(START);
    final CountingStore store = new CountingStore(MemoryStore.builder().clock(clock).build());
    final AtomicInteger idCounter = new AtomicInteger();
    final SessionEngine engine;
    final CookieSigner signer = new CookieSigner(List.of(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    private EngineHarness(UnaryOperator<SessionOptions.Builder> customise) {
        SessionOptions.Builder builder = SessionOptions.builder()
                .secret(SECRET)
                .clock(clock)
                .store(store)
                .genid(exchange -> "sid-" + idCounter.incrementAndGet());
        this.engine = SessionEngine.create(customise.apply(builder).build());
    }

    static EngineHarness create() {
        return new EngineHarness(b -> b);
    }

    static EngineHarness create(UnaryOperator<SessionOptions.Builder> customise) {
        return new EngineHarness(customise);
    }

    /** The {@code Cookie} header a browser holding session {@code id} sends. */
    String cookieHeader(String id) {
        return "connect.sid=" + UriComponent.encode(signer.sign(id));
    }

    /** A plain request for {@code /} carrying the cookie of session {@code id}. */
    FakeExchange requestWith(String id) {
        return FakeExchange.request().cookie(cookieHeader(id));
    }

    /** Runs one request: begin, the application's work, commit. Returns the exchange to inspect. */
    FakeExchange run(FakeExchange exchange, Consumer<SessionHandle> application) {
        SessionHandle handle = engine.begin(exchange);
        if (handle == null) {
            throw new AssertionError("the engine did not handle path " + exchange.requestPath());
        }
        application.accept(handle);
        handle.commit();
        return exchange;
    }

    /** Stores a session with these attributes through a real request, returns its id, and resets the counts. */
    String seed(Map<String, Object> attributes) {
        FakeExchange exchange = run(FakeExchange.request(), handle -> attributes.forEach(handle.session()::set));
        String id = sessionIdSent(exchange).orElseThrow(() -> new AssertionError("seeding sent no cookie"));
        if (store.delegate().get(id).isEmpty()) {
            throw new AssertionError("seeding stored nothing");
        }
        store.reset();
        return id;
    }

    /** The session id in the response's {@code connect.sid} Set-Cookie, verified; empty when none was sent. */
    Optional<String> sessionIdSent(FakeExchange exchange) {
        List<String> cookies = exchange.setCookies().stream().filter(c -> c.startsWith("connect.sid=")).toList();
        if (cookies.isEmpty()) {
            return Optional.empty();
        }
        if (cookies.size() > 1) {
            throw new AssertionError("more than one session cookie: " + cookies);
        }
        String header = cookies.get(0);
        int semicolon = header.indexOf(';');
        String value = header.substring("connect.sid=".length(), semicolon < 0 ? header.length() : semicolon);
        String decoded = UriComponent.decode(value);
        String id = decoded == null ? null : signer.unsign(decoded);
        if (id == null) {
            throw new AssertionError("the session cookie does not verify: " + header);
        }
        return Optional.of(id);
    }

    /** The stored record of {@code id}, read without counting. */
    Optional<SessionRecord> stored(String id) {
        return store.delegate().get(id);
    }
}
