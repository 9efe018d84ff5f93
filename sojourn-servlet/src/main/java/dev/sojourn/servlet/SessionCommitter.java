package dev.sojourn.servlet;

import dev.sojourn.SessionHandle;
import dev.sojourn.SessionStoreException;
import org.jspecify.annotations.Nullable;

/**
 * Runs the handle's commit exactly when the response is about to be committed, once; later calls
 * store late changes only (see {@link SessionHandle#commit()}).
 */
final class SessionCommitter {
    private final SessionHandle handle;
    private boolean done;
    private @Nullable SessionStoreException failure;

    SessionCommitter(SessionHandle handle) {
        this.handle = handle;
    }

    /** Called before anything that commits the response. A store failure is remembered and rethrown. */
    synchronized void beforeResponseCommit() {
        if (!done) {
            done = true;
            try {
                handle.commit();
            } catch (SessionStoreException e) {
                failure = e;
                throw e;
            }
        }
    }

    /**
     * Called when the request is over: commits now, or stores what changed after the first commit.
     * Does nothing once a commit failed: the request has failed.
     */
    synchronized void atEnd() {
        if (failure != null) {
            return;
        }
        done = true;
        try {
            handle.commit();
        } catch (SessionStoreException e) {
            failure = e;
            throw e;
        }
    }

    /** The store failure of a commit of this request, if one failed. */
    synchronized @Nullable SessionStoreException failure() {
        return failure;
    }

    SessionHandle handle() {
        return handle;
    }
}
