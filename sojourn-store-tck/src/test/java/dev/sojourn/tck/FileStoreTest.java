package dev.sojourn.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sojourn.CookieData;
import dev.sojourn.CorruptSessionException;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionJson;
import dev.sojourn.SessionRecord;
import dev.sojourn.SessionStoreException;
import dev.sojourn.store.FileStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the contract cannot see of {@link FileStore}: its files, its reaper, restarts, other instances and processes. */
class FileStoreTest {
    private static final String SESSION_FILE = "[0-9a-f]{64}\\.json";

    @TempDir
    Path root;

    private final ManualClock clock = ManualClock.frozenNow();
    private final List<FileStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(FileStore::close);
    }

    private Path dir() {
        return root.resolve("sessions");
    }

    private FileStore open(UnaryOperator<FileStore.Builder> options) {
        FileStore store = options.apply(FileStore.builder().directory(dir()).clock(clock).reapInterval(Duration.ZERO)).build();
        opened.add(store);
        return store;
    }

    private FileStore open() {
        return open(b -> b.fsync(false));
    }

    private SessionRecord record(@Nullable Duration ttl, String key, Object value) {
        JsonNode node = value instanceof Integer i ? IntNode.valueOf(i) : TextNode.valueOf(value.toString());
        return new SessionRecord(cookie(ttl), Map.of(key, node));
    }

    private CookieData cookie(@Nullable Duration ttl) {
        return new CookieData(ttl == null ? null : ttl.toMillis(), null, null,
                ttl == null ? null : clock.instant().plus(ttl), null, true, null, "/", null);
    }

    private List<String> sessionFileNames() throws Exception {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches(SESSION_FILE)).sorted().toList();
        }
    }

    // ---- file names ----

    @Test
    void fileNames_evilIds_stayDirectlyInsideTheDirectory() throws Exception {
        FileStore store = open();
        List<String> ids = List.of("../../etc/passwd", "..", ".", "/", "/etc/passwd", "a/b\\c", "..\\..\\x", "C:\\x",
                "\u0000", "a\u0000b", "../\u0000/..", "", " ", "~", "$HOME", "x".repeat(10_000), "%2e%2e%2f",
                "\uD800", "?", "\uFFFD", "CON", "aux", "Ab", "aB", "sess:1", "*");
        for (int i = 0; i < ids.size(); i++) {
            store.set(ids.get(i), record(Duration.ofHours(1), "index", i));
        }
        try (Stream<Path> everything = Files.walk(root)) {
            for (Path path : everything.filter(Files::isRegularFile).toList()) {
                Path parent = path.getParent();
                assertThat(parent).as("parent of %s", path).isIn(dir(), dir().resolve(".locks"));
            }
        }
        try (Stream<Path> children = Files.list(dir())) {
            assertThat(children.map(p -> p.getFileName().toString()))
                    .allMatch(name -> name.matches(SESSION_FILE) || name.equals(".locks"));
        }
        assertThat(sessionFileNames()).as("one file per id").hasSize(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            assertThat(store.fileOf(id).getParent()).isEqualTo(store.directory());
            assertThat(store.get(id)).as("session #%s", i).get()
                    .extracting(r -> r.attributes().get("index").asInt()).isEqualTo(i);
        }
    }

    @Test
    void fileOf_idsThatEncodeAlikeInUtf8_areDistinctFiles() {
        FileStore store = open();
        // A lone surrogate becomes '?' in UTF-8 (String.getBytes); the file name must not depend on that.
        assertThat(Set.of(store.fileOf("\uD800"), store.fileOf("?"), store.fileOf("\uFFFD"), store.fileOf("\uDC00")))
                .hasSize(4);
    }

    @Test
    void fileContent_isExactlyTheExpressSessionJson() throws Exception {
        FileStore store = open();
        SessionRecord record = record(Duration.ofHours(1), "views", 3);
        store.set("sid", record);
        assertThat(Files.readString(store.fileOf("sid"))).isEqualTo(SessionJson.write(record));
        assertThat(Files.getLastModifiedTime(store.fileOf("sid")).toMillis()).isEqualTo(clock.millis());
    }

    @Test
    void files_onPosix_areReadableByTheOwnerOnly() throws Exception {
        assumeTrue(root.getFileSystem().supportedFileAttributeViews().contains("posix"), "not a POSIX file system");
        FileStore store = open();
        store.set("sid", record(Duration.ofHours(1), "a", 1));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.fileOf("sid")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir()))).isEqualTo("rwx------");
    }

    @Test
    void get_fileWrittenByNode_isRead() throws Exception {
        FileStore store = open();
        Files.writeString(store.fileOf("node"),
                "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"},\"views\":2}");
        assertThat(store.get("node")).get().extracting(r -> r.attributes().get("views").asInt()).isEqualTo(2);
    }

    // ---- restart, other instances, other processes ----

    @Test
    void restart_newStoreOverTheSameDirectory_seesTheSessions() throws Exception {
        FileStore first = open(b -> b);
        SessionRecord persistent = record(Duration.ofHours(1), "user", "alice");
        SessionRecord browser = record(null, "cart", "3 items");
        first.set("persistent", persistent);
        first.set("browser", browser);
        first.patch("persistent", new SessionDelta(Map.of("views", IntNode.valueOf(1)), Set.of(), persistent.cookie()));
        first.close();

        FileStore second = open(b -> b);
        assertThat(second.get("persistent")).get().extracting(SessionRecord::attributes)
                .isEqualTo(Map.of("user", TextNode.valueOf("alice"), "views", IntNode.valueOf(1)));
        assertThat(second.get("browser")).contains(browser);
        assertThat(second.length()).isEqualTo(2);
    }

    @Test
    void twoStoresOverOneDirectory_patchingConcurrently_loseNothing() throws Exception {
        FileStore a = open();
        FileStore b = open();
        a.set("shared", record(Duration.ofHours(1), "base", "kept"));
        int threadsPerStore = 4;
        int patches = 40;
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerStore);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 2 * threadsPerStore; t++) {
                FileStore store = t % 2 == 0 ? a : b;
                String key = "k" + t;
                futures.add(pool.submit(() -> {
                    start.await();
                    patchOwnKey(store, "shared", key, patches, problems);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(problems).isEmpty();
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        expected.put("base", TextNode.valueOf("kept"));
        for (int t = 0; t < 2 * threadsPerStore; t++) {
            expected.put("k" + t, IntNode.valueOf(patches));
        }
        assertThat(new LinkedHashMap<>(b.get("shared").orElseThrow().attributes())).isEqualTo(expected);
    }

    @Test
    void twoProcessesOverOneDirectory_patchingConcurrently_loseNothing() throws Exception {
        FileStore store = open(b -> b.fsync(false).clock(java.time.Clock.systemUTC()));
        store.set("shared", record(Duration.ofHours(1), "base", "kept"));
        int patches = 60;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                FileStorePatcher.class.getName(), dir().toString(), "shared", "child", String.valueOf(patches))
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                // skip JVM or logging noise
            }
            assertThat(line).as("child process started").isEqualTo("ready");
            Queue<String> problems = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<?>> futures = new ArrayList<>();
            try (OutputStream in = child.getOutputStream()) {
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            for (int t = 0; t < 3; t++) {
                String key = "parent" + t;
                futures.add(pool.submit(() -> {
                    patchOwnKey(store, "shared", key, patches, problems);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            String childOutput = out.lines().collect(Collectors.joining("\n"));
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
            assertThat(child.exitValue()).as("child exit; output:\n%s", childOutput).isZero();
            assertThat(problems).isEmpty();
        } finally {
            child.destroyForcibly();
        }
        Map<String, JsonNode> attributes = store.get("shared").orElseThrow().attributes();
        assertThat(attributes).containsEntry("base", TextNode.valueOf("kept"))
                .containsEntry("child", IntNode.valueOf(patches))
                .containsEntry("parent0", IntNode.valueOf(patches))
                .containsEntry("parent1", IntNode.valueOf(patches))
                .containsEntry("parent2", IntNode.valueOf(patches));
    }

    /** Sets {@code key} to 1..n, checking before each patch that it still holds the last value written. */
    private static void patchOwnKey(FileStore store, String id, String key, int n, Queue<String> problems) {
        for (int value = 1; value <= n; value++) {
            Optional<SessionRecord> current = store.get(id);
            JsonNode mine = current.map(r -> r.attributes().get(key)).orElse(null);
            if (value > 1 && (mine == null || mine.asInt() != value - 1)) {
                problems.add(key + " was " + mine + " after writing " + (value - 1));
                return;
            }
            CookieData cookie = current.orElseThrow().cookie();
            if (!store.patch(id, new SessionDelta(Map.of(key, IntNode.valueOf(value)), Set.of(), cookie))) {
                problems.add("session vanished");
                return;
            }
        }
    }

    // ---- expiry and reaping ----

    @Test
    void reapExpired_fiftyExpiredFilesAndTenPerPass_deletesTenPerPass() throws Exception {
        FileStore store = open(b -> b.fsync(false).maxReapPerPass(10));
        for (int i = 0; i < 50; i++) {
            store.set("expiring-" + i, record(Duration.ofMinutes(1), "i", i));
        }
        clock.advance(Duration.ofMinutes(2));
        assertThat(sessionFileNames()).hasSize(50);
        for (int pass = 1; pass <= 5; pass++) {
            assertThat(store.reapExpired()).as("pass %s", pass).isEqualTo(10);
            assertThat(sessionFileNames()).hasSize(50 - 10 * pass);
        }
        assertThat(store.reapExpired()).isZero();
    }

    @Test
    void reapExpired_mixedFiles_deletesOnlyExpiredOnesAndLeavesForeignFiles() throws Exception {
        FileStore store = open(b -> b.fsync(false).maxReapPerPass(7).defaultTtl(Duration.ofHours(1)));
        for (int i = 0; i < 20; i++) {
            store.set("short-" + i, record(Duration.ofMinutes(1), "i", i));
            store.set("long-" + i, record(Duration.ofDays(2), "i", i));
        }
        store.set("browser-old", record(null, "b", 1));
        Files.writeString(dir().resolve("README.txt"), "not a session");
        Files.writeString(dir().resolve(("a".repeat(64)) + ".json.bak"), "not a session either");
        clock.advance(Duration.ofMinutes(30));
        store.set("browser-new", record(null, "b", 2));
        clock.advance(Duration.ofMinutes(31));

        int deleted = 0;
        for (int pass = 0; pass < 10; pass++) {
            int thisPass = store.reapExpired();
            assertThat(thisPass).isLessThanOrEqualTo(7);
            deleted += thisPass;
        }
        assertThat(deleted).isEqualTo(21);
        assertThat(sessionFileNames()).hasSize(21);
        for (int i = 0; i < 20; i++) {
            assertThat(store.get("long-" + i)).isPresent();
        }
        assertThat(store.get("browser-new")).isPresent();
        assertThat(store.get("browser-old")).isEmpty();
        assertThat(dir().resolve("README.txt")).exists();
        assertThat(dir().resolve(("a".repeat(64)) + ".json.bak")).exists();
    }

    @Test
    void browserSession_pastDefaultTtlSinceLastWrite_expiresButTouchExtendsIt() {
        FileStore store = open(b -> b.fsync(false).defaultTtl(Duration.ofHours(1)));
        store.set("browser", record(null, "a", 1));
        store.set("idle", record(null, "a", 1));
        clock.advance(Duration.ofMinutes(50));
        store.touch("browser", cookie(null));
        clock.advance(Duration.ofMinutes(50));
        assertThat(store.get("browser")).as("touched 50 min ago").isPresent();
        assertThat(store.get("idle")).as("written 100 min ago").isEmpty();
        assertThat(store.fileOf("idle")).doesNotExist();
    }

    @Test
    void get_expiredSession_deletesItsFile() {
        FileStore store = open();
        store.set("sid", record(Duration.ofMinutes(1), "a", 1));
        clock.advance(Duration.ofMinutes(2));
        assertThat(store.get("sid")).isEmpty();
        assertThat(store.fileOf("sid")).doesNotExist();
    }

    @Test
    void tempFiles_leftByACrashedWrite_areIgnoredAndReaped() throws Exception {
        FileStore store = open();
        SessionRecord record = record(Duration.ofHours(1), "a", 1);
        store.set("sid", record);
        String hash = store.fileOf("sid").getFileName().toString().substring(0, 64);
        Path crashed = dir().resolve(hash + ".0123456789abcdef.tmp");
        Path orphan = dir().resolve("b".repeat(64) + ".fedcba9876543210.tmp");
        Files.writeString(crashed, "{\"cookie\":{\"expi");
        Files.writeString(orphan, "");

        assertThat(store.get("sid")).contains(record);
        assertThat(store.length()).isEqualTo(1);
        store.patch("sid", new SessionDelta(Map.of("b", IntNode.valueOf(2)), Set.of(), record.cookie()));
        assertThat(store.get("sid")).get().extracting(r -> r.attributes().size()).isEqualTo(2);

        assertThat(store.reapExpired()).isEqualTo(2);
        assertThat(crashed).doesNotExist();
        assertThat(orphan).doesNotExist();
        assertThat(store.get("sid")).isPresent();
        try (Stream<Path> files = Files.list(dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void backgroundReaper_runsOnItsOwnAndStopsOnClose() throws Exception {
        FileStore store = open(b -> b.fsync(false).reapInterval(Duration.ofMillis(20)));
        store.set("sid", record(Duration.ofMinutes(1), "a", 1));
        clock.advance(Duration.ofMinutes(2));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Files.exists(store.fileOf("sid")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(store.fileOf("sid")).as("reaped in the background").doesNotExist();
        store.close();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reaperThreadAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(reaperThreadAlive()).as("a reaper thread still runs after close()").isFalse();
        store.set("after-close", record(Duration.ofMinutes(1), "a", 1));
        assertThat(store.get("after-close")).as("the store stays usable after close").isPresent();
    }

    private static boolean reaperThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("sojourn-filestore-reaper") && t.isAlive());
    }

    // ---- failures ----

    @Test
    void get_invalidUtf8_throwsCorruptSessionException() throws Exception {
        FileStore store = open();
        Files.write(store.fileOf("sid"), new byte[] {'{', '"', 'a', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
        assertThatThrownBy(() -> store.get("sid")).isInstanceOf(CorruptSessionException.class)
                .hasMessageContaining("FileStore get");
    }

    @Test
    void ioError_throwsSessionStoreExceptionNamingStoreAndOperationButNotTheId() throws Exception {
        FileStore store = open();
        String id = "secret-session-id-0123456789";
        Path file = store.fileOf(id);
        Files.createDirectories(file.resolve("blocker"));
        assertThatThrownBy(() -> store.get(id)).isInstanceOf(SessionStoreException.class)
                .isNotInstanceOf(CorruptSessionException.class)
                .hasMessageContaining("FileStore get")
                .hasMessageContaining("secr…")
                .hasMessageNotContaining(id);
        assertThatThrownBy(() -> store.set(id, record(Duration.ofHours(1), "a", 1)))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageContaining("FileStore set")
                .hasMessageNotContaining(id);
        try (Stream<Path> files = Files.list(dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("failed write cleaned up").noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void all_isUnsupportedButLengthAndClearWork() throws Exception {
        FileStore store = open();
        store.set("a", record(Duration.ofHours(1), "a", 1));
        store.set("b", record(Duration.ofHours(1), "a", 1));
        Files.writeString(dir().resolve("README.txt"), "keep me");
        assertThatThrownBy(store::all).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("FileStore");
        assertThat(store.length()).isEqualTo(2);
        store.clear();
        assertThat(store.length()).isZero();
        assertThat(dir().resolve("README.txt")).exists();
    }

    @Test
    void builder_invalidSettings_areRejected() throws Exception {
        assertThatThrownBy(() -> FileStore.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("directory");
        assertThatThrownBy(() -> FileStore.builder().maxReapPerPass(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileStore.builder().defaultTtl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileStore.builder().reapInterval(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        Path aFile = Files.writeString(root.resolve("a-file"), "x");
        assertThatThrownBy(() -> FileStore.builder().directory(aFile).build()).isInstanceOf(SessionStoreException.class)
                .hasMessageContaining("FileStore");
    }

    @Test
    void directory_missing_isCreatedWithItsParents() {
        Path nested = root.resolve("a/b/c");
        FileStore store = FileStore.builder().directory(nested).reapInterval(Duration.ZERO).build();
        opened.add(store);
        store.set("sid", new SessionRecord(cookie(Duration.ofHours(1)), Map.of()));
        assertThat(store.directory()).isDirectory();
        assertThat(store.get("sid")).isPresent();
    }
}
