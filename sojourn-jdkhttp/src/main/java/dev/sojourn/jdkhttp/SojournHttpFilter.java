package dev.sojourn.jdkhttp;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import dev.sojourn.Session;
import dev.sojourn.SessionEngine;
import dev.sojourn.SessionHandle;
import dev.sojourn.SessionOptions;
import dev.sojourn.SessionStoreException;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sojourn session middleware for the JDK's built-in HTTP server. Add it to a context's filters:
 *
 * <pre>{@code
 * HttpContext context = server.createContext("/", exchange -> {
 *     Session session = SojournHttpFilter.session(exchange);
 *     Integer views = session.get("views", Integer.class);
 *     session.set("views", views == null ? 1 : views + 1);
 *     byte[] body = ("views: " + session.get("views")).getBytes(StandardCharsets.UTF_8);
 *     exchange.sendResponseHeaders(200, body.length);
 *     try (OutputStream out = exchange.getResponseBody()) {
 *         out.write(body);
 *     }
 * });
 * context.getFilters().add(new SojournHttpFilter(SessionOptions.builder().secret("keyboard cat").build()));
 * }</pre>
 *
 * <p>Every exchange of that context then gets:
 *
 * <ul>
 *   <li>its Sojourn session through {@link #session(HttpExchange)} and {@link #handle(HttpExchange)}
 *       (nothing is loaded until used);</li>
 *   <li>a session stored, and its cookie (or header) added, inside {@code sendResponseHeaders}, before
 *       the headers leave: plain, redirect, error, empty and streamed responses alike;</li>
 *   <li>changes made after the headers stored when the response ends (the response body or the
 *       exchange is closed, or the filter chain returns).</li>
 * </ul>
 *
 * <p>The handler sees a wrapper of the server's exchange (an {@link HttpsExchange} on HTTPS) that
 * passes everything through except {@code sendResponseHeaders}, {@code getResponseBody} and
 * {@code close}. The handle is published as the exchange attribute {@value #HANDLE_ATTRIBUTE} by
 * the wrapper itself, not stored in the server's attributes, which the JDK 17 server shares
 * between all exchanges of a context.
 *
 * <p>A handler that returns without answering may answer later from another thread: the session is
 * committed when that thread sends the headers (or closes the exchange). When the store fails
 * before the headers are sent, the exchange is answered with a bare 500 and the failure is logged
 * once at error level, without the session id. Load-only and creating middleware live side by
 * side naturally: a creating filter on the login context, a load-only one
 * ({@code createOnMissing(false)}) on the others. Thread-safe; one instance may serve many contexts.
 */
public final class SojournHttpFilter extends Filter {
    /** The exchange attribute under which handlers find the request's {@link SessionHandle}. */
    public static final String HANDLE_ATTRIBUTE = "dev.sojourn.SessionHandle";
    private static final Logger LOG = LoggerFactory.getLogger(SojournHttpFilter.class);
    private static final int INTERNAL_SERVER_ERROR = 500;

    private final SessionEngine engine;

    /** A filter for this engine (one engine may back several filters). */
    public SojournHttpFilter(SessionEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** A filter with its own engine for these options. */
    public SojournHttpFilter(SessionOptions options) {
        this(SessionEngine.create(options));
    }

    /**
     * The exchange's session handle (lazy: nothing is loaded until used), or empty when the exchange
     * did not pass through the filter or lies outside the cookie's path.
     */
    public static Optional<SessionHandle> handle(HttpExchange exchange) {
        Object handle = exchange.getAttribute(HANDLE_ATTRIBUTE);
        return handle instanceof SessionHandle h ? Optional.of(h) : Optional.empty();
    }

    /**
     * The exchange's Sojourn session, created if needed (stored only once written).
     *
     * @throws IllegalStateException when the exchange did not pass through the filter, or when the
     *     filter is load-only and the request has no session
     */
    public static Session session(HttpExchange exchange) {
        return handle(exchange)
                .orElseThrow(() -> new IllegalStateException("no Sojourn session: the exchange did not pass through SojournHttpFilter"))
                .session();
    }

    /** {@inheritDoc} */
    @Override
    public String description() {
        return "Sojourn sessions";
    }

    /**
     * Gives the exchange its session handle and passes a wrapper of it down the chain; an exchange
     * that already has a handle (an outer Sojourn filter) or lies outside the cookie's path passes
     * through untouched.
     */
    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (handle(exchange).isPresent()) {
            chain.doFilter(exchange);
            return;
        }
        SessionHandle handle = engine.begin(new ServerExchange(exchange));
        if (handle == null) {
            chain.doFilter(exchange);
            return;
        }
        ResponseGuard guard = new ResponseGuard(exchange, handle);
        HttpExchange wrapped = exchange instanceof HttpsExchange https
                ? new SecureSessionExchange(https, guard)
                : new SessionExchange(exchange, guard);
        try {
            chain.doFilter(wrapped);
            if (guard.responseStarted()) {
                guard.end();
            }
        } catch (SessionStoreException e) {
            fail(exchange, guard, e);
        }
    }

    private static void fail(HttpExchange exchange, ResponseGuard guard, SessionStoreException e) throws IOException {
        LOG.error("Session store failure; the exchange fails with 500: {}", e.toString(), e);
        try {
            if (!guard.headersSent()) {
                exchange.getResponseHeaders().clear();
                exchange.sendResponseHeaders(INTERNAL_SERVER_ERROR, -1);
            }
        } finally {
            exchange.close();
        }
    }
}
