package dev.sojourn.servlet;

import dev.sojourn.SessionHandle;

/**
 * Runs the handle's commit exactly when the response is about to be committed, once; later calls
 * store late changes only (see {@link SessionHandle#commit()}).
 */
final class SessionCommitter {
    private final SessionHandle handle;
    private boolean done;

    SessionCommitter(SessionHandle handle) {
        this.handle = handle;
    }

    /** Called before anything that commits the response. */
    synchronized void beforeResponseCommit() {
        if (!done) {
            done = true;
            handle.commit();
        }
    }

    /** Called when the request is over: commits now, or stores what changed after the first commit. */
    synchronized void atEnd() {
        done = true;
        handle.commit();
    }

    SessionHandle handle() {
        return handle;
    }
}
