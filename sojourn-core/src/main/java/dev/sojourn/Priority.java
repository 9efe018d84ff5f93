package dev.sojourn;

import java.util.Locale;

/** The cookie's {@code Priority} attribute (a Chrome extension). */
public enum Priority {
    LOW("Low"),
    MEDIUM("Medium"),
    HIGH("High");

    private final String attribute;

    Priority(String attribute) {
        this.attribute = attribute;
    }

    /** The spelling used in {@code Set-Cookie}. */
    public String attribute() {
        return attribute;
    }

    String storedForm() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code low|medium|high} in any case. */
    public static Priority parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("priority must be one of low, medium, high; got '" + text + "'", e);
        }
    }
}
