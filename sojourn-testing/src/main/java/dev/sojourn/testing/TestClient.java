package dev.sojourn.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A browser-like HTTP client for tests: the JDK's {@link HttpClient} with its own simple cookie
 * jar (name → value, dropped when a {@code Set-Cookie} clears it with an empty value or a 1970
 * expiry; other expiries and {@code Path} are ignored, so tests can replay what they like), never
 * following redirects. HTTPS base URLs trust the {@link TlsSupport} certificate. {@link #raw} sends
 * hand-written HTTP/1.1 for what the JDK client refuses to send (odd {@code Host}, repeated
 * headers). One instance is one client; it is safe to share between threads.
 */
public final class TestClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static @Nullable HttpClient https;

    private final String baseUrl;
    private final HttpClient http;
    private final Map<String, String> jar = new LinkedHashMap<>();

    public TestClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = baseUrl.startsWith("https:") ? httpsClient() : HTTP;
    }

    private static synchronized HttpClient httpsClient() {
        if (https == null) {
            https = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5))
                    .sslContext(TlsSupport.clientContext())
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
        }
        return https;
    }

    /** The base URL this client talks to. */
    public String baseUrl() {
        return baseUrl;
    }

    public Response get(String path) {
        return get(path, Map.of());
    }

    /** A GET with extra headers; a {@code Cookie} header given here replaces the jar's. */
    public Response get(String path, Map<String, String> headers) {
        return join(getAsync(path, headers));
    }

    /** Sends a GET without waiting for the answer (for concurrent scenarios). */
    public CompletableFuture<Response> getAsync(String path, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
    }

    public Response post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return join(send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), Map.of()));
    }

    /** The jar's value of a cookie, if it holds one. */
    public synchronized Optional<String> cookie(String name) {
        return Optional.ofNullable(jar.get(name));
    }

    /** Puts a cookie in the jar by hand (e.g. a forged one). */
    public synchronized void setCookie(String name, String value) {
        jar.put(name, value);
    }

    /** Removes one cookie from the jar. */
    public synchronized void removeCookie(String name) {
        jar.remove(name);
    }

    public synchronized void clearCookies() {
        jar.clear();
    }

    /** The {@code Cookie} header the jar would send now, or null when it is empty. */
    public synchronized @Nullable String cookieHeader() {
        if (jar.isEmpty()) {
            return null;
        }
        return jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static Response join(CompletableFuture<Response> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private CompletableFuture<Response> send(HttpRequest.Builder request, Map<String, String> headers) {
        headers.forEach(request::header);
        String cookieHeader = cookieHeader();
        if (cookieHeader != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Cookie"))) {
            request.header("Cookie", cookieHeader);
        }
        request.timeout(TIMEOUT);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw new IllegalStateException("request to " + baseUrl + " failed: " + failure, failure);
                    }
                    List<String> setCookies = response.headers().allValues("Set-Cookie");
                    setCookies.forEach(this::store);
                    return new Response(response.statusCode(), response.body(), response.headers().map(), setCookies);
                });
    }

    /**
     * Sends a hand-written HTTP/1.1 request over a new plain socket and reads the answer to the
     * end. {@code requestLine} is e.g. {@code "GET / HTTP/1.1"}; {@code headerLines} are sent as
     * given, in order (a {@code Host} line is added when absent, and {@code Connection: close}
     * always). The jar is not sent, but {@code Set-Cookie} answers go into it.
     */
    public Response raw(String requestLine, List<String> headerLines) {
        URI base = URI.create(baseUrl);
        if (!"http".equals(base.getScheme())) {
            throw new IllegalStateException("raw requests are plain HTTP only");
        }
        StringBuilder text = new StringBuilder(requestLine).append("\r\n");
        if (headerLines.stream().noneMatch(h -> h.regionMatches(true, 0, "Host:", 0, 5))) {
            text.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
        }
        headerLines.forEach(h -> text.append(h).append("\r\n"));
        text.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Response response = parse(socket.getInputStream().readAllBytes());
            response.setCookies().forEach(this::store);
            return response;
        } catch (IOException e) {
            throw new IllegalStateException("raw request to " + baseUrl + " failed: " + e, e);
        }
    }

    private static Response parse(byte[] bytes) throws IOException {
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        int headEnd = all.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            throw new IOException("no complete response head in " + bytes.length + " bytes: " + all);
        }
        String[] lines = all.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<String> setCookies = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).trim();
            String value = lines[i].substring(colon + 1).trim();
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value);
            if (name.equalsIgnoreCase("Set-Cookie")) {
                setCookies.add(value);
            }
        }
        byte[] body = all.substring(headEnd + 4).getBytes(StandardCharsets.ISO_8859_1);
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        if (encoding.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            body = dechunk(body);
        }
        return new Response(status, new String(body, StandardCharsets.UTF_8), headers, setCookies);
    }

    private static byte[] dechunk(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new java.io.ByteArrayInputStream(body);
        while (true) {
            StringBuilder sizeLine = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    sizeLine.append((char) c);
                }
            }
            String hex = sizeLine.toString().split(";")[0].trim();
            if (hex.isEmpty()) {
                return out.toByteArray();
            }
            int size = Integer.parseInt(hex, 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            in.readNBytes(2);
        }
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
