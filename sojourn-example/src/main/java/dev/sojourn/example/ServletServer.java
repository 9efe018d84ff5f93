package dev.sojourn.example;

import dev.sojourn.SessionOptions;
import dev.sojourn.servlet.SojournFilter;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * {@code --adapter servlet}: embedded Jetty 12 (EE10 servlets) with {@link SojournFilter} in front of
 * {@link ExampleServlet}, and {@code /bare} served by a second mapping of the servlet outside the filter.
 */
final class ServletServer implements RunningServer {
    private static final String APP_SERVLET = "app";

    private final Server server;
    private final ServerConnector connector;

    private ServletServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    static ServletServer start(ExampleConfig config, SessionOptions options) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(APP_SERVLET, new ExampleServlet()), "/*");
        // An exact mapping wins over "/*": /bare never reaches the filter below.
        context.addServlet(new ServletHolder("bare", new ExampleServlet()), ExampleRoutes.BARE);
        // The session middleware runs for the app servlet only (mapped by servlet name, not by path).
        FilterHolder sojourn = new FilterHolder(new SojournFilter(options));
        sojourn.setName("sojourn");
        FilterMapping mapping = new FilterMapping();
        mapping.setFilterName("sojourn");
        mapping.setServletNames(new String[] {APP_SERVLET});
        mapping.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        context.getServletHandler().addFilter(sojourn, mapping);
        server.setHandler(context);

        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new ServletServer(server, connector);
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void stop() throws Exception {
        server.stop();
    }
}
