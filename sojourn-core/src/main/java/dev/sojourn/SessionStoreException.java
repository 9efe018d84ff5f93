package dev.sojourn;

/**
 * A store could not do what was asked: the backend is down, timed out, or refused. Messages name
 * the store and the operation and never carry a whole session id. The engine lets it fail the
 * request (HTTP 500 through the server's error path).
 */
public class SessionStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SessionStoreException(String message) {
        super(message);
    }

    public SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
