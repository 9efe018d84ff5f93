package dev.sojourn;

/** What happens to the stored session when a request calls {@link SessionHandle#unset()}: express-session's {@code unset}. */
public enum UnsetAction {
    /** The stored session is left as it was; changes made in this request are dropped. */
    KEEP,
    /** The stored session is deleted when the request commits. */
    DESTROY
}
