package dev.sojourn.tck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.sojourn.SessionDelta;
import dev.sojourn.SessionRecord;
import dev.sojourn.store.FileStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The other process of {@link FileStoreTest}'s cross-process test: over directory {@code args[0]},
 * patches session {@code args[1]} setting key {@code args[2]} to 1..{@code args[3]}, checking
 * before each patch that the key still holds the value it last wrote. Prints {@code ready}, waits
 * for a line on stdin, runs, and exits 0, or 2 after printing the lost update it saw.
 */
public final class FileStorePatcher {
    private FileStorePatcher() {
    }

    public static void main(String[] args) throws Exception {
        String id = args[1];
        String key = args[2];
        int patches = Integer.parseInt(args[3]);
        try (FileStore store = FileStore.builder().directory(Path.of(args[0])).fsync(false).reapInterval(Duration.ZERO).build()) {
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            for (int value = 1; value <= patches; value++) {
                Optional<SessionRecord> current = store.get(id);
                JsonNode mine = current.map(r -> r.attributes().get(key)).orElse(null);
                if (value > 1 && (mine == null || mine.asInt() != value - 1)) {
                    System.out.println("lost update: " + key + " was " + mine + " after writing " + (value - 1));
                    System.exit(2);
                }
                SessionRecord record = current.orElseThrow();
                if (!store.patch(id, new SessionDelta(Map.of(key, IntNode.valueOf(value)), Set.of(), record.cookie()))) {
                    System.out.println("session vanished");
                    System.exit(2);
                }
            }
        }
        System.out.println("done");
    }
}
