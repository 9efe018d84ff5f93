package dev.sojourn;

/**
 * Decides when a request counts as secure for the {@code Secure} cookie rules: express-session's
 * {@code proxy} option (spec §1.7).
 */
public enum TrustProxy {
    /** Ask the server ({@link HttpExchange#isSecure()}): express-session's default, {@code proxy: undefined}. */
    CONTAINER,
    /** A TLS connection, or {@code https} as the first element of {@code X-Forwarded-Proto}: {@code proxy: true}. */
    FORWARDED_PROTO,
    /** Only a TLS connection is secure; forwarded headers and the server's verdict are ignored: {@code proxy: false}. */
    NEVER;

    boolean isSecure(HttpExchange exchange) {
        return switch (this) {
            case CONTAINER -> exchange.isSecure();
            case NEVER -> exchange.isTls();
            case FORWARDED_PROTO -> {
                if (exchange.isTls()) {
                    yield true;
                }
                String proto = exchange.requestHeader("X-Forwarded-Proto");
                if (proto == null) {
                    yield false;
                }
                int comma = proto.indexOf(',');
                String first = (comma < 0 ? proto : proto.substring(0, comma)).trim();
                yield first.equalsIgnoreCase("https");
            }
        };
    }
}
