package dev.sojourn.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sojourn.example.ExampleConfig.Adapter;
import dev.sojourn.example.TestApps.EveryAdapter;
import dev.sojourn.testing.TestClient;
import java.util.List;
import java.util.Map;

/** {@code --transport header|both} and {@code --header-name}: the session id in a header, on every adapter. */
class HeaderTransportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static long views(TestClient.Response response) throws Exception {
        assertThat(response.status()).isEqualTo(200);
        return JSON.readTree(response.body()).path("views").asLong();
    }

    @EveryAdapter
    void headerTransportSendsTheIdInXSessionIdAndNoCookie(Adapter adapter) throws Exception {
        try (ExampleApp app = TestApps.start(adapter, "--store", "memory", "--transport", "header")) {
            TestClient client = TestApps.client(app);
            TestClient.Response first = client.get("/write");
            assertThat(views(first)).isEqualTo(1);
            assertThat(first.setCookies()).isEmpty();
            String id = first.header("X-Session-Id").orElseThrow();
            assertThat(id).startsWith("s%3A");

            Map<String, String> withId = Map.of("X-Session-Id", id);
            TestClient.Response second = client.get("/write", withId);
            assertThat(views(second)).isEqualTo(2);
            assertThat(second.setCookies()).isEmpty();
            assertThat(second.header("X-Session-Id")).as("an unchanged id is not sent again").isEmpty();
            assertThat(JSON.readTree(client.get("/read", withId).body()).path("views").asLong()).isEqualTo(2);
            assertThat(client.get("/read").body()).as("no header, no session").isEqualTo("{}");

            TestClient.Response loggedOut = client.raw("POST /logout HTTP/1.1",
                    List.of("X-Session-Id: " + id, "Content-Length: 0"));
            assertThat(loggedOut.status()).isEqualTo(303);
            assertThat(loggedOut.header("X-Session-Id")).as("a destroyed session's id is cleared").contains("");
            assertThat(client.get("/read", withId).body()).isEqualTo("{}");
        }
    }

    @EveryAdapter
    void bothAcceptsTheHeaderOrTheCookieAndTheHeaderWins(Adapter adapter) throws Exception {
        try (ExampleApp app = TestApps.start(adapter, "--store", "memory", "--transport", "both", "--header-name", "X-Token")) {
            TestClient browser = TestApps.client(app);
            TestClient.Response first = browser.get("/write");
            assertThat(views(first)).isEqualTo(1);
            assertThat(first.setCookies()).singleElement().asString().startsWith("connect.sid=s%3A");
            String token = first.header("X-Token").orElseThrow();
            assertThat(first.header("X-Session-Id")).isEmpty();

            assertThat(views(browser.get("/write"))).as("by cookie").isEqualTo(2);
            TestClient api = TestApps.client(app);
            assertThat(views(api.get("/write", Map.of("X-Token", token)))).as("by header").isEqualTo(3);

            TestClient other = TestApps.client(app);
            other.get("/write");
            assertThat(views(other.get("/write", Map.of("X-Token", token))))
                    .as("a header and a cookie that differ: the header wins").isEqualTo(4);
            assertThat(views(other.get("/write"))).as("the cookie's own session is untouched").isEqualTo(2);
        }
    }
}
