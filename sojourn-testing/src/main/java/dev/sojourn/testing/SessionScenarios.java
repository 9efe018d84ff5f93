package dev.sojourn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.SessionOptions;
import dev.sojourn.store.MemoryStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter-neutral HTTP scenario suite: express-session's own test catalogue (spec §8) as
 * black-box HTTP scenarios against a real server. An adapter's test subclasses it and supplies its
 * {@link AdapterFixture}.
 */
public abstract class SessionScenarios {
    protected static final String SECRET = "keyboard cat";
    protected static final String NAME = "connect.sid";

    private final List<AdapterFixture.RunningServer> servers = new ArrayList<>();
    protected final TestClock clock = TestClock.frozenNow();

    /** The adapter under test. */
    protected abstract AdapterFixture fixture();

    /** Starts a server with these options and this application; closed after the test. */
    protected TestClient start(SessionOptions options, ScenarioHandler handler) throws Exception {
        AdapterFixture.RunningServer server = fixture().start(options, handler);
        servers.add(server);
        return new TestClient(server.baseUrl());
    }

    /** The options most scenarios start from: the test secret, a counting memory store, the test clock. */
    protected SessionOptions.Builder options(CountingStore store) {
        return SessionOptions.builder().secret(SECRET).store(store).clock(clock);
    }

    protected CountingStore newStore() {
        return new CountingStore(MemoryStore.builder().clock(clock).build());
    }

    @AfterEach
    void stopServers() throws Exception {
        for (AdapterFixture.RunningServer server : servers) {
            server.close();
        }
        servers.clear();
    }

    @Test
    void writeThenRead_sameClient_seesTheWrite() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).build(), ex -> {
            if (ex.path().equals("/write")) {
                ex.session().set("views", 1);
            }
            Object views = ex.session().get("views");
            ex.write(String.valueOf(views));
        });

        TestClient.Response first = client.get("/write");
        TestClient.Response second = client.get("/read");

        assertThat(first.setCookie(NAME)).isPresent();
        assertThat(second.body()).isEqualTo("1");
        assertThat(second.setCookie(NAME)).isEmpty();
        assertThat(store.delegate().length()).isEqualTo(1);
    }
}
