package dev.sojourn.example;

/**
 * A bad flag or flag value. Its message is one line that starts with the flag it is about (and
 * the environment variable, when the value came from one); the app prints it and exits with
 * status 2, never with a stack trace.
 */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String flag;

    public UsageException(String flag, String problem) {
        super(flag + ": " + problem);
        this.flag = flag;
    }

    /** The flag in error as typed on the command line, e.g. {@code --port}, possibly with its variable: {@code --port (SOJOURN_PORT)}. */
    public String flag() {
        return flag;
    }
}
