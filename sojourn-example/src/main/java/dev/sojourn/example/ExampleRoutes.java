package dev.sojourn.example;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sojourn.Session;
import dev.sojourn.SessionHandle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The example's routes, written once over {@link ExampleExchange} and served by every adapter. Each
 * shows one way to use a session:
 *
 * <ul>
 *   <li>{@code GET /} reads and writes ({@code views}, {@code user}) and renders HTML;</li>
 *   <li>{@code GET /bare} answers {@code ok} outside the session middleware (every adapter keeps it
 *       out: the benchmarks' baseline);</li>
 *   <li>{@code GET /plain} never touches the session, so it costs no store call at all;</li>
 *   <li>{@code GET /read} only looks at an existing session ({@link SessionHandle#existingSession()}),
 *       so a client without a session gets none;</li>
 *   <li>{@code GET /write} and {@code GET /incr/{key}} change one key each: the store receives only
 *       that key's delta, so parallel requests changing different keys never lose each other's writes;</li>
 *   <li>{@code POST /login} regenerates the session (against session fixation) and {@code POST /logout}
 *       destroys it.</li>
 * </ul>
 *
 * <p>{@code HEAD} is answered as {@code GET} without a body; a known path with another method gets
 * 405 with {@code Allow}; anything else 404.
 */
final class ExampleRoutes {
    /** The path of the route served outside the session middleware. */
    static final String BARE = "/bare";

    /**
     * The routes the session middleware serves, as Servlet URL patterns ({@code ""} is the root
     * alone): every route but {@link #BARE}. Adapters whose middleware is mapped by path use them.
     */
    static final List<String> SESSION_PATH_SPECS = List.of("", "/plain", "/read", "/write", "/incr/*", "/login", "/logout");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Resolves the serializer once instead of looking it up for every answer. */
    private static final ObjectWriter JSON_WRITER = JSON.writerFor(JsonNode.class);
    private static final int MAX_USER_LENGTH = 200;
    private static final String GET_ONLY = "GET, HEAD";
    private static final String POST_ONLY = "POST";

    private ExampleRoutes() {
    }

    /** Serves one request. */
    static void handle(ExampleExchange exchange) throws IOException {
        String path = exchange.path();
        switch (exchange.method()) {
            case "GET", "HEAD" -> get(exchange, path);
            case "POST" -> post(exchange, path);
            default -> {
                String allow = allowed(path);
                if (allow == null) {
                    notFound(exchange);
                } else {
                    methodNotAllowed(exchange, allow);
                }
            }
        }
    }

    private static void get(ExampleExchange exchange, String path) throws IOException {
        switch (path) {
            case "/" -> home(exchange);
            case BARE, "/plain" -> text(exchange, 200, "ok");
            case "/read" -> read(exchange);
            case "/write" -> write(exchange);
            case "/login", "/logout" -> methodNotAllowed(exchange, POST_ONLY);
            default -> {
                if (path.startsWith("/incr/")) {
                    incr(exchange, path.substring("/incr/".length()));
                } else {
                    notFound(exchange);
                }
            }
        }
    }

    private static void post(ExampleExchange exchange, String path) throws IOException {
        switch (path) {
            case "/login" -> login(exchange);
            case "/logout" -> logout(exchange);
            case "/", BARE, "/plain", "/read", "/write" -> methodNotAllowed(exchange, GET_ONLY);
            default -> notFound(exchange);
        }
    }

    /** The methods a path allows, or null when it is no route. */
    private static @Nullable String allowed(String path) {
        return switch (path) {
            case "/", BARE, "/plain", "/read", "/write" -> GET_ONLY;
            case "/login", "/logout" -> POST_ONLY;
            default -> path.startsWith("/incr/") && isKey(path.substring("/incr/".length())) ? GET_ONLY : null;
        };
    }

    // ---- routes ----

    private static void home(ExampleExchange exchange) throws IOException {
        long views = increment(exchange, "views");
        Object user = session(exchange).get("user");

        StringBuilder html = new StringBuilder(1024)
                .append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Sojourn example</title>\n</head>\n<body>\n<h1>Sojourn example</h1>\n")
                .append("<p>Views in this session: <strong id=\"views\">").append(views).append("</strong></p>\n");
        if (user != null) {
            html.append("<p>Logged in as <strong id=\"user\">").append(escapeHtml(String.valueOf(user))).append("</strong></p>\n");
        } else {
            html.append("<p id=\"anonymous\">Not logged in.</p>\n");
        }
        html.append("<form id=\"login\" method=\"post\" action=\"/login\">\n")
                .append("<label>User <input name=\"user\" required maxlength=\"").append(MAX_USER_LENGTH).append("\"></label>\n")
                .append("<button type=\"submit\">Log in</button>\n</form>\n")
                .append("<form id=\"logout\" method=\"post\" action=\"/logout\">\n")
                .append("<button type=\"submit\">Log out</button>\n</form>\n")
                .append("</body>\n</html>\n");
        noStore(exchange);
        send(exchange, 200, "text/html", html.toString());
    }

    private static void read(ExampleExchange exchange) throws IOException {
        ObjectNode data = JSON.createObjectNode();
        Optional<Session> session = exchange.sessionHandle().flatMap(SessionHandle::existingSession);
        session.ifPresent(s -> {
            for (String key : s.keys()) {
                data.set(key, s.get(key, JsonNode.class));
            }
        });
        json(exchange, data);
    }

    private static void write(ExampleExchange exchange) throws IOException {
        long views = increment(exchange, "views");
        json(exchange, JSON.createObjectNode().put("views", views));
    }

    private static void incr(ExampleExchange exchange, String key) throws IOException {
        if (!isKey(key)) {
            notFound(exchange);
            return;
        }
        if (key.equals("cookie")) {
            text(exchange, 400, "the key 'cookie' is reserved for the session cookie");
            return;
        }
        long value = increment(exchange, key);
        json(exchange, JSON.createObjectNode().put("key", key).put("value", value));
    }

    private static void login(ExampleExchange exchange) throws IOException {
        String user = exchange.formField("user");
        user = user == null ? "" : user.strip();
        if (user.isEmpty() || user.length() > MAX_USER_LENGTH) {
            text(exchange, 400, "form field 'user' must hold 1 to " + MAX_USER_LENGTH + " characters");
            return;
        }
        // A new id (and no data) at every change of privilege: a session id planted in the browser
        // before login (session fixation) is worth nothing afterwards. The old session is deleted
        // without being loaded first.
        sessionHandle(exchange).regenerate().set("user", user);
        seeOther(exchange);
    }

    private static void logout(ExampleExchange exchange) throws IOException {
        // Deletes the session the client sent without loading it first, and clears its cookie (or header).
        exchange.sessionHandle().ifPresent(SessionHandle::destroyRequestedSession);
        seeOther(exchange);
    }

    // ---- helpers ----

    private static Session session(ExampleExchange exchange) {
        return sessionHandle(exchange).session();
    }

    private static SessionHandle sessionHandle(ExampleExchange exchange) {
        return exchange.sessionHandle()
                .orElseThrow(() -> new IllegalStateException("no Sojourn session: " + exchange.path()
                        + " is not served by the session middleware"));
    }

    /**
     * Adds one to a counter with one atomic store call, without loading the session first (so
     * parallel requests never lose a count). A value that is not an integer (written by another
     * app) starts the counter again at 1.
     */
    private static long increment(ExampleExchange exchange, String key) {
        SessionHandle handle = sessionHandle(exchange);
        try {
            return handle.increment(key, 1);
        } catch (IllegalArgumentException notAnInteger) {
            handle.session().set(key, 1L);
            return 1;
        }
    }

    private static boolean isKey(String key) {
        return !key.isEmpty() && !key.contains("/");
    }

    static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void seeOther(ExampleExchange exchange) throws IOException {
        exchange.setHeader("Location", "/");
        exchange.sendEmpty(303);
    }

    private static void json(ExampleExchange exchange, JsonNode body) throws IOException {
        noStore(exchange);
        byte[] utf8;
        try {
            utf8 = JSON_WRITER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IOException("cannot render JSON", e);
        }
        exchange.send(200, "application/json", utf8);
    }

    private static void text(ExampleExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "text/plain", body);
    }

    private static void notFound(ExampleExchange exchange) throws IOException {
        text(exchange, 404, "not found");
    }

    private static void methodNotAllowed(ExampleExchange exchange, String allow) throws IOException {
        exchange.setHeader("Allow", allow);
        text(exchange, 405, "method not allowed");
    }

    private static void noStore(ExampleExchange exchange) {
        exchange.setHeader("Cache-Control", "no-store");
    }

    private static void send(ExampleExchange exchange, int status, String contentType, String body) throws IOException {
        exchange.send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
