package dev.sojourn;

import java.util.Locale;

/** The cookie's {@code SameSite} attribute. {@link #AUTO} is resolved when a session is created (spec §1.6). */
public enum SameSite {
    STRICT("Strict"),
    LAX("Lax"),
    NONE("None"),
    /** {@code None} on a secure request, {@code Lax} otherwise; resolved once, when a session is created. */
    AUTO("auto");

    private final String attribute;

    SameSite(String attribute) {
        this.attribute = attribute;
    }

    /** The spelling used in {@code Set-Cookie}. */
    public String attribute() {
        return attribute;
    }

    /** The lower-case spelling express-session stores ({@code "lax"}, {@code "strict"}, {@code "none"}). */
    String storedForm() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code strict|lax|none|auto} in any case, or {@code true} (= strict). */
    public static SameSite parse(String text) {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "strict", "true" -> STRICT;
            case "lax" -> LAX;
            case "none" -> NONE;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException(
                    "sameSite must be one of strict, lax, none, auto (or true); got '" + text + "'");
        };
    }
}
