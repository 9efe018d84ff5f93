package dev.sojourn.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sojourn.Session;
import dev.sojourn.SessionHandle;
import dev.sojourn.servlet.SojournFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The example's routes, behind {@link SojournFilter}. Each shows one way to use a session:
 *
 * <ul>
 *   <li>{@code GET /} reads and writes ({@code views}, {@code user}) and renders HTML;</li>
 *   <li>{@code GET /plain} never touches the session, so it costs no store call at all;</li>
 *   <li>{@code GET /read} only looks at an existing session ({@link SessionHandle#existingSession()}),
 *       so a client without a session gets none;</li>
 *   <li>{@code GET /write} and {@code GET /incr/{key}} change one key each: the store receives only
 *       that key's delta, so parallel requests changing different keys never lose each other's writes;</li>
 *   <li>{@code POST /login} regenerates the session (against session fixation) and {@code POST /logout}
 *       destroys it.</li>
 * </ul>
 */
final class ExampleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_USER_LENGTH = 200;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = path(req);
        switch (path) {
            case "/" -> home(req, resp);
            case "/plain" -> text(resp, HttpServletResponse.SC_OK, "ok");
            case "/read" -> read(req, resp);
            case "/write" -> write(req, resp);
            case "/login", "/logout" -> methodNotAllowed(resp, "POST");
            default -> {
                if (path.startsWith("/incr/")) {
                    incr(req, resp, path.substring("/incr/".length()));
                } else {
                    notFound(resp);
                }
            }
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        switch (path(req)) {
            case "/login" -> login(req, resp);
            case "/logout" -> logout(req, resp);
            case "/", "/plain", "/read", "/write" -> methodNotAllowed(resp, "GET, HEAD");
            default -> notFound(resp);
        }
    }

    private static String path(HttpServletRequest req) {
        String pathInfo = req.getPathInfo();
        return pathInfo == null || pathInfo.isEmpty() ? "/" : pathInfo;
    }

    // ---- routes ----

    private static void home(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Session session = SojournFilter.session(req);
        long views = counter(session, "views") + 1;
        session.set("views", views);
        Object user = session.get("user");

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
        noStore(resp);
        send(resp, HttpServletResponse.SC_OK, "text/html", html.toString());
    }

    private static void read(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ObjectNode data = JSON.createObjectNode();
        Optional<Session> session = SojournFilter.handle(req).flatMap(SessionHandle::existingSession);
        session.ifPresent(s -> {
            for (String key : s.keys()) {
                data.set(key, s.get(key, JsonNode.class));
            }
        });
        json(resp, data);
    }

    private static void write(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Session session = SojournFilter.session(req);
        long views = counter(session, "views") + 1;
        session.set("views", views);
        json(resp, JSON.createObjectNode().put("views", views));
    }

    private static void incr(HttpServletRequest req, HttpServletResponse resp, String key) throws IOException {
        if (key.isEmpty() || key.contains("/")) {
            notFound(resp);
            return;
        }
        if (key.equals("cookie")) {
            text(resp, HttpServletResponse.SC_BAD_REQUEST, "the key 'cookie' is reserved for the session cookie");
            return;
        }
        Session session = SojournFilter.session(req);
        long value = counter(session, key) + 1;
        session.set(key, value);
        json(resp, JSON.createObjectNode().put("key", key).put("value", value));
    }

    private static void login(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String user = req.getParameter("user");
        user = user == null ? "" : user.strip();
        if (user.isEmpty() || user.length() > MAX_USER_LENGTH) {
            text(resp, HttpServletResponse.SC_BAD_REQUEST,
                    "form field 'user' must hold 1 to " + MAX_USER_LENGTH + " characters");
            return;
        }
        Session session = SojournFilter.session(req);
        // A new id (and no data) at every change of privilege: a session id planted in the browser
        // before login (session fixation) is worth nothing afterwards.
        session.regenerate();
        session.set("user", user);
        seeOther(resp);
    }

    private static void logout(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // Deletes the session the browser sent without loading it first, and clears its cookie.
        SojournFilter.handle(req).ifPresent(SessionHandle::destroyRequestedSession);
        seeOther(resp);
    }

    // ---- helpers ----

    /** A counter's value: 0 when absent or not a number (e.g. written by another app). */
    private static long counter(Session session, String key) {
        return session.get(key) instanceof Number n ? n.longValue() : 0;
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

    private static void seeOther(HttpServletResponse resp) {
        resp.setStatus(HttpServletResponse.SC_SEE_OTHER);
        resp.setHeader("Location", "/");
        resp.setContentLength(0);
    }

    private static void json(HttpServletResponse resp, JsonNode body) throws IOException {
        noStore(resp);
        send(resp, HttpServletResponse.SC_OK, "application/json", JSON.writeValueAsString(body));
    }

    static void text(HttpServletResponse resp, int status, String body) throws IOException {
        send(resp, status, "text/plain", body);
    }

    private static void notFound(HttpServletResponse resp) throws IOException {
        text(resp, HttpServletResponse.SC_NOT_FOUND, "not found");
    }

    private static void methodNotAllowed(HttpServletResponse resp, String allow) throws IOException {
        resp.setHeader("Allow", allow);
        text(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method not allowed");
    }

    private static void noStore(HttpServletResponse resp) {
        resp.setHeader("Cache-Control", "no-store");
    }

    private static void send(HttpServletResponse resp, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType(contentType + ";charset=utf-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
