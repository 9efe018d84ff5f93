package dev.sojourn.testing;

import dev.sojourn.SessionOptions;

/**
 * Starts a real HTTP server on a free loopback port with one adapter's Sojourn middleware in
 * front of a {@link ScenarioHandler}. One implementation per adapter (Servlet on Jetty, Javalin,
 * the JDK server) lets {@link SessionScenarios} run unchanged on each.
 */
public interface AdapterFixture {

    /** Starts a server; the caller closes it. */
    RunningServer start(SessionOptions options, ScenarioHandler handler) throws Exception;

    /** A started server. */
    interface RunningServer extends AutoCloseable {
        /** {@code http://127.0.0.1:<port>}. */
        String baseUrl();

        @Override
        void close() throws Exception;
    }
}
