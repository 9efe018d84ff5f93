package dev.sojourn.example;

import dev.sojourn.CookieSecure;
import dev.sojourn.SessionOptions;
import dev.sojourn.SessionStore;
import dev.sojourn.servlet.SojournFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sojourn example app: embedded Jetty 12 (EE10 servlets) with {@link SojournFilter} in front of
 * {@link ExampleServlet}, and {@code /bare} served outside the filter as a baseline.
 *
 * <p>Run it with {@code java -jar sojourn-example.jar [flags]} (see {@code --help}), or embed it:
 * {@link #start(ExampleConfig)} returns once the server listens; {@link #port()} is the actual
 * port (useful with {@code --port 0}); {@link #close()} stops it.
 */
public final class ExampleApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExampleApp.class);
    private static final String PROGRAM = "sojourn-example";
    private static final String APP_SERVLET = "app";
    /** {@link #launch} result when the server was started and keeps running. */
    static final int RUNNING = -1;

    private final Server server;
    private final ServerConnector connector;
    private final SessionStore store;
    private final ExampleConfig config;

    private ExampleApp(Server server, ServerConnector connector, SessionStore store, ExampleConfig config) {
        this.server = server;
        this.connector = connector;
        this.store = store;
        this.config = config;
    }

    /** Starts the app with the store named by {@code config.store()}; returns once it listens. */
    public static ExampleApp start(ExampleConfig config) throws Exception {
        return start(config, config.store().open());
    }

    /** Starts the app with the given store (tests wrap stores to count calls); returns once it listens. */
    public static ExampleApp start(ExampleConfig config, SessionStore store) throws Exception {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(store, "store");
        SessionOptions options = config.sessionOptions(store);
        warnAboutRiskySettings(config);

        Server server = new Server();
        server.setStopAtShutdown(true);
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
        context.addServlet(new ServletHolder("bare", new BareServlet()), "/bare");
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
            stopQuietly(server);
            closeStore(store);
            throw e;
        }
        ExampleApp app = new ExampleApp(server, connector, store, config);
        LOG.info("Sojourn example listening on {} with {}", app.uri(), config);
        return app;
    }

    /** The port the server listens on (the real one when {@code --port 0} was asked for). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The base URI, e.g. {@code http://127.0.0.1:8080/} (loopback when listening on every interface). */
    public URI uri() {
        String host = config.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** The session store in use. */
    public SessionStore store() {
        return store;
    }

    /** The settings the app runs with. */
    public ExampleConfig config() {
        return config;
    }

    /** Waits until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops the server, then closes the store if it holds resources. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the server", e);
        } catch (Exception e) {
            throw new IllegalStateException("stopping the server failed: " + e, e);
        } finally {
            closeStore(store);
        }
    }

    public static void main(String[] args) {
        int status = launch(Arrays.asList(args), System.getenv(), System.out, System.err);
        if (status != RUNNING) {
            System.exit(status);
        }
        // Jetty's threads keep the JVM alive; Ctrl-C / SIGTERM stops the server through its shutdown hook.
    }

    /**
     * What {@link #main} does, with the environment and the output streams injected: prints usage
     * ({@code 0}), reports a bad flag in one line ({@code 2}), fails to start ({@code 1}), or starts
     * the server and returns {@link #RUNNING}.
     */
    static int launch(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (ExampleConfig.wantsHelp(args)) {
            out.print(ExampleConfig.usage());
            out.flush();
            return 0;
        }
        ExampleConfig config;
        try {
            config = ExampleConfig.parse(args, env);
        } catch (UsageException e) {
            err.println(PROGRAM + ": error: " + oneLine(e.getMessage()) + " (see --help)");
            err.flush();
            return 2;
        }
        try {
            start(config);
            return RUNNING;
        } catch (Exception e) {
            BindException bind = bindFailure(e);
            if (bind != null) {
                err.println(PROGRAM + ": error: --port: cannot listen on " + config.host() + ":" + config.port()
                        + ": " + oneLine(bind.getMessage()));
            } else {
                err.println(PROGRAM + ": error: could not start: " + oneLine(String.valueOf(e)));
            }
        }
        err.flush();
        return 1;
    }

    private static @Nullable BindException bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException bind) {
                return bind;
            }
        }
        return null;
    }

    private static String oneLine(@Nullable String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private static void warnAboutRiskySettings(ExampleConfig config) {
        if (config.developmentSecret()) {
            LOG.warn("*** INSECURE: no --secret or SOJOURN_SECRET given; session cookies are signed with a "
                    + "PUBLIC development secret, so anyone can forge them. Never run like this outside development. ***");
        }
        if (config.secure() == CookieSecure.TRUE) {
            LOG.warn("--secure true: the session cookie is Secure and is only sent in answer to HTTPS requests; "
                    + "this app serves plain HTTP, so no session cookie will be sent (use --secure auto or false to try it locally)");
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("Stopping after a failed start failed too: {}", e.toString());
        }
    }

    private static void closeStore(SessionStore store) {
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("Closing the session store failed: {}", e.toString());
            }
        }
    }

    /** {@code GET /bare}: {@code ok}, outside the session middleware; the baseline for benchmarks. */
    static final class BareServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            ExampleServlet.text(resp, HttpServletResponse.SC_OK, "ok");
        }
    }
}
