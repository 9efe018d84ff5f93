package dev.sojourn.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * Passes bytes to the container's stream, but commits the session first when the next write could
 * commit the response: when it would fill the response buffer, is too large for the container to
 * buffer it (see {@link CommitGuardResponse#beforeWrite}) or reaches the declared Content-Length,
 * and on flush and close.
 */
final class CommitGuardOutputStream extends ServletOutputStream {
    private final ServletOutputStream delegate;
    private final CommitGuardResponse response;

    CommitGuardOutputStream(ServletOutputStream delegate, CommitGuardResponse response) {
        this.delegate = delegate;
        this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
        response.beforeWrite(1, true);
        delegate.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        response.beforeWrite(len, true);
        delegate.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        response.commitSession();
        delegate.flush();
    }

    @Override
    public void close() throws IOException {
        response.commitSession();
        delegate.close();
    }

    @Override
    public boolean isReady() {
        return delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
        delegate.setWriteListener(writeListener);
    }
}
