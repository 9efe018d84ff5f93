package dev.sojourn.jdkhttp;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpsExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * {@link SessionExchange} for HTTPS: still an {@link HttpsExchange}, so handlers that ask for the
 * {@link SSLSession} keep working behind the filter.
 */
final class SecureSessionExchange extends HttpsExchange {
    private final HttpsExchange delegate;
    private final ResponseGuard guard;

    SecureSessionExchange(HttpsExchange delegate, ResponseGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    /** Commits the session, then sends the headers. */
    @Override
    public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
        guard.sendResponseHeaders(rCode, responseLength);
    }

    @Override
    public OutputStream getResponseBody() {
        return guard.responseBody();
    }

    /** Stores what changed after the headers (or commits, if they were never sent), then closes. */
    @Override
    public void close() {
        guard.close();
    }

    /** The session handle under {@link SojournHttpFilter#HANDLE_ATTRIBUTE}; anything else from the exchange. */
    @Override
    public @Nullable Object getAttribute(String name) {
        return SojournHttpFilter.HANDLE_ATTRIBUTE.equals(name) ? guard.handle() : delegate.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, @Nullable Object value) {
        delegate.setAttribute(name, value);
    }

    @Override
    public Headers getRequestHeaders() {
        return delegate.getRequestHeaders();
    }

    @Override
    public Headers getResponseHeaders() {
        return delegate.getResponseHeaders();
    }

    @Override
    public URI getRequestURI() {
        return delegate.getRequestURI();
    }

    @Override
    public String getRequestMethod() {
        return delegate.getRequestMethod();
    }

    @Override
    public HttpContext getHttpContext() {
        return delegate.getHttpContext();
    }

    @Override
    public InputStream getRequestBody() {
        return delegate.getRequestBody();
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return delegate.getRemoteAddress();
    }

    @Override
    public int getResponseCode() {
        return delegate.getResponseCode();
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return delegate.getLocalAddress();
    }

    @Override
    public String getProtocol() {
        return delegate.getProtocol();
    }

    @Override
    public void setStreams(@Nullable InputStream i, @Nullable OutputStream o) {
        delegate.setStreams(i, o);
    }

    @Override
    public @Nullable HttpPrincipal getPrincipal() {
        return delegate.getPrincipal();
    }

    @Override
    public SSLSession getSSLSession() {
        return delegate.getSSLSession();
    }
}
