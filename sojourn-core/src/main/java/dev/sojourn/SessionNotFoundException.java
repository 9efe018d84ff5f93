package dev.sojourn;

/** {@link Session#reload()} found no stored session (express-session's "failed to load session"). */
public class SessionNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SessionNotFoundException(String message) {
        super(message);
    }
}
