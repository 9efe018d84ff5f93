package dev.sojourn.jdkhttp;

import com.sun.net.httpserver.HttpExchange;
import dev.sojourn.SessionHandle;
import java.io.IOException;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The commit rules of one exchange, shared by the plain and the HTTPS wrapper: the session is
 * committed just before the response headers are sent (the only moment the JDK server commits a
 * response), and what changes after that is stored when the response ends (body stream or exchange
 * closed, or the filter chain returned). Thread-safe: a handler may answer from another thread.
 */
final class ResponseGuard {
    private final HttpExchange exchange;
    private final SessionHandle handle;
    private volatile boolean headersSent;
    private volatile boolean closed;
    private @Nullable OutputStream rawBody;
    private @Nullable OutputStream guardedBody;

    ResponseGuard(HttpExchange exchange, SessionHandle handle) {
        this.exchange = exchange;
        this.handle = handle;
    }

    SessionHandle handle() {
        return handle;
    }

    /** Whether the response headers went out (or sending them was attempted). */
    boolean headersSent() {
        return headersSent;
    }

    /** Whether the handler has started or abandoned the response: headers sent or exchange closed. */
    boolean responseStarted() {
        return headersSent || closed;
    }

    void sendResponseHeaders(int code, long length) throws IOException {
        if (!handle.isCommitted()) {
            handle.commit();
        }
        headersSent = true;
        exchange.sendResponseHeaders(code, length);
    }

    /** The response body, wrapped so that closing it stores late changes first. */
    synchronized OutputStream responseBody() {
        OutputStream raw = exchange.getResponseBody();
        if (raw != rawBody || guardedBody == null) {
            rawBody = raw;
            guardedBody = new GuardedBody(raw, this);
        }
        return guardedBody;
    }

    /**
     * The response is over: commits now if the headers never went out (a handler that closes the
     * exchange without answering), otherwise stores what changed after they did.
     */
    void end() {
        handle.commit();
    }

    void close() {
        closed = true;
        try {
            end();
        } finally {
            exchange.close();
        }
    }

    /** The body stream of the exchange: every call passes straight through, {@link #close()} ends the response first. */
    private static final class GuardedBody extends OutputStream {
        private final OutputStream delegate;
        private final ResponseGuard guard;

        GuardedBody(OutputStream delegate, ResponseGuard guard) {
            this.delegate = delegate;
            this.guard = guard;
        }

        @Override
        public void write(int b) throws IOException {
            delegate.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            delegate.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            guard.closed = true;
            try {
                guard.end();
            } finally {
                delegate.close();
            }
        }
    }
}
