package dev.sojourn.example;

import dev.sojourn.CookieSecure;
import dev.sojourn.SessionOptions;
import dev.sojourn.SessionStore;
import dev.sojourn.SessionStoreException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sojourn example app: the routes of {@link ExampleRoutes} on the server {@code --adapter}
 * chooses, each with its Sojourn middleware: embedded Jetty 12 with {@code SojournFilter}
 * ({@link ServletServer}), Javalin 7 with {@code SojournPlugin} ({@link JavalinServer}) or the JDK's
 * HTTP server with {@code SojournHttpFilter} ({@link JdkHttpServer}); {@code /bare} is served outside
 * the middleware on all three, as a baseline.
 *
 * <p>Run it with {@code java -jar sojourn-example.jar [flags]} (see {@code --help}), or embed it:
 * {@link #start(ExampleConfig)} returns once the server listens; {@link #port()} is the actual
 * port (useful with {@code --port 0}); {@link #close()} stops it and closes its store.
 */
public final class ExampleApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExampleApp.class);
    private static final String PROGRAM = "sojourn-example";
    /** {@link #launch} result when the server was started and keeps running. */
    static final int RUNNING = -1;

    private final RunningServer server;
    private final SessionStore store;
    private final ExampleConfig config;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ExampleApp(RunningServer server, SessionStore store, ExampleConfig config) {
        this.server = server;
        this.store = store;
        this.config = config;
    }

    /**
     * Starts the app with the store named by {@code config.store()}; returns once it listens.
     *
     * @throws IllegalArgumentException when the store's value turns out to be malformed
     * @throws SessionStoreException when the store cannot be reached or opened
     */
    public static ExampleApp start(ExampleConfig config) throws Exception {
        return start(config, config.store().open());
    }

    /**
     * Starts the app with the given store (tests wrap stores to count calls); returns once it
     * listens. The app owns the store from now on: {@link #close()} closes it, and so does a failed start.
     */
    public static ExampleApp start(ExampleConfig config, SessionStore store) throws Exception {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(store, "store");
        RunningServer server;
        try {
            SessionOptions options = config.sessionOptions(store);
            warnAboutRiskySettings(config);
            server = switch (config.adapter()) {
                case SERVLET -> ServletServer.start(config, options);
                case JAVALIN -> JavalinServer.start(config, options);
                case JDK -> JdkHttpServer.start(config, options);
            };
        } catch (Exception e) {
            closeStore(store);
            throw e;
        }
        ExampleApp app = new ExampleApp(server, store, config);
        LOG.info("Sojourn example listening on {} with {}", app.uri(), config);
        return app;
    }

    /** The port the server listens on (the real one when {@code --port 0} was asked for). */
    public int port() {
        return server.port();
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

    /** Stops the server, then closes the store if it holds resources. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
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
        // The server's threads keep the JVM alive; Ctrl-C / SIGTERM runs the shutdown hook launch() added.
    }

    /**
     * What {@link #main} does, with the environment and the output streams injected: prints usage
     * ({@code 0}), reports a bad flag or a malformed {@code --store} in one line ({@code 2}), fails to
     * start in one line ({@code 1}: the store cannot be reached or opened, or the port is taken), or
     * starts the server, adds a shutdown hook that stops it and closes the store, and returns {@link #RUNNING}.
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
            return fail(err, 2, oneLine(e.getMessage()) + " (see --help)");
        }
        String storeFlag = ExampleConfig.describeSource(ExampleConfig.Flag.STORE, args, env);
        SessionStore store;
        try {
            store = config.store().open();
        } catch (IllegalArgumentException e) {
            return fail(err, 2, storeFlag + ": " + oneLine(e.getMessage()) + " (see --help)");
        } catch (SessionStoreException e) {
            return fail(err, 1, storeFlag + ": " + oneLine(e.getMessage()));
        } catch (RuntimeException e) {
            return fail(err, 1, storeFlag + ": cannot open " + config.store() + ": " + oneLine(String.valueOf(e)));
        }
        try {
            ExampleApp app = start(config, store);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                LOG.info("Sojourn example stopped; store closed");
            }, "sojourn-example-shutdown"));
            return RUNNING;
        } catch (Exception e) {
            BindException bind = bindFailure(e);
            if (bind != null) {
                return fail(err, 1, "--port: cannot listen on " + config.host() + ":" + config.port()
                        + ": " + oneLine(bind.getMessage()));
            }
            return fail(err, 1, "could not start: " + oneLine(String.valueOf(e)));
        }
    }

    private static int fail(PrintStream err, int status, String message) {
        err.println(PROGRAM + ": error: " + message);
        err.flush();
        return status;
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
        if (config.secure() == CookieSecure.TRUE && !Boolean.TRUE.equals(config.proxy())) {
            LOG.warn("--secure true: the session cookie is Secure and is only sent in answer to HTTPS requests; "
                    + "this app serves plain HTTP, so no session cookie will be sent (use --secure auto or false to try it locally, "
                    + "or --proxy true behind a TLS-terminating proxy that sets X-Forwarded-Proto)");
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
}
