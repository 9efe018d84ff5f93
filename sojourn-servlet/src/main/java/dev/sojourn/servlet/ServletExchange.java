package dev.sojourn.servlet;

import dev.sojourn.HttpExchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.List;

/** {@link HttpExchange} over a servlet request and response. */
final class ServletExchange implements HttpExchange {
    private final HttpServletRequest request;
    private final HttpServletResponse response;

    ServletExchange(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
    }

    @Override
    public List<String> requestHeaders(String name) {
        return Collections.list(request.getHeaders(name));
    }

    @Override
    public String requestPath() {
        String uri = request.getRequestURI();
        return uri == null || uri.isEmpty() ? "/" : uri;
    }

    @Override
    public boolean isSecure() {
        return request.isSecure();
    }

    /**
     * The connection's own TLS state (Servlet 6 {@code ServletConnection.isSecure()}), which, unlike
     * {@link HttpServletRequest#isSecure()}, ignores the container's forwarded-header handling (e.g.
     * Jetty's {@code ForwardedRequestCustomizer}), so {@code TrustProxy.NEVER} really trusts only TLS.
     */
    @Override
    public boolean isTls() {
        return request.getServletConnection().isSecure();
    }

    @Override
    public void addResponseHeader(String name, String value) {
        response.addHeader(name, value);
    }

    @Override
    public void setResponseHeader(String name, String value) {
        response.setHeader(name, value);
    }
}
