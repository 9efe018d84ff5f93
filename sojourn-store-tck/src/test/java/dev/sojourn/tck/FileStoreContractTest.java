package dev.sojourn.tck;

import dev.sojourn.SessionStore;
import dev.sojourn.store.FileStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileStore} passes the contract; the back doors read and write its files directly. */
class FileStoreContractTest extends SessionStoreContract {
    @TempDir
    Path directory;

    @Override
    protected SessionStore createStore(Clock clock) {
        // fsync only adds durability against power loss, which no test here can observe; off, the run is faster.
        return FileStore.builder().directory(directory.resolve("sessions")).clock(clock).fsync(false).build();
    }

    @Override
    protected void closeStore(SessionStore store) {
        ((FileStore) store).close();
    }

    @Override
    protected boolean supportsAll() {
        return false;
    }

    @Override
    protected void writeRaw(String id, String rawValue) throws Exception {
        Files.writeString(fileStore().fileOf(id), rawValue, StandardCharsets.UTF_8);
    }

    @Override
    protected Optional<String> readRaw(String id) throws Exception {
        Path file = fileStore().fileOf(id);
        return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
    }

    private FileStore fileStore() {
        return (FileStore) store;
    }
}
