package dev.sojourn.benchmarks;

import dev.sojourn.HttpExchange;
import java.util.List;

/** A reusable in-memory exchange: one Cookie header in, response headers counted and dropped. */
final class BenchExchange implements HttpExchange {
    private final List<String> cookies;
    int headersWritten;
    String lastHeader = "";

    BenchExchange(String cookieHeader) {
        this.cookies = cookieHeader.isEmpty() ? List.of() : List.of(cookieHeader);
    }

    @Override
    public List<String> requestHeaders(String name) {
        return name.equalsIgnoreCase("Cookie") ? cookies : List.of();
    }

    @Override
    public String requestPath() {
        return "/";
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public void addResponseHeader(String name, String value) {
        headersWritten++;
        lastHeader = value;
    }

    @Override
    public void setResponseHeader(String name, String value) {
        headersWritten++;
        lastHeader = value;
    }
}
