package dev.sojourn;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Creates session ids: express-session's {@code genid}. Implementations must be thread-safe and
 * return a non-empty string; uniqueness is theirs to guarantee.
 */
@FunctionalInterface
public interface SessionIdGenerator {

    /** Returns a new id for a session being created during {@code exchange}. */
    String generate(HttpExchange exchange);

    /**
     * The default: 24 bytes (192 bits) from {@link SecureRandom}, URL-safe base64 without padding,
     * always 32 characters, as uid-safe produces for express-session.
     */
    static SessionIdGenerator secureRandom() {
        return SecureRandomIdGenerator.INSTANCE;
    }
}

/** The stock generator; one {@link SecureRandom} shared by every thread (it is thread-safe). */
final class SecureRandomIdGenerator implements SessionIdGenerator {
    static final SecureRandomIdGenerator INSTANCE = new SecureRandomIdGenerator();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private final SecureRandom random = new SecureRandom();

    @Override
    public String generate(HttpExchange exchange) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
