package dev.sojourn.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.store.MemoryStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flags reach the running app's session options. */
class ExampleAppFlagsTest {
    @Test
    void cookieNameMaxAgeAndRolling() throws Exception {
        ExampleConfig config = ExampleConfig.parse(List.of("--host=127.0.0.1", "--port=0", "--name=sid",
                "--max-age=60000", "--rolling", "--same-site", "lax"), Map.of("SOJOURN_SECRET", "new,old"));
        try (ExampleApp other = ExampleApp.start(config)) {
            Browser browser = new Browser(other.uri());
            Browser.Response write = browser.get("/write");
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
            Browser browser = new Browser(other.uri());
            assertThat(browser.get("/plain").setCookies()).isEmpty();
            assertThat(browser.get("/read").setCookies()).as("/read never creates a session").isEmpty();
            assertThat(counting.calls()).isZero();
        }
    }
}
