package dev.sojourn.servlet;

import dev.sojourn.SessionHandle;
import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.ScenarioExchange;
import dev.sojourn.testing.ScenarioHandler;
import dev.sojourn.testing.ServerSpec;
import dev.sojourn.testing.TlsSupport;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs scenarios on a real Jetty 12 (EE10, Servlet 6) server with {@link SojournFilter} in front.
 * Supports every {@link ServerSpec} extra: a context path as the mount prefix, HTTPS, Jetty's
 * {@link ForwardedRequestCustomizer} as the container's trust of forwarded headers, and a second
 * {@code SojournFilter} ahead of the one under test.
 */
final class JettyServletFixture implements AdapterFixture {

    @Override
    public RunningServer start(ServerSpec spec) throws Exception {
        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        if (spec.trustsForwardedHeaders()) {
            config.addCustomizer(new ForwardedRequestCustomizer());
        }
        ServerConnector connector;
        if (spec.isTls()) {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            config.addCustomizer(secure);
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(TlsSupport.keyStore().toString());
            ssl.setKeyStorePassword(TlsSupport.PASSWORD);
            ssl.setKeyStoreType("PKCS12");
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(config));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(config));
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath(spec.mountPath().isEmpty() ? "/" : spec.mountPath());
        EnumSet<DispatcherType> dispatch = EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC);
        if (spec.outerMiddleware() != null) {
            context.addFilter(new FilterHolder(new SojournFilter(spec.outerMiddleware())), "/*", dispatch);
        }
        context.addFilter(new FilterHolder(new SojournFilter(spec.options())), "/*", dispatch);
        context.addServlet(new ServletHolder(new ScenarioServlet(spec.handler())), "/*");
        server.setHandler(context);
        server.start();
        String baseUrl = (spec.isTls() ? "https" : "http") + "://127.0.0.1:" + connector.getLocalPort() + spec.mountPath();
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
    static final class ServletScenarioExchange implements ScenarioExchange {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private @Nullable PrintWriter writer;

        ServletScenarioExchange(HttpServletRequest request, HttpServletResponse response) {
            this.request = request;
            this.response = response;
        }

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
        public Optional<SessionHandle> findHandle() {
            return SojournFilter.handle(request);
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
        public void contentLength(long length) {
            response.setContentLengthLong(length);
        }

        @Override
        public void write(String text) throws IOException {
            if (writer == null) {
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                writer = response.getWriter();
            }
            writer.write(text);
        }

        @Override
        public void flush() throws IOException {
            response.flushBuffer();
        }

        @Override
        public void end() throws IOException {
            if (writer != null) {
                writer.close();
            } else {
                response.getOutputStream().close();
            }
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
