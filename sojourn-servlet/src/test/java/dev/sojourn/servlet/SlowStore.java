package dev.sojourn.servlet;

import dev.sojourn.CookieData;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionRecord;
import dev.sojourn.SessionStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a store and makes every write ({@code set}, {@code patch}, {@code touch}, {@code destroy})
 * slow, recording {@link System#nanoTime()} when the last write finished. A response whose head
 * reaches the client before that instant was committed before the session was saved.
 */
final class SlowStore implements SessionStore {
    private final SessionStore delegate;
    private final long delayMillis;
    private final AtomicLong lastWriteDone = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();

    SlowStore(SessionStore delegate, Duration delay) {
        this.delegate = delegate;
        this.delayMillis = delay.toMillis();
    }

    SessionStore delegate() {
        return delegate;
    }

    /** {@code System.nanoTime()} when the last write completed, or {@code Long.MIN_VALUE} if none did. */
    long lastWriteDone() {
        return lastWriteDone.get();
    }

    int writes() {
        return writes.get();
    }

    /**
     * Waits (up to two seconds) until no write is running, then forgets the counts: a write a broken
     * request left running must not be counted for the next test.
     */
    void reset() throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        lastWriteDone.set(Long.MIN_VALUE);
        writes.set(0);
    }

    private void slowly(Runnable write) {
        inFlight.incrementAndGet();
        try {
            Thread.sleep(delayMillis);
            write.run();
            writes.incrementAndGet();
            lastWriteDone.set(System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public Optional<SessionRecord> get(String id) {
        return delegate.get(id);
    }

    @Override
    public void set(String id, SessionRecord record) {
        slowly(() -> delegate.set(id, record));
    }

    @Override
    public void destroy(String id) {
        slowly(() -> delegate.destroy(id));
    }

    @Override
    public void touch(String id, CookieData cookie) {
        slowly(() -> delegate.touch(id, cookie));
    }

    @Override
    public boolean patch(String id, SessionDelta delta) {
        boolean[] applied = {false};
        slowly(() -> applied[0] = delegate.patch(id, delta));
        return applied[0];
    }

    @Override
    public Map<String, SessionRecord> all() {
        return delegate.all();
    }

    @Override
    public long length() {
        return delegate.length();
    }

    @Override
    public void clear() {
        delegate.clear();
    }
}
