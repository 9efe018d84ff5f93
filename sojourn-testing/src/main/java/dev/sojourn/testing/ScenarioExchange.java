package dev.sojourn.testing;

import dev.sojourn.Session;
import dev.sojourn.SessionHandle;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One request as a {@link ScenarioHandler} sees it, whatever adapter serves it. Each adapter's
 * test fixture implements it over its own request and response types.
 */
public interface ScenarioExchange {

    String method();

    /** The request's full original path (mount prefix included), without the query string. */
    String path();

    /** A query-string or form parameter, or null. */
    @Nullable String parameter(String name);

    @Nullable String requestHeader(String name);

    /** The request's session handle, or empty when the middleware left the request alone (path outside the cookie's path). */
    Optional<SessionHandle> findHandle();

    /** The request's session handle; fails if the request is outside the middleware's reach. */
    default SessionHandle handle() {
        return findHandle().orElseThrow(() -> new IllegalStateException("the request has no session handle"));
    }

    /** Shortcut for {@code handle().session()}. */
    default Session session() {
        return handle().session();
    }

    void status(int status);

    void addHeader(String name, String value);

    /** Declares the body's length (a {@code Content-Length} header set through the framework's own API). */
    void contentLength(long length);

    /** Writes text to the body (UTF-8) without ending the response. */
    void write(String text) throws IOException;

    /** Flushes what was written, committing the response. */
    void flush() throws IOException;

    /** Ends the response: closes the body stream. Ending it again must do no harm. */
    void end() throws IOException;

    /** Sends a 302 redirect to {@code location}. */
    void redirect(String location) throws IOException;

    /** Sends an error status through the server's error handling. */
    void sendError(int status) throws IOException;
}
