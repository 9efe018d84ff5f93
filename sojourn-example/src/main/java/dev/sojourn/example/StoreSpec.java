package dev.sojourn.example;

import dev.sojourn.SessionStore;
import dev.sojourn.store.FileStore;
import dev.sojourn.store.MemoryStore;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The value of {@code --store}: which {@link SessionStore} the app uses. This is the one place that
 * maps the flag's text to a store. {@link #parse(String)} checks the text without any I/O (so a
 * bad value fails at start-up with a usage error); {@link #open()} creates the store.
 *
 * <p>Supported now: {@code memory}, {@code file:PATH}. To add a store (e.g. {@code file:PATH}, {@code redis://...},
 * {@code jdbc:...}): add a record implementing this interface, recognise its prefix in
 * {@link #parse(String)}, and list it in {@link #SUPPORTED}.
 */
public sealed interface StoreSpec {
    /** The forms accepted, for messages and {@code --help}. */
    String SUPPORTED = "memory, file:PATH";

    /** The default: a file store in {@value #DEFAULT_FILE_DIRECTORY} under the working directory, so sessions survive a restart. */
    String DEFAULT_FILE_DIRECTORY = ".sojourn-sessions";

    /** Creates the store. Stores that hold resources should implement {@link AutoCloseable}; the app closes them on stop. */
    SessionStore open();

    /** The bounded in-process {@link MemoryStore} with its defaults. */
    record Memory() implements StoreSpec {
        @Override
        public SessionStore open() {
            return MemoryStore.create();
        }

        @Override
        public String toString() {
            return "memory";
        }
    }

    /** A {@link FileStore}: one file per session under {@code directory}; survives restarts with nothing to install. */
    record File(Path directory) implements StoreSpec {
        @Override
        public SessionStore open() {
            return FileStore.create(directory);
        }

        @Override
        public String toString() {
            return "file:" + directory;
        }
    }

    /** The store used when {@code --store} is not given: {@code file:.sojourn-sessions}. */
    static StoreSpec defaultSpec() {
        return new File(Path.of(DEFAULT_FILE_DIRECTORY));
    }

    /**
     * Parses the flag's value.
     *
     * @throws IllegalArgumentException with a message fit for the user when the value names no supported store
     */
    static StoreSpec parse(String value) {
        String text = value.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("memory")) {
            return new Memory();
        }
        if (lower.startsWith("file:")) {
            String path = text.substring("file:".length());
            if (path.isBlank()) {
                throw new IllegalArgumentException("file store needs a directory: file:PATH");
            }
            return new File(Path.of(path));
        }
        //        if (lower.startsWith("redis://") || lower.startsWith("rediss://")) return new Redis(URI.create(text));
        //        if (lower.startsWith("jdbc:")) return new Jdbc(text);
        throw new IllegalArgumentException("unknown store '" + value + "'; supported: " + SUPPORTED);
    }
}
