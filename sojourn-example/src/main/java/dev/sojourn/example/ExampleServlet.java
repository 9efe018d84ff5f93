package dev.sojourn.example;

import dev.sojourn.SessionHandle;
import dev.sojourn.servlet.SojournFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The example's routes ({@link ExampleRoutes}) as a servlet: every method of every path goes to the
 * routes through a {@link ServletExchange}. {@link ServletServer} maps it twice: behind
 * {@link SojournFilter} for the app, and alone for {@code /bare}.
 */
final class ExampleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ExampleRoutes.handle(new ServletExchange(req, resp));
    }

    /** {@link ExampleExchange} over the Servlet API; the session handle is {@link SojournFilter}'s. */
    static final class ServletExchange implements ExampleExchange {
        private final HttpServletRequest request;
        private final HttpServletResponse response;

        ServletExchange(HttpServletRequest request, HttpServletResponse response) {
            this.request = request;
            this.response = response;
        }

        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String path() {
            // The servlet is mapped to "/*" or an exact path: the decoded path is servlet path + path info.
            String pathInfo = request.getPathInfo();
            String path = request.getServletPath() + (pathInfo == null ? "" : pathInfo);
            return path.isEmpty() ? "/" : path;
        }

        @Override
        public Optional<SessionHandle> sessionHandle() {
            return SojournFilter.handle(request);
        }

        @Override
        public @Nullable String formField(String name) {
            return request.getParameter(name);
        }

        @Override
        public void setHeader(String name, String value) {
            response.setHeader(name, value);
        }

        @Override
        public void send(int status, String contentType, byte[] body) throws IOException {
            response.setStatus(status);
            response.setContentType(contentType + ";charset=utf-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }

        @Override
        public void sendEmpty(int status) {
            response.setStatus(status);
            response.setContentLength(0);
        }
    }
}
