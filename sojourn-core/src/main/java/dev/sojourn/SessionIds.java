package dev.sojourn;

/** Keeps session ids out of logs and exception messages: only a short prefix is ever shown. */
public final class SessionIds {
    private SessionIds() {
    }

    /** {@code "AbCd…"}: the first four characters of the id and an ellipsis. */
    public static String redact(String id) {
        return id.length() <= 4 ? "…" : id.substring(0, 4) + "…";
    }
}
