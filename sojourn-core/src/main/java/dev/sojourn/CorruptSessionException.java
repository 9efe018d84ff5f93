package dev.sojourn;

/**
 * A stored session could not be read: invalid JSON, not an object, or a {@code cookie} member of the
 * wrong shape. The engine treats the session as absent, logs at warn and deletes the record.
 */
public class CorruptSessionException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    public CorruptSessionException(String message) {
        super(message);
    }

    public CorruptSessionException(String message, Throwable cause) {
        super(message, cause);
    }
}
