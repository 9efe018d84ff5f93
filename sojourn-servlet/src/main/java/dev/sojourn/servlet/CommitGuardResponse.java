package dev.sojourn.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;

/**
 * Makes sure the session is stored, and its cookie added, before the response is committed: on
 * {@code sendRedirect}, {@code sendError}, {@code flushBuffer}, a write that could fill the buffer
 * or reach the Content-Length, flush and close. The filter commits at the end of the request for
 * everything else.
 */
final class CommitGuardResponse extends HttpServletResponseWrapper {
    private final SessionCommitter committer;
    private long written;
    private long contentLength = -1;
    private @Nullable ServletOutputStream stream;
    private @Nullable PrintWriter writer;

    CommitGuardResponse(HttpServletResponse response, SessionCommitter committer) {
        super(response);
        this.committer = committer;
    }

    void commitSession() {
        committer.beforeResponseCommit();
    }

    /**
     * Called before {@code bytes} (at most) are written. Commits the session when the write could
     * commit the response: when it would fill the buffer or reach the Content-Length, or, for a byte
     * write ({@code mayBypassBuffer}), when it is larger than a quarter of the buffer: Jetty writes
     * such a write straight through, committing the response, however empty its buffer (its default
     * output aggregation size is a quarter of the buffer size).
     */
    void beforeWrite(long bytes, boolean mayBypassBuffer) {
        long after = written + bytes;
        int bufferSize = getBufferSize();
        if (after >= bufferSize
                || (mayBypassBuffer && bytes > bufferSize / 4)
                || (contentLength >= 0 && after >= contentLength)) {
            commitSession();
        }
        written = after;
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        commitSession();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        commitSession();
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        commitSession();
        super.sendRedirect(location);
    }

    @Override
    public void flushBuffer() throws IOException {
        commitSession();
        super.flushBuffer();
    }

    @Override
    public void setContentLength(int len) {
        contentLength = len;
        super.setContentLength(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        contentLength = len;
        super.setContentLengthLong(len);
    }

    @Override
    public void setHeader(String name, String value) {
        super.setHeader(name, value);
        trackContentLengthHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        super.addHeader(name, value);
        trackContentLengthHeader(name, value);
    }

    @Override
    public void setIntHeader(String name, int value) {
        super.setIntHeader(name, value);
        trackContentLengthHeader(name, String.valueOf(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        super.addIntHeader(name, value);
        trackContentLengthHeader(name, String.valueOf(value));
    }

    /** A Content-Length given as a header limits the body as {@link #setContentLength(int)} does. */
    private void trackContentLengthHeader(String name, @Nullable String value) {
        if ("Content-Length".equalsIgnoreCase(name)) {
            try {
                contentLength = value == null ? -1 : Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                contentLength = -1;
            }
        }
    }

    @Override
    public void resetBuffer() {
        written = 0;
        super.resetBuffer();
    }

    @Override
    public void reset() {
        written = 0;
        contentLength = -1;
        super.reset();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new CommitGuardOutputStream(super.getOutputStream(), this);
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new PrintWriter(new CommitGuardWriter(super.getWriter(), this), false);
        }
        return writer;
    }
}
