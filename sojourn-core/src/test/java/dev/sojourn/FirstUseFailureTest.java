package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.store.MemoryStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The session id and the stored session are read on first use of the session. When that read
 * fails, the use fails, and the next use reads again: a failure never passes for "the client has no
 * session", which would start a new session and overwrite the client's cookie.
 */
class FirstUseFailureTest {

    /** An exchange whose request can no longer be read the first time it is asked (a recycled request). */
    private static final class FailingOnceExchange implements HttpExchange {
        private final FakeExchange delegate;
        private boolean failed;

        FailingOnceExchange(FakeExchange delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<String> requestHeaders(String name) {
            if (!failed) {
                failed = true;
                throw new IllegalStateException("request already recycled");
            }
            return delegate.requestHeaders(name);
        }

        @Override
        public String requestPath() {
            return delegate.requestPath();
        }

        @Override
        public boolean isSecure() {
            return delegate.isSecure();
        }

        @Override
        public void addResponseHeader(String name, String value) {
            delegate.addResponseHeader(name, value);
        }

        @Override
        public void setResponseHeader(String name, String value) {
            delegate.setResponseHeader(name, value);
        }
    }

    /** The id is read on first use; a failure to read it fails that use, and is never taken for "no cookie". */
    @Test
    void requestUnreadableOnFirstUse_failsInsteadOfStartingANewSession() {
        EngineHarness harness = EngineHarness.create();
        String id = harness.seed(Map.of("views", 1));
        SessionHandle handle = harness.engine.begin(new FailingOnceExchange(harness.requestWith(id)));

        assertThatThrownBy(handle::session).isInstanceOf(IllegalStateException.class);
        assertThat(handle.session().id()).isEqualTo(id);
        assertThat(handle.session().get("views", Integer.class)).isEqualTo(1);
    }


    @Test
    void storeFailsOnFirstLoad_nextUseLoadsTheSessionInsteadOfCreatingOne() {
        EngineHarness seeding = EngineHarness.create();
        String id = seeding.seed(Map.of("views", 7));
        SessionRecord stored = seeding.store.delegate().get(id).orElseThrow();
        MemoryStore memory = MemoryStore.create();
        memory.set(id, stored);
        boolean[] failNext = {true};
        SessionStore flaky = new SessionStore() {
            @Override
            public Optional<SessionRecord> get(String sid) {
                if (failNext[0]) {
                    failNext[0] = false;
                    throw new SessionStoreException("store unreachable");
                }
                return memory.get(sid);
            }

            @Override
            public void set(String sid, SessionRecord record) {
                memory.set(sid, record);
            }

            @Override
            public void destroy(String sid) {
                memory.destroy(sid);
            }
        };
        EngineHarness harness = EngineHarness.create(b -> b.store(flaky));
        SessionHandle handle = harness.engine.begin(harness.requestWith(id));

        assertThatThrownBy(handle::session).isInstanceOf(SessionStoreException.class);
        assertThat(handle.session().id()).isEqualTo(id);
        assertThat(handle.session().get("views", Integer.class)).isEqualTo(7);
    }
}
