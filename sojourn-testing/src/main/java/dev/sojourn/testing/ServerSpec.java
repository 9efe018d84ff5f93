package dev.sojourn.testing;

import dev.sojourn.SessionOptions;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.opentest4j.TestAbortedException;

/**
 * What a scenario asks an {@link AdapterFixture} to start: the middleware's options, the
 * application, and a few server set-ups some catalogue items need. Every fixture must support the
 * plain set-up; a fixture that cannot provide an extra must throw {@link #unsupported} (the test is
 * then reported as skipped, never as passed).
 */
public final class ServerSpec {
    private final SessionOptions options;
    private final ScenarioHandler handler;
    private String mountPath = "";
    private boolean tls;
    private boolean trustForwardedHeaders;
    private @Nullable SessionOptions outerMiddleware;

    private ServerSpec(SessionOptions options, ScenarioHandler handler) {
        this.options = Objects.requireNonNull(options, "options");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** The plain set-up: the middleware with these options in front of this application, on plain HTTP at {@code /}. */
    public static ServerSpec of(SessionOptions options, ScenarioHandler handler) {
        return new ServerSpec(options, handler);
    }

    /**
     * Mounts the whole application (middleware included) under a path prefix, the way a servlet
     * context path or Express's {@code app.use('/foo', ...)} does: the application is reached at
     * {@code /foo/...} and sees the full original path.
     */
    public ServerSpec mountedAt(String prefix) {
        if (!prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("mount prefix must start and not end with '/': " + prefix);
        }
        this.mountPath = prefix;
        return this;
    }

    /** Serves HTTPS (a self-signed certificate from {@link TlsSupport}) instead of plain HTTP. */
    public ServerSpec tls() {
        this.tls = true;
        return this;
    }

    /**
     * Makes the server itself honour {@code X-Forwarded-Proto} (and the other forwarded headers), so
     * the framework's own "is this request secure" verdict follows them: Express's
     * {@code trust proxy}, Jetty's {@code ForwardedRequestCustomizer}.
     */
    public ServerSpec trustingForwardedHeaders() {
        this.trustForwardedHeaders = true;
        return this;
    }

    /**
     * Puts a second, independent session middleware with these options in front of the one under
     * test, so the request already has a session when the tested middleware sees it.
     */
    public ServerSpec behindOuterMiddleware(SessionOptions outer) {
        this.outerMiddleware = Objects.requireNonNull(outer, "outer");
        return this;
    }

    public SessionOptions options() { return options; }
    public ScenarioHandler handler() { return handler; }
    /** The mount prefix, or {@code ""} for the root. */
    public String mountPath() { return mountPath; }
    public boolean isTls() { return tls; }
    public boolean trustsForwardedHeaders() { return trustForwardedHeaders; }
    public @Nullable SessionOptions outerMiddleware() { return outerMiddleware; }

    /** What a fixture throws for a set-up it cannot provide; JUnit reports the test as skipped. */
    public static TestAbortedException unsupported(String adapter, String feature) {
        return new TestAbortedException(adapter + " fixture does not support: " + feature);
    }
}
