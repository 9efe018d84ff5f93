package dev.sojourn.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A browser-like HTTP client for tests: the JDK's {@link HttpClient} with its own simple cookie
 * jar (name → value, dropped when a {@code Set-Cookie} expires it), never following redirects.
 * One instance is one client; it is safe to share between threads.
 */
public final class TestClient {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String baseUrl;
    private final Map<String, String> jar = new LinkedHashMap<>();

    public TestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), Map.of());
    }

    public Response get(String path, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
    }

    public Response post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), Map.of());
    }

    /** The jar's value of a cookie, if it holds one. */
    public synchronized Optional<String> cookie(String name) {
        return Optional.ofNullable(jar.get(name));
    }

    /** Puts a cookie in the jar by hand (e.g. a forged one). */
    public synchronized void setCookie(String name, String value) {
        jar.put(name, value);
    }

    public synchronized void clearCookies() {
        jar.clear();
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private Response send(HttpRequest.Builder request, Map<String, String> headers) {
        headers.forEach(request::header);
        String cookieHeader = cookieHeader();
        if (cookieHeader != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Cookie"))) {
            request.header("Cookie", cookieHeader);
        }
        request.timeout(Duration.ofSeconds(30));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            List<String> setCookies = response.headers().allValues("Set-Cookie");
            setCookies.forEach(this::store);
            return new Response(response.statusCode(), response.body(), response.headers().map(), setCookies);
        } catch (IOException e) {
            throw new IllegalStateException("request to " + baseUrl + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private synchronized @Nullable String cookieHeader() {
        if (jar.isEmpty()) {
            return null;
        }
        return jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }

    private synchronized void store(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        boolean expired = value.isEmpty() || setCookie.contains("Expires=Thu, 01 Jan 1970");
        if (expired) {
            jar.remove(name);
        } else {
            jar.put(name, value);
        }
    }

    /** A response: status, body, headers (names lower-case), and every {@code Set-Cookie} line. */
    public record Response(int status, String body, Map<String, List<String>> headers, List<String> setCookies) {

        /** The first value of a header, any case. */
        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        /** The Set-Cookie line for {@code name}, if the response sent one. */
        public Optional<String> setCookie(String name) {
            return setCookies.stream().filter(c -> c.startsWith(name + "=")).findFirst();
        }

        /** Every Set-Cookie line for {@code name}. */
        public List<String> setCookiesNamed(String name) {
            List<String> named = new ArrayList<>();
            setCookies.stream().filter(c -> c.startsWith(name + "=")).forEach(named::add);
            return named;
        }
    }
}
