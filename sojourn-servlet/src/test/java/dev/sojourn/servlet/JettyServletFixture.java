package dev.sojourn.servlet;

import dev.sojourn.SessionHandle;
import dev.sojourn.SessionOptions;
import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.ScenarioExchange;
import dev.sojourn.testing.ScenarioHandler;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/** Runs scenarios on a real Jetty 12 (EE10, Servlet 6) server with {@link SojournFilter} in front. */
final class JettyServletFixture implements AdapterFixture {

    @Override
    public RunningServer start(SessionOptions options, ScenarioHandler handler) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new SojournFilter(options)), "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        context.addServlet(new ServletHolder(new ScenarioServlet(handler)), "/*");
        server.setHandler(context);
        server.start();
        String baseUrl = "http://127.0.0.1:" + connector.getLocalPort();
        return new RunningServer() {
            @Override
            public String baseUrl() {
                return baseUrl;
            }

            @Override
            public void close() throws Exception {
                server.stop();
            }
        };
    }

    /** Adapts every request to the scenario's handler. */
    static final class ScenarioServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient ScenarioHandler handler;

        ScenarioServlet(ScenarioHandler handler) {
            this.handler = handler;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
            try {
                handler.handle(new ServletScenarioExchange(req, resp));
            } catch (IOException | ServletException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ServletException(e);
            }
        }
    }

    /** {@link ScenarioExchange} over the servlet API. */
    record ServletScenarioExchange(HttpServletRequest request, HttpServletResponse response) implements ScenarioExchange {
        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String path() {
            return request.getRequestURI();
        }

        @Override
        public @Nullable String parameter(String name) {
            return request.getParameter(name);
        }

        @Override
        public @Nullable String requestHeader(String name) {
            return request.getHeader(name);
        }

        @Override
        public SessionHandle handle() {
            return SojournFilter.handle(request).orElseThrow(() -> new IllegalStateException("no session handle"));
        }

        @Override
        public void status(int status) {
            response.setStatus(status);
        }

        @Override
        public void addHeader(String name, String value) {
            response.addHeader(name, value);
        }

        @Override
        public void write(String text) throws IOException {
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(text);
        }

        @Override
        public void flush() throws IOException {
            response.flushBuffer();
        }

        @Override
        public void redirect(String location) throws IOException {
            response.sendRedirect(location);
        }

        @Override
        public void sendError(int status) throws IOException {
            response.sendError(status);
        }
    }
}
