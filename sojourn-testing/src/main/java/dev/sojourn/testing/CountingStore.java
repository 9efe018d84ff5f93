package dev.sojourn.testing;

import dev.sojourn.CookieData;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionRecord;
import dev.sojourn.SessionStore;
import dev.sojourn.SessionStoreException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a real store, counts every call by method name ({@code get}, {@code set}, {@code destroy},
 * {@code touch}, {@code patch}), and can be told to fail a method, to test fault handling.
 */
public final class CountingStore implements SessionStore {
    private final SessionStore delegate;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicReference<@Nullable String> failing = new AtomicReference<>();
    private volatile long writeDelayMillis;

    public CountingStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    /** The wrapped store (calls to it are not counted). */
    public SessionStore delegate() {
        return delegate;
    }

    /** How many times {@code method} was called since the last {@link #reset()}. */
    public int count(String method) {
        AtomicInteger count = counts.get(method);
        return count == null ? 0 : count.get();
    }

    /** The total number of calls since the last {@link #reset()}. */
    public int total() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Forgets every count. */
    public void reset() {
        counts.clear();
    }

    /** Makes calls of {@code method} throw {@link SessionStoreException} until {@link #heal()}. */
    public void failOn(String method) {
        failing.set(method);
    }

    public void heal() {
        failing.set(null);
    }

    /**
     * Makes every write ({@code set}, {@code patch}, {@code touch}, {@code destroy}) take this long
     * before it reaches the wrapped store: a slow backend, to show a write finishes before the
     * response does.
     */
    public void delayWrites(java.time.Duration delay) {
        writeDelayMillis = delay.toMillis();
    }

    private void delay() {
        long millis = writeDelayMillis;
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SessionStoreException("CountingStore: interrupted while delaying a write");
            }
        }
    }

    private void record(String method) {
        counts.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
        if (method.equals(failing.get())) {
            throw new SessionStoreException("CountingStore: injected failure of " + method);
        }
    }

    @Override
    public Optional<SessionRecord> get(String id) {
        record("get");
        return delegate.get(id);
    }

    @Override
    public void set(String id, SessionRecord record) {
        record("set");
        delay();
        delegate.set(id, record);
    }

    @Override
    public void destroy(String id) {
        record("destroy");
        delay();
        delegate.destroy(id);
    }

    @Override
    public void touch(String id, CookieData cookie) {
        record("touch");
        delay();
        delegate.touch(id, cookie);
    }

    @Override
    public boolean patch(String id, SessionDelta delta) {
        record("patch");
        delay();
        return delegate.patch(id, delta);
    }

    @Override
    public Optional<SessionRecord> increment(String id, String key, long by) {
        record("increment");
        delay();
        return delegate.increment(id, key, by);
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
