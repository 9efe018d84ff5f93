package dev.sojourn;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session middleware, framework-neutral: adapters call {@link #begin(HttpExchange)} when a
 * request arrives and {@link SessionHandle#commit()} before its response is committed. One engine
 * serves every request of an application; it is immutable and thread-safe, and holds nothing per
 * session between requests.
 */
public final class SessionEngine {
    /** Signed values longer than this are ignored without being verified. */
    static final int MAX_SIGNED_VALUE_LENGTH = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(SessionEngine.class);

    private final SessionOptions options;
    private final CookieSigner signer;

    private SessionEngine(SessionOptions options) {
        this.options = options;
        this.signer = new CookieSigner(options.secrets());
    }

    /** An engine for these options. */
    public static SessionEngine create(SessionOptions options) {
        return new SessionEngine(Objects.requireNonNull(options, "options"));
    }

    public SessionOptions options() {
        return options;
    }

    CookieSigner signer() {
        return signer;
    }

    /**
     * Starts a request, at no cost: the session id is read and verified (no store I/O) when the
     * session is first used, so a request that never uses it does not even pay for the HMAC. Returns
     * {@code null} when the request's path is outside the cookie's path: express-session then does
     * nothing at all, and neither should the adapter.
     */
    public @Nullable SessionHandle begin(HttpExchange exchange) {
        CookieOptions cookie = options.cookie(exchange);
        String path = exchange.requestPath();
        if (!(path.isEmpty() ? "/" : path).startsWith(cookie.path())) {
            return null;
        }
        return new SessionHandle(this, exchange, cookie);
    }

    /** The verified id the request carries, or null; called by the handle when the id is first needed. */
    CookieSigner.@Nullable Verified requestedId(HttpExchange exchange) {
        String signed = options.transport().read(exchange);
        if (signed == null) {
            return null;
        }
        if (signed.length() > MAX_SIGNED_VALUE_LENGTH) {
            LOG.debug("Ignoring a session id of {} characters: longer than {}", signed.length(), MAX_SIGNED_VALUE_LENGTH);
            return null;
        }
        CookieSigner.Verified verified = signer.verify(signed);
        if (verified == null || verified.id().isEmpty()) {
            LOG.debug("Ignoring a session id that is unsigned or whose signature no secret verifies");
            return null;
        }
        return verified;
    }
}
