package dev.sojourn.servlet;

import dev.sojourn.Session;
import dev.sojourn.SessionEngine;
import dev.sojourn.SessionHandle;
import dev.sojourn.SessionOptions;
import dev.sojourn.SessionStoreException;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sojourn session middleware for any Jakarta Servlet 6 container. Register it for the
 * {@code REQUEST} (and, with async servlets that dispatch, {@code ASYNC}) dispatcher types ahead
 * of the application; every request then gets:
 *
 * <ul>
 *   <li>{@code request.getSession()}, {@code getSession(false)}, {@code changeSessionId()} and an
 *       {@link jakarta.servlet.http.HttpSession} view ({@link SojournHttpSession}) backed by Sojourn;</li>
 *   <li>the Sojourn {@link Session} itself through {@link #session(HttpServletRequest)} and
 *       {@link #handle(HttpServletRequest)};</li>
 *   <li>a session stored before the response is committed: plain responses, redirects, errors,
 *       flushes, large bodies and {@code AsyncContext.complete()}.</li>
 * </ul>
 *
 * <p>When the store fails, the request is answered with 500 through the container's error
 * handling, the failure is logged once at error level, and no session id appears in the log.
 */
public final class SojournFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(SojournFilter.class);
    private static final String COMMITTER = SessionCommitter.class.getName();

    private final SessionEngine engine;

    public SojournFilter(SessionEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    public SojournFilter(SessionOptions options) {
        this(SessionEngine.create(options));
    }

    /**
     * The request's session handle (lazy: nothing is loaded until used), or empty when the request
     * did not pass through the filter or lies outside the cookie's path.
     */
    public static Optional<SessionHandle> handle(HttpServletRequest request) {
        Object committer = request.getAttribute(COMMITTER);
        return committer instanceof SessionCommitter c ? Optional.of(c.handle()) : Optional.empty();
    }

    /**
     * The request's Sojourn session, created if needed (stored only once written).
     *
     * @throws IllegalStateException when the request did not pass through the filter
     */
    public static Session session(HttpServletRequest request) {
        return handle(request)
                .orElseThrow(() -> new IllegalStateException("no Sojourn session: the request did not pass through SojournFilter"))
                .session();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        SessionCommitter committer = existingCommitter(request);
        if (committer == null) {
            SessionHandle handle = engine.begin(new ServletExchange(request, response));
            if (handle == null) {
                chain.doFilter(req, res);
                return;
            }
            committer = new SessionCommitter(handle);
            request.setAttribute(COMMITTER, committer);
        }
        CommitGuardResponse guarded = new CommitGuardResponse(response, committer);
        SojournRequest wrapped = new SojournRequest(request, committer, guarded);
        try {
            chain.doFilter(wrapped, guarded);
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new LateCommit(committer));
            } else {
                committer.atEnd();
            }
        } catch (SessionStoreException e) {
            fail(response, e);
        }
    }

    private static @Nullable SessionCommitter existingCommitter(HttpServletRequest request) {
        Object existing = request.getAttribute(COMMITTER);
        return existing instanceof SessionCommitter c ? c : null;
    }

    /** Logs a store failure and answers 500 if the response is not committed yet. */
    static void fail(HttpServletResponse response, SessionStoreException e) throws IOException {
        LOG.error("Session store failure; the request fails with 500: {}", e.toString(), e);
        if (!response.isCommitted()) {
            response.reset();
            response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        }
    }

    /** Stores changes an async request makes after its response was committed by the container (timeouts). */
    private record LateCommit(SessionCommitter committer) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            try {
                committer.atEnd();
            } catch (SessionStoreException e) {
                LOG.error("Session store failure after an async response completed: {}", e.toString(), e);
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
