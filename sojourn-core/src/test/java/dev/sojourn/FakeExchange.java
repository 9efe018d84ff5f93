package dev.sojourn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** A request/response pair in memory: request headers given by the test, response headers recorded in order. */
public final class FakeExchange implements HttpExchange {
    private final Map<String, List<String>> requestHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final List<Map.Entry<String, String>> responseHeaders = new ArrayList<>();
    private String path = "/";
    private boolean secure;
    private @Nullable Boolean tls;

    /** A plain-HTTP request for {@code /}. */
    public static FakeExchange request() {
        return new FakeExchange();
    }

    public FakeExchange path(String newPath) {
        this.path = newPath;
        return this;
    }

    /** What the server says ({@link HttpExchange#isSecure()}); also the TLS flag unless {@link #tls(boolean)} is set. */
    public FakeExchange secure(boolean isSecure) {
        this.secure = isSecure;
        return this;
    }

    public FakeExchange tls(boolean isTls) {
        this.tls = isTls;
        return this;
    }

    /** Adds one request header line (repeat for several lines of one header). */
    public FakeExchange header(String name, String value) {
        requestHeaders.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    /** Adds a {@code Cookie} request header line. */
    public FakeExchange cookie(String cookieHeader) {
        return header("Cookie", cookieHeader);
    }

    @Override
    public List<String> requestHeaders(String name) {
        return List.copyOf(requestHeaders.getOrDefault(name, List.of()));
    }

    @Override
    public String requestPath() {
        return path;
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public boolean isTls() {
        return tls == null ? secure : tls;
    }

    @Override
    public void addResponseHeader(String name, String value) {
        responseHeaders.add(Map.entry(name, value));
    }

    @Override
    public void setResponseHeader(String name, String value) {
        responseHeaders.removeIf(e -> e.getKey().equalsIgnoreCase(name));
        responseHeaders.add(Map.entry(name, value));
    }

    /** Every value of a response header, in the order added. */
    public List<String> responseHeaders(String name) {
        return responseHeaders.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
    }

    /** The {@code Set-Cookie} values sent. */
    public List<String> setCookies() {
        return responseHeaders("Set-Cookie");
    }

    /** All response headers, in order. */
    public List<Map.Entry<String, String>> allResponseHeaders() {
        return List.copyOf(responseHeaders);
    }
}
