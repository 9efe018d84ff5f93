package dev.sojourn.example;

import dev.sojourn.SessionHandle;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange as {@link ExampleRoutes} sees it, whichever server carries it: the little the
 * routes read from the request and the ways they answer. Each adapter implements it over its own
 * types ({@link ExampleServlet} over the Servlet API, {@link JavalinServer} over Javalin's
 * {@code Context}, {@link JdkHttpServer} over {@code com.sun.net.httpserver.HttpExchange}), so the
 * route logic exists once.
 */
interface ExampleExchange {

    /** The request method, upper case ({@code GET}, {@code POST}…). */
    String method();

    /** The decoded request path relative to the app's root; {@code "/"} for the root. */
    String path();

    /**
     * The request's Sojourn session handle, attached by the adapter's middleware (SojournFilter,
     * SojournPlugin, SojournHttpFilter); empty when the request lies outside the middleware.
     */
    Optional<SessionHandle> sessionHandle();

    /** A field of the request's {@code application/x-www-form-urlencoded} body or query string, or null. */
    @Nullable String formField(String name) throws IOException;

    /** Sets a response header, replacing any value it had. */
    void setHeader(String name, String value);

    /**
     * Answers with this status and body; {@code contentType} gets {@code ;charset=utf-8}. The last
     * call of a route. A {@code HEAD} request gets the headers only.
     */
    void send(int status, String contentType, byte[] body) throws IOException;

    /** Answers with this status and no body (a redirect). The last call of a route. */
    void sendEmpty(int status) throws IOException;
}
