package dev.sojourn.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.example.ExampleConfig.Adapter;
import dev.sojourn.example.TestApps.EveryAdapter;
import dev.sojourn.store.MemoryStore;
import dev.sojourn.testing.CountingStore;
import dev.sojourn.testing.TestClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flags reach the running app's session options, on every adapter. */
class ExampleAppFlagsTest {
    @Test
    void cookieNameMaxAgeAndRolling() throws Exception {
        ExampleConfig config = ExampleConfig.parse(List.of("--host=127.0.0.1", "--port=0", "--name=sid",
                "--max-age=60000", "--rolling", "--same-site", "lax", "--store", "memory"), Map.of("SOJOURN_SECRET", "new,old"));
        try (ExampleApp other = ExampleApp.start(config)) {
            TestClient browser = TestApps.client(other);
            TestClient.Response write = browser.get("/write");
            assertThat(write.setCookies()).singleElement().asString()
                    .startsWith("sid=s%3A").contains("; Expires=").contains("; HttpOnly").endsWith("; SameSite=Lax");
            assertThat(browser.get("/read").setCookies()).as("rolling refreshes the cookie").hasSize(1);
            assertThat(browser.get("/plain").setCookies()).as("but not for requests that never use it").isEmpty();
        }
    }

    @Test
    void saveUninitializedCreatesNoSessionForRequestsThatNeverAskForOne() throws Exception {
        ExampleConfig config = ExampleConfig.parse(List.of("--host", "127.0.0.1", "--port", "0",
                "--save-uninitialized", "--secret", "s"), Map.of());
        CountingStore counting = new CountingStore(MemoryStore.create());
        try (ExampleApp other = ExampleApp.start(config, counting)) {
            TestClient browser = TestApps.client(other);
            assertThat(browser.get("/plain").setCookies()).isEmpty();
            assertThat(browser.get("/read").setCookies()).as("/read never creates a session").isEmpty();
            assertThat(counting.total()).isZero();
        }
    }

    @EveryAdapter
    void touchAfterThrottlesTouchesOfUnchangedSessions(Adapter adapter) throws Exception {
        for (String touchAfter : List.of("0", "60000")) {
            CountingStore counting = new CountingStore(MemoryStore.create());
            try (ExampleApp app = TestApps.start(counting, adapter, "--max-age", "3600000", "--touch-after", touchAfter)) {
                TestClient browser = TestApps.client(app);
                browser.get("/write");
                counting.reset();
                browser.get("/read");
                browser.get("/read");
                assertThat(counting.count("get")).isEqualTo(2);
                assertThat(counting.count("touch"))
                        .as("--touch-after %s: touches of a session written a moment ago", touchAfter)
                        .isEqualTo(touchAfter.equals("0") ? 2 : 0);
            }
        }
    }

    @EveryAdapter
    void proxyTrueTrustsXForwardedProtoForSecureCookies(Adapter adapter) throws Exception {
        Map<String, String> viaTlsProxy = Map.of("X-Forwarded-Proto", "https");
        try (ExampleApp app = TestApps.start(new CountingStore(MemoryStore.create()), adapter, "--secure", "true", "--proxy")) {
            TestClient.Response behindProxy = TestApps.client(app).get("/write", viaTlsProxy);
            assertThat(behindProxy.setCookies()).singleElement().asString().contains("; Secure");
            assertThat(TestApps.client(app).get("/write").setCookies())
                    .as("plain HTTP without the proxy's header is not secure").isEmpty();
        }
        try (ExampleApp app = TestApps.start(new CountingStore(MemoryStore.create()), adapter, "--secure", "true", "--proxy", "false")) {
            assertThat(TestApps.client(app).get("/write", viaTlsProxy).setCookies())
                    .as("--proxy false: only TLS is secure").isEmpty();
        }
        try (ExampleApp app = TestApps.start(new CountingStore(MemoryStore.create()), adapter, "--secure", "true")) {
            assertThat(TestApps.client(app).get("/write", viaTlsProxy).setCookies())
                    .as("no --proxy: the server decides, and none of them trusts the header by default").isEmpty();
        }
    }
}
