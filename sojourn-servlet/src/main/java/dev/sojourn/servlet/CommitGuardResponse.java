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

    void beforeWrite(long bytes) {
        long after = written + bytes;
        if (after >= getBufferSize() || (contentLength >= 0 && after >= contentLength)) {
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
