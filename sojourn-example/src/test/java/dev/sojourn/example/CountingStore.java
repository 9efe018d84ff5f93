package dev.sojourn.example;

import dev.sojourn.CookieData;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionRecord;
import dev.sojourn.SessionStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the calls that reach a store, to check that requests not using their session cost none. */
final class CountingStore implements SessionStore {
    private final SessionStore delegate;
    private final AtomicInteger calls = new AtomicInteger();

    CountingStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    int calls() {
        return calls.get();
    }

    void reset() {
        calls.set(0);
    }

    @Override
    public Optional<SessionRecord> get(String id) {
        calls.incrementAndGet();
        return delegate.get(id);
    }

    @Override
    public void set(String id, SessionRecord record) {
        calls.incrementAndGet();
        delegate.set(id, record);
    }

    @Override
    public void destroy(String id) {
        calls.incrementAndGet();
        delegate.destroy(id);
    }

    @Override
    public void touch(String id, CookieData cookie) {
        calls.incrementAndGet();
        delegate.touch(id, cookie);
    }

    @Override
    public boolean patch(String id, SessionDelta delta) {
        calls.incrementAndGet();
        return delegate.patch(id, delta);
    }

    @Override
    public long length() {
        return delegate.length();
    }
}
