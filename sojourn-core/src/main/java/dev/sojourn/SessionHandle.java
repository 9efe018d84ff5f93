package dev.sojourn;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session state of one request, from {@link SessionEngine#begin(HttpExchange)} to
 * {@link #commit()}. Nothing touches the store until the session is first used
 * ({@link #session()}, {@link #existingSession()} or {@link #load()}); a request that never uses
 * it costs no store call at all.
 *
 * <p>The adapter calls {@link #commit()} before the response is committed: it stores what changed
 * and adds the {@code Set-Cookie} (or header) the express-session rules ask for. Thread-safe.
 */
public final class SessionHandle {
    private static final Logger LOG = LoggerFactory.getLogger(SessionHandle.class);

    private final SessionEngine engine;
    private final SessionOptions options;
    private final SessionStore store;
    private final HttpExchange exchange;
    private final CookieOptions cookieOptions;
    private @Nullable String requestedId;
    /** The signed value the client sent, when signing its id again would give the same (first secret). */
    private @Nullable String requestedSignedValue;
    private boolean requestedIdRead;
    private boolean loadAttempted;
    private @Nullable Session session;
    private boolean committed;
    private boolean unsetRequested;
    private @Nullable String unsetId;
    private @Nullable CookieData cookieToClear;
    private @Nullable Boolean secureRequest;

    SessionHandle(SessionEngine engine, HttpExchange exchange, CookieOptions cookieOptions) {
        this.engine = engine;
        this.options = engine.options();
        this.store = options.store();
        this.exchange = exchange;
        this.cookieOptions = cookieOptions;
    }

    /** The verified id the client sent, read and checked on first need (lazy: a request that never uses its session never pays for it). */
    private @Nullable String requestedId() {
        if (!requestedIdRead) {
            // marked read only once reading succeeded: a failure (the request already recycled by
            // the container) must fail again, never pass for "the client sent no id"
            CookieSigner.Verified verified = engine.requestedId(exchange);
            if (verified != null) {
                requestedId = verified.id();
                requestedSignedValue = verified.signedByFirstSecret() ? verified.value() : null;
            }
            requestedIdRead = true;
        }
        return requestedId;
    }

    /**
     * The request's session, loading it on first use and creating a new one when there is none. A
     * new session costs nothing until written: it is stored, and its cookie sent, only when
     * modified (or with {@code saveUninitialized}).
     *
     * @throws IllegalStateException in a load-only engine ({@code createOnMissing(false)}) when there
     *     is no session; use {@link #existingSession()} there
     */
    public synchronized Session session() {
        Session existing = loadIfNeeded();
        if (existing != null) {
            return existing;
        }
        if (!options.createOnMissing()) {
            throw new IllegalStateException("this session middleware is load-only (createOnMissing=false) and the request has no session");
        }
        Instant now = Instant.ofEpochMilli(options.clock().millis());
        session = Session.created(this, newId(), freshCookie(), now);
        return session;
    }

    /** The request's session if one exists (loaded from the store or created earlier in this request); never creates one. */
    public synchronized Optional<Session> existingSession() {
        return Optional.ofNullable(loadIfNeeded());
    }

    /** Loads the session now and reports whether the request has one (lazy-sessions' explicit {@code load()}). */
    public synchronized boolean load() {
        return loadIfNeeded() != null;
    }

    /**
     * Adds {@code by} to an integer attribute of the request's session and returns the new value,
     * like {@link Session#increment}, but without loading a stored session first: one atomic store
     * call ({@link SessionStore#increment}) does the read and the write. When the client has no
     * stored session, a new one is created (and stored at commit) holding {@code by}.
     *
     * @throws IllegalArgumentException when the attribute holds anything but an integer
     * @throws IllegalStateException in a load-only engine when there is no session
     */
    public synchronized long increment(String key, long by) {
        String id = loadAttempted || SessionJson.COOKIE_KEY.equals(key) ? null : requestedId();
        if (id != null) {
            Optional<SessionRecord> record;
            try {
                record = store.increment(id, key, by);
                loadAttempted = true;
            } catch (CorruptSessionException e) {
                loadAttempted = true;
                dropUnreadable(id, e);
                record = Optional.empty();
            }
            if (record.isPresent()) {
                long now = options.clock().millis();
                SessionCookie cookie = new SessionCookie(record.get().cookie(), options.clock());
                session = Session.incremented(this, id, record.get(), cookie, Instant.ofEpochMilli(now));
                return record.get().attributes().get(key).asLong();
            }
        }
        return session().increment(key, by);
    }

    /**
     * A fresh session for this request, as {@link Session#regenerate()} gives, without loading the
     * old one first: the session the client sent is deleted (one store call), and the new one, with a
     * new id and no data, is stored at commit if written. Use it at login.
     *
     * @throws IllegalStateException in a load-only engine
     */
    public synchronized Session regenerate() {
        if (session != null) {
            session.regenerate();
            return session;
        }
        String id = loadAttempted ? null : requestedId();
        if (id != null) {
            store.destroy(id);
        }
        loadAttempted = true;
        return session();
    }

    /** The verified session id the client sent, if any (it may be unknown to the store). */
    public synchronized Optional<String> requestedSessionId() {
        return Optional.ofNullable(requestedId());
    }

    /**
     * Deletes the session the client sent, without loading it, and tells the client to drop its id
     * (lazy-sessions' destroy-by-id). Does nothing when the client sent no valid id.
     */
    public synchronized void destroyRequestedSession() {
        if (session != null) {
            destroy(session);
            return;
        }
        String id = requestedId();
        loadAttempted = true;
        if (id != null) {
            store.destroy(id);
            cookieToClear = clearScope(null);
        }
    }

    /**
     * Drops the session from this request, as assigning {@code req.session = null} does in
     * express-session: with {@link UnsetAction#KEEP} the stored session stays as it was (changes of
     * this request are discarded); with {@link UnsetAction#DESTROY} it is deleted at commit. No cookie
     * is sent either way.
     */
    public synchronized void unset() {
        String requested = requestedId();
        loadAttempted = true;
        unsetRequested = true;
        if (session != null) {
            unsetId = session.isPersisted() ? session.currentId() : requested;
            session.invalidate();
            session = null;
        } else {
            unsetId = requested;
        }
    }

    /** Whether {@link #commit()} has run. */
    public synchronized boolean isCommitted() {
        return committed;
    }

    /**
     * Stores what the request changed and sends the session id when express-session's rules say so
     * (spec §3.5–3.6). Call it before the response is committed. Later calls store changes made
     * after the first (the response can no longer carry a new cookie) and are otherwise no-ops.
     *
     * @throws SessionStoreException when the store fails; the request should fail with it
     */
    public synchronized void commit() {
        if (committed) {
            commitLate();
            return;
        }
        committed = true;
        if (session == null) {
            if (unsetRequested && options.unset() == UnsetAction.DESTROY && unsetId != null) {
                store.destroy(unsetId);
            }
            if (cookieToClear != null) {
                options.transport().clear(exchange, cookieToClear);
            }
            return;
        }
        Session s = session;
        boolean newForResponse = !s.currentId().equals(requestedId());
        s.currentCookie().resetExpiry();
        Session.Changes changes = s.changes();
        boolean cookieChanged = s.currentCookie().changed();
        boolean modified = s.isModified(changes) || (cookieChanged && !newForResponse);
        boolean stored = true;
        if (!s.isPersisted()) {
            if (options.saveUninitialized() || modified) {
                store.set(s.currentId(), s.toRecord(changes));
                s.markSaved(changes);
            }
        } else if (options.resave() && !s.savedExplicitly()) {
            store.set(s.currentId(), s.toRecord(changes));
            s.markSaved(changes);
        } else if (changes.any() || cookieChanged) {
            stored = patch(s, changes);
        } else if (!newForResponse && touchDue(s)) {
            store.touch(s.currentId(), s.currentCookie().toData());
        }
        boolean sendId = newForResponse
                ? options.saveUninitialized() || modified
                : options.rolling() || (s.currentCookie().expires().isPresent() && modified);
        if (sendId && stored) {
            sendId(s);
        } else if (cookieToClear != null) {
            options.transport().clear(exchange, cookieToClear);
        }
    }

    private boolean patch(Session s, Session.Changes changes) {
        SessionDelta delta = new SessionDelta(changes.set(), changes.removed(), s.currentCookie().toData());
        if (store.patch(s.currentId(), delta)) {
            s.markSaved(changes);
            return true;
        }
        LOG.debug("Session {} was deleted by a parallel request; its changes in this request are dropped",
                SessionIds.redact(s.currentId()));
        s.markNotPersisted();
        return false;
    }

    private void sendId(Session s) {
        CookieData cookie = s.currentCookie().toData();
        if (Boolean.TRUE.equals(cookie.secure()) && !isSecureRequest()) {
            LOG.debug("Not sending the Secure session cookie over an insecure request (see the proxy option)");
            return;
        }
        String signed = requestedSignedValue != null && s.currentId().equals(requestedId)
                ? requestedSignedValue
                : engine.signer().sign(s.currentId());
        options.transport().write(exchange, signed, cookie);
    }

    private void commitLate() {
        Session s = session;
        if (s == null || !s.isValid()) {
            return;
        }
        Session.Changes changes = s.changes();
        if (!changes.any()) {
            return;
        }
        if (s.isPersisted()) {
            LOG.debug("Session {} changed after the response was committed; storing the change", SessionIds.redact(s.currentId()));
            patch(s, changes);
        } else {
            LOG.warn("A session created after the response was committed is not stored: the client can no longer learn its id");
        }
    }

    private boolean touchDue(Session s) {
        if (options.touchAfter().isZero()) {
            return true;
        }
        CookieData loaded = s.loadedCookie();
        if (loaded == null || loaded.expires() == null || loaded.originalMaxAge() == null) {
            return true;
        }
        long lastWrite = loaded.expires().toEpochMilli() - loaded.originalMaxAge();
        long interval = Math.min(options.touchAfter().toMillis(), loaded.originalMaxAge() / 2);
        return options.clock().millis() - lastWrite >= interval;
    }

    private @Nullable Session loadIfNeeded() {
        if (loadAttempted) {
            return session;
        }
        // marked attempted only once the id was read and the store answered: a failure fails this
        // use of the session and the next, and never passes for "the client has no session"
        String id = requestedId();
        if (id == null) {
            loadAttempted = true;
            return null;
        }
        Optional<SessionRecord> record;
        try {
            record = store.get(id);
            loadAttempted = true;
        } catch (CorruptSessionException e) {
            loadAttempted = true;
            dropUnreadable(id, e);
            return null;
        }
        long now = options.clock().millis();
        if (record.isEmpty()) {
            LOG.debug("Session {} is not in the store; a new session will be created if needed", SessionIds.redact(id));
            return null;
        }
        if (record.get().isExpiredAt(now)) {
            LOG.debug("Session {} has expired", SessionIds.redact(id));
            deleteQuietly(id);
            return null;
        }
        SessionCookie cookie = new SessionCookie(record.get().cookie(), options.clock());
        session = Session.loaded(this, id, record.get(), cookie, Instant.ofEpochMilli(now));
        return session;
    }

    private void dropUnreadable(String id, CorruptSessionException e) {
        LOG.warn("Stored session {} is unreadable and is treated as absent: {}", SessionIds.redact(id), e.getMessage());
        deleteQuietly(id);
    }

    private void deleteQuietly(String id) {
        try {
            store.destroy(id);
        } catch (RuntimeException e) {
            LOG.debug("Could not delete session {}: {}", SessionIds.redact(id), e.toString());
        }
    }

    // ---- called by Session with this lock held ----

    void regenerate(Session s) {
        if (s.isPersisted()) {
            store.destroy(s.currentId());
        }
        s.renew(newId(), freshCookie(), false);
    }

    void changeId(Session s) {
        if (s.isPersisted()) {
            store.destroy(s.currentId());
        }
        s.renew(newId(), null, true);
    }

    void destroy(Session s) {
        if (s.isPersisted()) {
            store.destroy(s.currentId());
        }
        if (requestedId() != null) {
            cookieToClear = clearScope(s.currentCookie().toData());
        }
        s.invalidate();
        session = null;
    }

    void reload(Session s) {
        Optional<SessionRecord> record = store.get(s.currentId());
        if (record.isEmpty() || record.get().isExpiredAt(options.clock().millis())) {
            throw new SessionNotFoundException("failed to load session " + SessionIds.redact(s.currentId()));
        }
        s.replaceWith(record.get(), new SessionCookie(record.get().cookie(), options.clock()));
    }

    Optional<SessionRecord> storeIncrement(Session s, String key, long by) {
        return store.increment(s.currentId(), key, by);
    }

    void save(Session s) {
        Session.Changes changes = s.changes();
        if (!s.isPersisted()) {
            store.set(s.currentId(), s.toRecord(changes));
            s.markSaved(changes);
        } else {
            patch(s, changes);
        }
        s.markSavedExplicitly();
    }

    ObjectMapper objectMapper() {
        return options.objectMapper();
    }

    private CookieData clearScope(@Nullable CookieData sessionCookie) {
        return sessionCookie != null ? sessionCookie : SessionCookie.fresh(cookieOptions, isSecureRequest(), options.clock()).toData();
    }

    private boolean isSecureRequest() {
        if (secureRequest == null) {
            secureRequest = options.proxy().isSecure(exchange);
        }
        return secureRequest;
    }

    private SessionCookie freshCookie() {
        return SessionCookie.fresh(cookieOptions, isSecureRequest(), options.clock());
    }

    private String newId() {
        String id;
        try {
            id = options.genid().generate(exchange);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the session id generator (genid) failed", e);
        }
        if (id == null || id.isEmpty()) {
            throw new IllegalStateException("the session id generator (genid) returned " + (id == null ? "null" : "an empty id"));
        }
        return id;
    }
}
