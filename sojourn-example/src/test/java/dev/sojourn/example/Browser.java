package dev.sojourn.example;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A tiny browser for tests: the JDK client, its own cookie jar (name to value), no redirect following. */
final class Browser {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final DateTimeFormatter EXPIRES = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss zzz", Locale.US);

    private final URI base;
    private final Map<String, String> jar = new LinkedHashMap<>();

    Browser(URI base) {
        this.base = base;
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Response post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Optional<String> cookie(String name) {
        return Optional.ofNullable(jar.get(name));
    }

    void setCookie(String name, String value) {
        jar.put(name, value);
    }

    private Response send(HttpRequest.Builder request) {
        if (!jar.isEmpty()) {
            request.header("Cookie", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        request.timeout(Duration.ofSeconds(10));
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> setCookies = response.headers().allValues("Set-Cookie");
        for (String header : setCookies) {
            store(header);
        }
        return new Response(response.statusCode(), response.headers().map(), setCookies, response.body());
    }

    private void store(String header) {
        String[] parts = header.split(";");
        int eq = parts[0].indexOf('=');
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        boolean expired = value.isEmpty();
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim();
            if (attribute.regionMatches(true, 0, "Expires=", 0, 8)) {
                ZonedDateTime expires = ZonedDateTime.parse(attribute.substring(8), EXPIRES);
                expired |= !expires.isAfter(ZonedDateTime.now());
            }
        }
        if (expired) {
            jar.remove(name);
        } else {
            jar.put(name, value);
        }
    }

    record Response(int status, Map<String, List<String>> headers, List<String> setCookies, String body) {
        Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }
    }
}
