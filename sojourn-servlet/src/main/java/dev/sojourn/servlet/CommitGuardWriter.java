package dev.sojourn.servlet;

import java.io.IOException;
import java.io.Writer;

/**
 * The character twin of {@link CommitGuardOutputStream}. Characters are counted as up to three
 * bytes each (UTF-8's worst case per char), so the session is committed no later than the
 * container's buffer can fill.
 */
final class CommitGuardWriter extends Writer {
    private static final int MAX_BYTES_PER_CHAR = 3;
    private final Writer delegate;
    private final CommitGuardResponse response;

    CommitGuardWriter(Writer delegate, CommitGuardResponse response) {
        this.delegate = delegate;
        this.response = response;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        response.beforeWrite((long) len * MAX_BYTES_PER_CHAR, false);
        delegate.write(cbuf, off, len);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
        response.beforeWrite((long) len * MAX_BYTES_PER_CHAR, false);
        delegate.write(str, off, len);
    }

    @Override
    public void write(int c) throws IOException {
        response.beforeWrite(MAX_BYTES_PER_CHAR, false);
        delegate.write(c);
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
}
