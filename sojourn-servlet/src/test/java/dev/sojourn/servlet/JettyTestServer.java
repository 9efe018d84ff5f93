package dev.sojourn.servlet;

import dev.sojourn.SessionOptions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty 12 (EE10) server on 127.0.0.1 and an ephemeral port with {@link SojournFilter} in
 * front of the test's own servlets (REQUEST and ASYNC dispatches, async supported).
 */
final class JettyTestServer implements AutoCloseable {

    /** A servlet body as a lambda. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
    }

    private final Server server;
    private final String baseUrl;

    private JettyTestServer(Server server, String baseUrl) {
        this.server = server;
        this.baseUrl = baseUrl;
    }

    /** Starts a server with these options and servlets (path spec → servlet). */
    static JettyTestServer start(SessionOptions options, Map<String, HttpServlet> servlets) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        FilterHolder filter = new FilterHolder(new SojournFilter(options));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        servlets.forEach((pathSpec, servlet) -> {
            ServletHolder holder = new ServletHolder(servlet);
            holder.setAsyncSupported(true);
            context.addServlet(holder, pathSpec);
        });
        server.setHandler(context);
        server.start();
        return new JettyTestServer(server, "http://127.0.0.1:" + connector.getLocalPort());
    }

    /** Starts a server with one servlet on {@code /*}. */
    static JettyTestServer start(SessionOptions options, Handler handler) throws Exception {
        return start(options, Map.of("/*", servlet(handler)));
    }

    /** A builder-ish map for several servlets, in order. */
    static Map<String, HttpServlet> routes(Object... pathAndHandler) {
        Map<String, HttpServlet> map = new LinkedHashMap<>();
        for (int i = 0; i < pathAndHandler.length; i += 2) {
            Object h = pathAndHandler[i + 1];
            map.put((String) pathAndHandler[i], h instanceof HttpServlet s ? s : servlet((Handler) h));
        }
        return map;
    }

    /** A servlet that runs {@code handler}; I/O, servlet and runtime exceptions pass through unchanged. */
    static HttpServlet servlet(Handler handler) {
        return new LambdaServlet(handler);
    }

    String baseUrl() {
        return baseUrl;
    }

    int port() {
        return Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1));
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping Jetty", e);
        } catch (Exception e) {
            throw new IllegalStateException("stopping Jetty failed", e);
        }
    }

    private static final class LambdaServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Handler handler;

        LambdaServlet(Handler handler) {
            this.handler = handler;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
            try {
                handler.handle(req, resp);
            } catch (IOException | ServletException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ServletException(e);
            }
        }
    }
}
