package dev.sojourn;

import dev.sojourn.store.MemoryStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SessionStore} that delegates to a {@link MemoryStore} and counts and records every call,
 * so tests can prove exactly which store operations a request made. {@link #putCorrupt} plants an
 * unreadable record, as a store holding bad JSON would return it.
 */
public final class CountingStore implements SessionStore {
    public record SetCall(String id, SessionRecord record) {
    }

    public record PatchCall(String id, SessionDelta delta, boolean applied) {
    }

    public record TouchCall(String id, CookieData cookie) {
    }

    private final MemoryStore delegate;
    private final Map<String, String> corrupt = new ConcurrentHashMap<>();

    public final AtomicInteger gets = new AtomicInteger();
    public final AtomicInteger sets = new AtomicInteger();
    public final AtomicInteger destroys = new AtomicInteger();
    public final AtomicInteger touches = new AtomicInteger();
    public final AtomicInteger patches = new AtomicInteger();
    public final AtomicInteger increments = new AtomicInteger();
    public final AtomicInteger others = new AtomicInteger();

    public final List<String> getIds = new CopyOnWriteArrayList<>();
    public final List<SetCall> setCalls = new CopyOnWriteArrayList<>();
    public final List<PatchCall> patchCalls = new CopyOnWriteArrayList<>();
    public final List<TouchCall> touchCalls = new CopyOnWriteArrayList<>();
    public final List<String> destroyIds = new CopyOnWriteArrayList<>();

    public CountingStore(MemoryStore delegate) {
        this.delegate = delegate;
    }

    /** The store underneath, to inspect or prepare state without counting. */
    public MemoryStore delegate() {
        return delegate;
    }

    /** Makes {@link #get} of {@code id} return what reading {@code rawJson} gives (an exception when it is corrupt). */
    public void putCorrupt(String id, String rawJson) {
        corrupt.put(id, rawJson);
    }

    /** Every call made, of any kind. */
    public int total() {
        return gets.get() + sets.get() + destroys.get() + touches.get() + patches.get() + increments.get() + others.get();
    }

    /** Forgets the counts and recordings (not the data). */
    public void reset() {
        for (AtomicInteger counter : List.of(gets, sets, destroys, touches, patches, increments, others)) {
            counter.set(0);
        }
        getIds.clear();
        setCalls.clear();
        patchCalls.clear();
        touchCalls.clear();
        destroyIds.clear();
    }

    @Override
    public String toString() {
        return "CountingStore[get=" + gets + ", set=" + sets + ", destroy=" + destroys + ", touch=" + touches
                + ", patch=" + patches + ", other=" + others + "]";
    }

    @Override
    public Optional<SessionRecord> get(String id) {
        gets.incrementAndGet();
        getIds.add(id);
        String raw = corrupt.get(id);
        if (raw != null) {
            return Optional.of(SessionJson.read(raw));
        }
        return delegate.get(id);
    }

    @Override
    public void set(String id, SessionRecord record) {
        sets.incrementAndGet();
        setCalls.add(new SetCall(id, record));
        corrupt.remove(id);
        delegate.set(id, record);
    }

    @Override
    public void destroy(String id) {
        destroys.incrementAndGet();
        destroyIds.add(id);
        corrupt.remove(id);
        delegate.destroy(id);
    }

    @Override
    public void touch(String id, CookieData cookie) {
        touches.incrementAndGet();
        touchCalls.add(new TouchCall(id, cookie));
        delegate.touch(id, cookie);
    }

    @Override
    public boolean patch(String id, SessionDelta delta) {
        patches.incrementAndGet();
        boolean applied = delegate.patch(id, delta);
        patchCalls.add(new PatchCall(id, delta, applied));
        return applied;
    }

    @Override
    public Optional<SessionRecord> increment(String id, String key, long by) {
        increments.incrementAndGet();
        return delegate.increment(id, key, by);
    }

    @Override
    public Map<String, SessionRecord> all() {
        others.incrementAndGet();
        return delegate.all();
    }

    @Override
    public long length() {
        others.incrementAndGet();
        return delegate.length();
    }

    @Override
    public void clear() {
        others.incrementAndGet();
        delegate.clear();
    }
}
