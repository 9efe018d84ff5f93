package dev.sojourn.tck;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.SessionDelta;
import dev.sojourn.SessionJson;
import dev.sojourn.SessionRecord;
import dev.sojourn.SessionStore;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Test;

/**
 * Tests the kit itself: its concurrency tests must fail for a store whose patch is the naive
 * read-merge-write without a lock, or they prove nothing for the stores that pass them.
 */
class ContractSelfTest {

    @Test
    void sixteenThreadTest_naiveReadMergeWriteStore_fails() throws Exception {
        NaiveStoreContract contract = new NaiveStoreContract();
        contract.openStore();
        try {
            assertThatThrownBy(contract::patch_sixteenThreadsOnOneSession_loseNoUpdate)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("lost update");
        } finally {
            contract.releaseStore();
        }
    }

    @Test
    void destroyRaceTest_naiveReadMergeWriteStore_fails() throws Exception {
        NaiveStoreContract contract = new NaiveStoreContract();
        contract.openStore();
        try {
            assertThatThrownBy(contract::patch_concurrentWithDestroy_neverResurrectsTheSession)
                    .isInstanceOf(AssertionError.class);
        } finally {
            contract.releaseStore();
        }
    }

    @Test
    void incrementSixteenThreadTest_defaultReadMergeWriteIncrement_fails() throws Exception {
        NaiveStoreContract contract = new NaiveStoreContract();
        contract.openStore();
        try {
            assertThatThrownBy(contract::increment_sixteenThreadsOnOneKey_loseNoIncrement)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("lost increments");
        } finally {
            contract.releaseStore();
        }
    }

    @Test
    void incrementDestroyRaceTest_defaultReadMergeWriteIncrement_fails() throws Exception {
        NaiveStoreContract contract = new NaiveStoreContract();
        contract.openStore();
        try {
            assertThatThrownBy(contract::increment_concurrentWithDestroy_neverResurrectsTheSession)
                    .isInstanceOf(AssertionError.class);
        } finally {
            contract.releaseStore();
        }
    }

    /** Runs the contract on {@link NaiveStore}; not a test class of its own. */
    static final class NaiveStoreContract extends SessionStoreContract {
        @Override
        protected SessionStore createStore(Clock clock) {
            return new NaiveStore(clock);
        }

        @Override
        protected void writeRaw(String id, String rawValue) {
            ((NaiveStore) store).records.put(id, rawValue);
        }

        @Override
        protected Optional<String> readRaw(String id) {
            return Optional.ofNullable(((NaiveStore) store).records.get(id));
        }
    }

    /**
     * Correct except that patch reads, pauses and writes without a lock: the bug the kit must catch.
     * It keeps {@link SessionStore#increment}'s default (get, then patch), which is not atomic either.
     */
    static final class NaiveStore implements SessionStore {
        final ConcurrentMap<String, String> records = new ConcurrentHashMap<>();
        private final Clock clock;

        NaiveStore(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Optional<SessionRecord> get(String id) {
            String json = records.get(id);
            if (json == null) {
                return Optional.empty();
            }
            SessionRecord record = SessionJson.read(json);
            return record.isExpiredAt(clock.millis()) ? Optional.empty() : Optional.of(record);
        }

        @Override
        public void set(String id, SessionRecord record) {
            if (record.isExpiredAt(clock.millis())) {
                records.remove(id);
            } else {
                records.put(id, SessionJson.write(record));
            }
        }

        @Override
        public void destroy(String id) {
            records.remove(id);
        }

        @Override
        public boolean patch(String id, SessionDelta delta) {
            Optional<SessionRecord> current = get(id);
            if (current.isEmpty()) {
                return false;
            }
            try {
                Thread.sleep(5); // widen the window a real backend's round trip would open, wide enough that
                                 // parallel patches overlap even on a loaded 2-core machine
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            set(id, current.get().apply(delta));
            return true;
        }
    }
}
