package dev.sojourn.servlet;

import dev.sojourn.Session;
import dev.sojourn.SessionHandle;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The request as the application sees it: {@code getSession} and friends answered by Sojourn. */
final class SojournRequest extends HttpServletRequestWrapper {
    private final SessionCommitter committer;
    private final CommitGuardResponse response;
    private @Nullable SojournHttpSession view;

    SojournRequest(HttpServletRequest request, SessionCommitter committer, CommitGuardResponse response) {
        super(request);
        this.committer = committer;
        this.response = response;
    }

    private SessionHandle handle() {
        return committer.handle();
    }

    @Override
    public @Nullable HttpSession getSession(boolean create) {
        Optional<Session> session = create ? Optional.of(handle().session()) : handle().existingSession();
        return session.map(this::view).orElse(null);
    }

    @Override
    public HttpSession getSession() {
        return view(handle().session());
    }

    private SojournHttpSession view(Session session) {
        if (view == null || view.unwrap() != session) {
            view = new SojournHttpSession(session, getServletContext());
        }
        return view;
    }

    @Override
    public String changeSessionId() {
        Session session = handle().existingSession()
                .orElseThrow(() -> new IllegalStateException("changeSessionId: the request has no session"));
        session.changeId();
        return session.id();
    }

    @Override
    public @Nullable String getRequestedSessionId() {
        return handle().requestedSessionId().orElse(null);
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        Optional<String> requested = handle().requestedSessionId();
        return requested.isPresent()
                && handle().existingSession().map(s -> s.id().equals(requested.get())).orElse(false);
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return handle().requestedSessionId().isPresent();
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }

    @Override
    public AsyncContext startAsync() {
        return new CommitGuardAsyncContext(super.startAsync(this, response), committer);
    }

    @Override
    public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
        return new CommitGuardAsyncContext(super.startAsync(servletRequest, servletResponse), committer);
    }

    /** The guarded context, so {@code getAsyncContext().complete()} also commits the session first (Javalin does this). */
    @Override
    public AsyncContext getAsyncContext() {
        return new CommitGuardAsyncContext(super.getAsyncContext(), committer);
    }
}
