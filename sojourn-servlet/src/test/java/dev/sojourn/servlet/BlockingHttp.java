package dev.sojourn.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A small blocking HTTP/1.1 client on {@link HttpURLConnection} (keep-alive, no redirects followed,
 * no cookie jar): much faster than {@code java.net.http.HttpClient} for thousands of small
 * sequential requests.
 */
final class BlockingHttp {
    private BlockingHttp() {
    }

    /** A response; header names are case-insensitive. */
    record Response(int status, Map<String, List<String>> headers, String body) {
        Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        List<String> headers(String name) {
            return headers.getOrDefault(name, List.of());
        }
    }

    static Response get(String url, Map<String, String> headers) throws IOException {
        return send("GET", url, headers, null);
    }

    static Response post(String url, Map<String, String> headers, String formBody) throws IOException {
        return send("POST", url, headers, formBody);
    }

    static Response send(String method, String url, Map<String, String> headers, @Nullable String formBody) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(20_000);
        c.setRequestMethod(method);
        headers.forEach(c::setRequestProperty);
        if (formBody != null) {
            byte[] bytes = formBody.getBytes(StandardCharsets.UTF_8);
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            c.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(bytes);
            }
        }
        int status = c.getResponseCode();
        Map<String, List<String>> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        c.getHeaderFields().forEach((name, values) -> {
            if (name != null) {
                responseHeaders.put(name, values);
            }
        });
        String body;
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Response(status, responseHeaders, body);
    }
}
