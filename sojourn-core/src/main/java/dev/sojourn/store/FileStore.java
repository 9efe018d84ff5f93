package dev.sojourn.store;

import dev.sojourn.CookieData;
import dev.sojourn.CorruptSessionException;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionIds;
import dev.sojourn.SessionJson;
import dev.sojourn.SessionRecord;
import dev.sojourn.SessionStore;
import dev.sojourn.SessionStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store that keeps one file per session in a directory, so sessions survive a restart of the
 * process with nothing to install: the example app's default. It is meant for one machine (one or
 * a few processes sharing a local disk); past that, use Redis or a SQL database.
 *
 * <h2>File layout</h2>
 * <pre>
 * directory/
 *   9f86d0…0f00a08.json        one session: exactly {@link SessionJson#write}, express-session's JSON
 *   9f86d0…0f00a08.1c9e…a4.tmp a write in progress (or left behind by a crash; reaped)
 *   .locks/00.lock … 3f.lock   lock files, one per stripe of sessions (never deleted)
 * </pre>
 * A session's file name is the lower-case hex SHA-256 of its id (of the id's UTF-16 code units, so
 * that every distinct Java string has its own name) followed by {@code .json}: 69 characters of
 * {@code [0-9a-f.json]} whatever the id is ({@code ..}, {@code /}, NUL, 10,000 characters), so no
 * id can name a path outside the directory, two ids never share a file (barring a SHA-256
 * collision), names stay distinct on case-insensitive file systems, and a directory listing reveals
 * no session id (ids are bearer credentials). The price: ids cannot be recovered from file names,
 * so the optional {@link #all()} is not supported ({@link #length()} and {@link #clear()} are). On
 * POSIX file systems files are created {@code rw-------} and a directory the store creates
 * {@code rwx------}. Files this store did not write (other names) are ignored and never deleted.
 *
 * <h2>Expiry</h2>
 * A session expires at its cookie's {@code expires}. A browser-session cookie ({@code expires}
 * null) expires {@link Builder#defaultTtl(Duration) defaultTtl} (default one day) after the
 * file's last-modified time, which the store sets to its clock's "now" on every write
 * ({@code set}, {@code patch}, {@code touch}; {@code increment} keeps the time it found); copying the directory without preserving times
 * therefore only lengthens such sessions. Expired sessions are never returned; reading one deletes
 * it. A background reaper (a daemon thread, every {@link Builder#reapInterval(Duration)
 * reapInterval}, default one minute; {@link #close()} stops it) examines at most
 * {@link Builder#maxReapPerPass(int) maxReapPerPass} files per pass (default
 * {@value #DEFAULT_MAX_REAP_PER_PASS}), resuming after the last file it examined, deletes the
 * expired ones and the temporary files of crashed writes. {@link #reapExpired()} runs one pass
 * by hand. Unreadable files are treated like browser-session ones for reaping.
 *
 * <h2>Atomicity and thread-safety</h2>
 * Thread-safe; several instances, in one JVM or in several processes, may share a directory on a
 * local file system (advisory file locks on network file systems are not reliable). Every write
 * goes to a temporary file in the same directory, is flushed to disk when {@link Builder#fsync(boolean)
 * fsync} is on (the default), and is then renamed over the session's file with
 * {@code ATOMIC_MOVE}, so a reader sees the old or the new file, never a torn one. {@code set},
 * {@code patch}, {@code touch}, {@code increment} and {@code destroy} hold the session's stripe lock: a lock shared by
 * every {@code FileStore} of the JVM on that directory, plus a {@link FileChannel#lock()} on the
 * stripe's lock file for other processes. {@link #patch}, {@link #touch} and {@link #increment} read, merge and write
 * under that lock, so parallel patches lose nothing, and a {@link #destroy} that completed before
 * a patch took the lock makes the patch return {@code false} instead of re-creating the session.
 * {@link #get} takes no lock.
 *
 * <p>Failures: I/O errors are {@link SessionStoreException}s and unreadable files
 * {@link CorruptSessionException}s, both naming {@code FileStore} and the operation and showing
 * only {@link SessionIds#redact a redacted id}.
 */
public final class FileStore implements SessionStore, AutoCloseable {
    /** The default lifetime of a session whose cookie has no expiry: one day. */
    public static final Duration DEFAULT_TTL = Duration.ofDays(1);
    /** The default pause between two passes of the background reaper: one minute. */
    public static final Duration DEFAULT_REAP_INTERVAL = Duration.ofMinutes(1);
    /** The default bound on the files one reaper pass examines. */
    public static final int DEFAULT_MAX_REAP_PER_PASS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);
    private static final String SUFFIX = ".json";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final String LOCK_DIRECTORY = ".locks";
    private static final int STRIPES = 64;
    private static final Pattern SESSION_FILE = Pattern.compile("[0-9a-f]{64}\\.json");
    private static final Pattern TEMP_FILE = Pattern.compile("[0-9a-f]{64}\\.[0-9a-f]{16}\\.tmp");
    private static final HexFormat HEX = HexFormat.of();
    /** The in-JVM half of the stripe locks, shared by every FileStore over one (real) directory. */
    private static final ConcurrentMap<Path, ReentrantLock[]> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path directory;
    private final Path[] lockFiles = new Path[STRIPES];
    private final Clock clock;
    private final long defaultTtlMillis;
    private final int maxReapPerPass;
    private final boolean fsync;
    private final ReentrantLock[] locks;
    private final FileAttribute<?>[] fileAttributes;
    private final @Nullable ScheduledExecutorService reaper;
    private final Object reapMonitor = new Object();
    /** The name of the last file the reaper examined; the next pass starts after it. Guarded by reapMonitor. */
    private @Nullable String reapCursor;

    private FileStore(Builder builder) {
        Path dir = Objects.requireNonNull(builder.directory, "FileStore needs a directory").toAbsolutePath().normalize();
        this.clock = builder.clock;
        this.defaultTtlMillis = builder.defaultTtl.toMillis();
        this.maxReapPerPass = builder.maxReapPerPass;
        this.fsync = builder.fsync;
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        this.fileAttributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try {
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            this.directory = dir.toRealPath();
            Path lockDirectory = Files.createDirectories(directory.resolve(LOCK_DIRECTORY));
            for (int i = 0; i < STRIPES; i++) {
                lockFiles[i] = lockDirectory.resolve(String.format("%02x.lock", i));
            }
        } catch (IOException e) {
            throw new SessionStoreException("FileStore cannot use the directory " + dir + ": " + e, e);
        }
        this.locks = JVM_LOCKS.computeIfAbsent(directory, d -> {
            ReentrantLock[] stripes = new ReentrantLock[STRIPES];
            for (int i = 0; i < STRIPES; i++) {
                stripes[i] = new ReentrantLock();
            }
            return stripes;
        });
        if (builder.reapInterval.isZero()) {
            this.reaper = null;
        } else {
            this.reaper = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "sojourn-filestore-reaper");
                thread.setDaemon(true);
                return thread;
            });
            long interval = builder.reapInterval.toMillis();
            reaper.scheduleWithFixedDelay(this::reapInBackground, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A store in {@code directory} (created if missing) with the defaults, its background reaper
     * running: {@link #close()} it when done.
     */
    public static FileStore create(Path directory) {
        return builder().directory(directory).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The directory the sessions live in (absolute, symbolic links resolved). */
    public Path directory() {
        return directory;
    }

    /**
     * The file that holds session {@code id}: {@code directory/<hex SHA-256 of the id>.json}, always a
     * direct child of {@link #directory()}. It exists only while the session is stored.
     */
    public Path fileOf(String id) {
        return directory.resolve(hash(id) + SUFFIX);
    }

    // ---- SessionStore ----

    @Override
    public Optional<SessionRecord> get(String id) {
        String hash = hash(id);
        Path file = directory.resolve(hash + SUFFIX);
        Stored stored;
        try {
            stored = read(file, "get", id);
        } catch (IOException e) {
            throw failure("get", id, e);
        }
        if (stored == null) {
            return Optional.empty();
        }
        if (isExpired(stored, clock.millis())) {
            deleteIfExpired(hash, file, "get", id);
            return Optional.empty();
        }
        return Optional.of(stored.record);
    }

    @Override
    public void set(String id, SessionRecord record) {
        String hash = hash(id);
        Path file = directory.resolve(hash + SUFFIX);
        byte[] json = SessionJson.write(record).getBytes(StandardCharsets.UTF_8);
        locked(hash, "set", id, () -> {
            long now = clock.millis();
            if (record.isExpiredAt(now)) {
                Files.deleteIfExists(file);
            } else {
                write(hash, file, json, now);
            }
            return null;
        });
    }

    @Override
    public void destroy(String id) {
        String hash = hash(id);
        Path file = directory.resolve(hash + SUFFIX);
        locked(hash, "destroy", id, () -> Files.deleteIfExists(file));
    }

    /** Replaces the stored cookie (and so the expiry) under the session's lock; attributes are untouched. */
    @Override
    public void touch(String id, CookieData cookie) {
        update(id, "touch", false, record -> record.withCookie(cookie));
    }

    /** Reads, merges and writes under the session's lock; see the class comment. */
    @Override
    public boolean patch(String id, SessionDelta delta) {
        return update(id, "patch", false, record -> record.apply(delta));
    }

    /**
     * Reads, adds and writes under the session's lock, like {@link #patch}; the file keeps its
     * last-modified time, so a browser session's expiry does not move.
     */
    @Override
    public Optional<SessionRecord> increment(String id, String key, long by) {
        Objects.requireNonNull(key, "key");
        SessionRecord[] result = {null};
        boolean applied = update(id, "increment", true, record -> {
            result[0] = record.incremented(key, by);
            return result[0];
        });
        return applied ? Optional.of(result[0]) : Optional.empty();
    }

    /**
     * Not supported: file names are one-way hashes of the ids, so the ids cannot be listed.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Map<String, SessionRecord> all() {
        throw new UnsupportedOperationException(
                "FileStore does not support all(): its file names are one-way hashes of the session ids");
    }

    /** The number of live sessions; reads every session file, so it costs as much as the directory is large. */
    @Override
    public long length() {
        long now = clock.millis();
        long count = 0;
        for (Path file : list("length", SESSION_FILE)) {
            try {
                Stored stored = read(file, "length", null);
                if (stored != null && !isExpired(stored, now)) {
                    count++;
                }
            } catch (CorruptSessionException e) {
                // not a live session
            } catch (IOException e) {
                throw failure("length", null, e);
            }
        }
        return count;
    }

    /** Deletes every session file and temporary file of this store (other files in the directory stay). */
    @Override
    public void clear() {
        for (Path file : list("clear", SESSION_FILE, TEMP_FILE)) {
            String hash = file.getFileName().toString().substring(0, 64);
            locked(hash, "clear", null, () -> Files.deleteIfExists(file));
        }
    }

    // ---- reaping ----

    /**
     * Runs one reaper pass now: examines at most {@code maxReapPerPass} of the store's files, in
     * name order starting after the last file the previous pass examined (wrapping around at the
     * end), and deletes the expired sessions and the temporary files crashed writes left behind.
     * Choosing the batch reads the directory's file names (names only, not contents); only the
     * files of the batch are read.
     *
     * @return the number of files deleted
     */
    public int reapExpired() {
        synchronized (reapMonitor) {
            List<Path> batch = nextBatch();
            reapCursor = batch.size() < maxReapPerPass || batch.isEmpty()
                    ? null
                    : batch.get(batch.size() - 1).getFileName().toString();
            int deleted = 0;
            long now = clock.millis();
            for (Path file : batch) {
                String name = file.getFileName().toString();
                String hash = name.substring(0, 64);
                try {
                    if (name.endsWith(TEMP_SUFFIX)) {
                        // Writers hold the stripe lock from creating a temporary file to renaming it,
                        // so one found under that lock belongs to no write in progress.
                        if (Boolean.TRUE.equals(locked(hash, "reap", null, () -> Files.deleteIfExists(file)))) {
                            deleted++;
                        }
                    } else if (reapIfExpired(hash, file, now)) {
                        deleted++;
                    }
                } catch (SessionStoreException e) {
                    LOG.warn("FileStore reaper skipped {}: {}", name, e.getMessage());
                }
            }
            if (deleted > 0) {
                LOG.debug("FileStore reaper deleted {} of {} files examined in {}", deleted, batch.size(), directory);
            }
            return deleted;
        }
    }

    /** The next files to examine: up to maxReapPerPass names after the cursor, in name order. */
    private List<Path> nextBatch() {
        String after = reapCursor;
        PriorityQueue<String> largestLast = new PriorityQueue<>(Collections.reverseOrder());
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if ((after != null && name.compareTo(after) <= 0) || !isStoreFile(name)) {
                    continue;
                }
                largestLast.add(name);
                if (largestLast.size() > maxReapPerPass) {
                    largestLast.poll();
                }
            }
        } catch (IOException e) {
            throw failure("reap", null, e);
        }
        List<Path> batch = new ArrayList<>(largestLast.size());
        while (!largestLast.isEmpty()) {
            batch.add(directory.resolve(largestLast.poll()));
        }
        Collections.reverse(batch);
        return batch;
    }

    private boolean reapIfExpired(String hash, Path file, long now) {
        long expiresAt;
        try {
            expiresAt = expiryForReaping(file);
        } catch (IOException e) {
            LOG.warn("FileStore reaper cannot read {}: {}", file.getFileName(), e.toString());
            return false;
        }
        if (expiresAt > now) {
            return false;
        }
        return Boolean.TRUE.equals(locked(hash, "reap", null, () -> {
            // Re-check under the lock: the session may have been written since.
            if (expiryForReaping(file) > clock.millis()) {
                return false;
            }
            return Files.deleteIfExists(file);
        }));
    }

    /** When the file expires; unreadable files are given a browser-session lifetime. Already gone = never. */
    private long expiryForReaping(Path file) throws IOException {
        try {
            Stored stored = read(file, "reap", null);
            return stored == null ? Long.MAX_VALUE : expiresAt(stored);
        } catch (CorruptSessionException e) {
            try {
                return Files.getLastModifiedTime(file).toMillis() + defaultTtlMillis;
            } catch (NoSuchFileException gone) {
                return Long.MAX_VALUE;
            }
        }
    }

    private void reapInBackground() {
        try {
            reapExpired();
        } catch (RuntimeException e) {
            LOG.warn("FileStore reaper pass failed in {}", directory, e);
        }
    }

    /**
     * Stops the background reaper, letting a running pass finish (it is bounded) for up to five
     * seconds before interrupting it. Idempotent. The store itself stays usable: sessions can still
     * be read and written, and {@link #reapExpired()} still works.
     */
    @Override
    public void close() {
        if (reaper == null) {
            return;
        }
        reaper.shutdown();
        try {
            if (!reaper.awaitTermination(5, TimeUnit.SECONDS)) {
                reaper.shutdownNow();
            }
        } catch (InterruptedException e) {
            reaper.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // ---- internals ----

    private interface Update {
        SessionRecord apply(SessionRecord record);
    }

    /**
     * Read-merge-write under the session's lock; false when the session is missing or expired. With
     * {@code keepModifiedTime} the rewritten file keeps the stored last-modified time (and so a
     * browser session its expiry) instead of being stamped with now.
     */
    private boolean update(String id, String operation, boolean keepModifiedTime, Update update) {
        String hash = hash(id);
        Path file = directory.resolve(hash + SUFFIX);
        Boolean applied = locked(hash, operation, id, () -> {
            Stored stored = read(file, operation, id);
            long now = clock.millis();
            if (stored == null) {
                return false;
            }
            if (isExpired(stored, now)) {
                Files.deleteIfExists(file);
                return false;
            }
            SessionRecord updated = update.apply(stored.record);
            if (updated.isExpiredAt(now)) {
                Files.deleteIfExists(file);
            } else {
                write(hash, file, SessionJson.write(updated).getBytes(StandardCharsets.UTF_8),
                        keepModifiedTime ? stored.modifiedMillis : now);
            }
            return true;
        });
        return Boolean.TRUE.equals(applied);
    }

    private void deleteIfExpired(String hash, Path file, String operation, String id) {
        locked(hash, operation, id, () -> {
            Stored current;
            try {
                current = read(file, operation, id);
            } catch (CorruptSessionException e) {
                return null; // rewritten meanwhile with garbage: not ours to judge here
            }
            if (current != null && isExpired(current, clock.millis())) {
                Files.deleteIfExists(file);
            }
            return null;
        });
    }

    /** Writes a temporary file, flushes it, stamps it with {@code now}, and renames it over {@code file}. Call under the lock. */
    private void write(String hash, Path file, byte[] content, long now) throws IOException {
        Path temp = null;
        for (int attempt = 0; temp == null; attempt++) {
            Path candidate = directory.resolve(hash + '.' + HEX.toHexDigits(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
            try {
                Files.createFile(candidate, fileAttributes);
                temp = candidate;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (fsync) {
                    channel.force(true);
                }
            }
            // After close: some file systems stamp the time of the last write when the handle closes.
            Files.setLastModifiedTime(temp, FileTime.fromMillis(now));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.debug("FileStore cannot delete its temporary file {}", temp.getFileName(), e);
                }
            }
        }
    }

    /** The stored session, or null when there is no file. Stat first, then read: see expiresAt. */
    private @Nullable Stored read(Path file, String operation, @Nullable String id) throws IOException {
        long modified;
        byte[] bytes;
        try {
            // The time is read before the content: if a write lands in between, the content is
            // newer than the time, which can only make a browser session look older, never revive it.
            modified = Files.getLastModifiedTime(file).toMillis();
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CorruptSessionException(describe(operation, id) + ": the stored session is not UTF-8", e);
        }
        try {
            return new Stored(SessionJson.read(text), modified);
        } catch (CorruptSessionException e) {
            throw new CorruptSessionException(describe(operation, id) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CorruptSessionException(describe(operation, id) + ": the stored session cannot be read: " + e, e);
        }
    }

    private boolean isExpired(Stored stored, long now) {
        return expiresAt(stored) <= now;
    }

    private long expiresAt(Stored stored) {
        CookieData cookie = stored.record.cookie();
        return cookie.expires() != null ? cookie.expires().toEpochMilli() : stored.modifiedMillis + defaultTtlMillis;
    }

    private interface IoAction<T> {
        @Nullable T run() throws IOException;
    }

    /** Runs {@code action} holding the stripe lock of {@code hash}: the JVM-wide lock, then the file lock. */
    private <T> @Nullable T locked(String hash, String operation, @Nullable String id, IoAction<T> action) {
        int stripe = Integer.parseInt(hash.substring(0, 2), 16) % STRIPES;
        ReentrantLock lock = locks[stripe];
        lock.lock();
        try (FileChannel channel = FileChannel.open(lockFiles[stripe],
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), fileAttributes)) {
            FileLock fileLock = channel.lock();
            try {
                return action.run();
            } finally {
                fileLock.release();
            }
        } catch (IOException e) {
            throw failure(operation, id, e);
        } finally {
            lock.unlock();
        }
    }

    private List<Path> list(String operation, Pattern... patterns) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                for (Pattern pattern : patterns) {
                    if (pattern.matcher(name).matches()) {
                        files.add(entry);
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw failure(operation, null, e);
        }
        return files;
    }

    private static boolean isStoreFile(String name) {
        return SESSION_FILE.matcher(name).matches() || TEMP_FILE.matcher(name).matches();
    }

    private static SessionStoreException failure(String operation, @Nullable String id, IOException e) {
        return new SessionStoreException(describe(operation, id) + " failed: " + e, e);
    }

    private static String describe(String operation, @Nullable String id) {
        return id == null ? "FileStore " + operation : "FileStore " + operation + " of session " + SessionIds.redact(id);
    }

    /** Lower-case hex SHA-256 of the id's UTF-16 code units (injective on Java strings, unlike UTF-8 with lone surrogates). */
    private static String hash(String id) {
        Objects.requireNonNull(id, "id");
        ByteBuffer units = ByteBuffer.allocate(id.length() * 2);
        units.asCharBuffer().put(CharBuffer.wrap(id));
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(units.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private record Stored(SessionRecord record, long modifiedMillis) {
    }

    @Override
    public String toString() {
        return "FileStore[" + directory + "]";
    }

    /** Builds a {@link FileStore}. */
    public static final class Builder {
        private @Nullable Path directory;
        private Clock clock = Clock.systemUTC();
        private Duration defaultTtl = DEFAULT_TTL;
        private Duration reapInterval = DEFAULT_REAP_INTERVAL;
        private int maxReapPerPass = DEFAULT_MAX_REAP_PER_PASS;
        private boolean fsync = true;

        private Builder() {
        }

        /** The directory sessions are kept in; required. Created (with its parents) if missing. */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The clock expiry is measured with (and file times are stamped from); default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The lifetime of sessions whose cookie has no expiry, counted from their last write; default one day. Must be positive. */
        public Builder defaultTtl(Duration defaultTtl) {
            Objects.requireNonNull(defaultTtl, "defaultTtl");
            if (defaultTtl.isNegative() || defaultTtl.isZero()) {
                throw new IllegalArgumentException("defaultTtl must be positive; got " + defaultTtl);
            }
            this.defaultTtl = defaultTtl;
            return this;
        }

        /**
         * The pause between two passes of the background reaper; default one minute. {@link Duration#ZERO}
         * starts no reaper thread (expired sessions are then deleted only when read or by
         * {@link FileStore#reapExpired()}). Must not be negative.
         */
        public Builder reapInterval(Duration reapInterval) {
            Objects.requireNonNull(reapInterval, "reapInterval");
            if (reapInterval.isNegative()) {
                throw new IllegalArgumentException("reapInterval must not be negative; got " + reapInterval);
            }
            this.reapInterval = reapInterval;
            return this;
        }

        /** The most files one reaper pass examines (and so deletes); default {@value FileStore#DEFAULT_MAX_REAP_PER_PASS}. Must be positive. */
        public Builder maxReapPerPass(int maxReapPerPass) {
            if (maxReapPerPass <= 0) {
                throw new IllegalArgumentException("maxReapPerPass must be positive; got " + maxReapPerPass);
            }
            this.maxReapPerPass = maxReapPerPass;
            return this;
        }

        /**
         * Whether each write is forced to disk before it replaces the session's file; default true.
         * Off, a write costs less but an operating-system crash or power loss may lose recent
         * writes (never a process crash: the rename is atomic either way).
         */
        public Builder fsync(boolean fsync) {
            this.fsync = fsync;
            return this;
        }

        public FileStore build() {
            if (directory == null) {
                throw new IllegalStateException("FileStore needs a directory: call directory(Path)");
            }
            return new FileStore(this);
        }
    }
}
