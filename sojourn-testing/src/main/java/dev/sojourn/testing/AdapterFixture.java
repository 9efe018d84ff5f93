package dev.sojourn.testing;

import dev.sojourn.SessionOptions;

/**
 * Starts a real HTTP server on a free loopback port with one adapter's Sojourn middleware in
 * front of a {@link ScenarioHandler}. One implementation per adapter (Servlet on Jetty, Javalin,
 * the JDK server) lets {@link SessionScenarios} and its sibling suites run unchanged on each.
 */
public interface AdapterFixture {

    /**
     * Starts a server for this spec; the caller closes it. Extras the adapter cannot provide
     * ({@link ServerSpec#mountedAt}, {@link ServerSpec#tls}, {@link ServerSpec#trustingForwardedHeaders},
     * {@link ServerSpec#behindOuterMiddleware}) must throw {@link ServerSpec#unsupported}.
     */
    RunningServer start(ServerSpec spec) throws Exception;

    /** Starts the plain set-up. */
    default RunningServer start(SessionOptions options, ScenarioHandler handler) throws Exception {
        return start(ServerSpec.of(options, handler));
    }

    /** A started server. */
    interface RunningServer extends AutoCloseable {
        /** {@code http://127.0.0.1:<port>} (or {@code https://...}), the mount prefix included. */
        String baseUrl();

        @Override
        void close() throws Exception;
    }
}
