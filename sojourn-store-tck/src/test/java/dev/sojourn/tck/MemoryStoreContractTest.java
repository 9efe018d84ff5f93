package dev.sojourn.tck;

import dev.sojourn.SessionStore;
import dev.sojourn.store.MemoryStore;
import java.time.Clock;
import java.util.Optional;

/** {@link MemoryStore} passes the contract. It keeps its JSON out of reach, so the raw-access tests are skipped. */
class MemoryStoreContractTest extends SessionStoreContract {

    @Override
    protected SessionStore createStore(Clock clock) {
        return MemoryStore.builder().clock(clock).build();
    }

    @Override
    protected boolean supportsRawAccess() {
        return false;
    }

    @Override
    protected void writeRaw(String id, String rawValue) {
        throw new UnsupportedOperationException("MemoryStore has no raw back door");
    }

    @Override
    protected Optional<String> readRaw(String id) {
        throw new UnsupportedOperationException("MemoryStore has no raw back door");
    }
}
