package dev.sojourn.servlet;

import dev.sojourn.SessionStoreException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** An {@link AsyncContext} whose {@link #complete()} commits the session before the response. */
final class CommitGuardAsyncContext implements AsyncContext {
    private final AsyncContext delegate;
    private final SessionCommitter committer;

    CommitGuardAsyncContext(AsyncContext delegate, SessionCommitter committer) {
        this.delegate = delegate;
        this.committer = committer;
    }

    /**
     * Commits the session, then completes. When the store fails (now or at an earlier commit of this
     * request), the response becomes a 500 as in a synchronous request, and the request still
     * completes: an exception here would leave it hanging until the async timeout.
     */
    @Override
    public void complete() {
        try {
            committer.beforeResponseCommit();
        } catch (SessionStoreException e) {
            // remembered by the committer, answered below
        }
        SessionStoreException failure = committer.failure();
        if (failure != null && delegate.getResponse() instanceof HttpServletResponse response) {
            try {
                SojournFilter.fail(response, failure);
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        delegate.complete();
    }

    @Override
    public ServletRequest getRequest() {
        return delegate.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
        return delegate.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return delegate.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
        delegate.dispatch();
    }

    @Override
    public void dispatch(String path) {
        delegate.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext context, String path) {
        delegate.dispatch(context, path);
    }

    @Override
    public void start(Runnable run) {
        delegate.start(run);
    }

    @Override
    public void addListener(AsyncListener listener) {
        delegate.addListener(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest servletRequest, ServletResponse servletResponse) {
        delegate.addListener(listener, servletRequest, servletResponse);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
        return delegate.createListener(clazz);
    }

    @Override
    public void setTimeout(long timeout) {
        delegate.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
        return delegate.getTimeout();
    }
}
