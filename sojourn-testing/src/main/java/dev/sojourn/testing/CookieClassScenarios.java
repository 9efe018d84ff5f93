package dev.sojourn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.CookieOptions;
import dev.sojourn.Priority;
import dev.sojourn.SessionCookie;
import dev.sojourn.SessionOptions;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Catalogue items 143–160 (spec §8.2, express-session's Cookie class), checked through HTTP: the
 * configured {@link CookieOptions} become the new session's {@link SessionCookie}, which the
 * application reads during the request and the client receives as {@code Set-Cookie}. See
 * {@link SessionScenarios} for the whole catalogue map.
 */
public abstract class CookieClassScenarios extends ScenarioSupport {

    /** Creates the session, writes to it, and answers with its cookie's state as the application sees it. */
    private static void describeCookie(ScenarioExchange ex) throws Exception {
        ex.session().set("views", 1);
        SessionCookie c = ex.session().cookie();
        ex.write("expires=" + c.expires().map(Instant::toString).orElse("none")
                + " maxAge=" + c.maxAge().map(d -> String.valueOf(d.toMillis())).orElse("none")
                + " originalMaxAge=" + c.originalMaxAge().map(d -> String.valueOf(d.toMillis())).orElse("none")
                + " httpOnly=" + c.httpOnly()
                + " path=" + c.path()
                + " partitioned=" + c.partitioned()
                + " priority=" + c.priority().map(Priority::attribute).orElse("none"));
    }

    private TestClient server(CookieOptions cookie) throws Exception {
        return start(options(newStore()).cookie(cookie).build(), CookieClassScenarios::describeCookie);
    }

    private static final String DEFAULTS =
            "expires=none maxAge=none originalMaxAge=none httpOnly=true path=/ partitioned=false priority=none";

    @Test
    @DisplayName("§8.2 #143 with no cookie option at all, a session still has a cookie object (the defaults)")
    void item143_noOptionsGivesCookie() throws Exception {
        TestClient client = start(SessionOptions.builder().secret(SECRET).store(newStore()).clock(clock).build(),
                CookieClassScenarios::describeCookie);

        TestClient.Response response = client.get("/");

        assertThat(response.body()).isEqualTo(DEFAULTS);
        assertThat(response.setCookie(NAME)).isPresent();
    }

    @Test
    @DisplayName("§8.2 #144 the default expires is none (no Expires attribute)")
    void item144_defaultExpires() throws Exception {
        TestClient.Response response = server(CookieOptions.defaults()).get("/");

        assertThat(response.body()).contains("expires=none");
        assertThat(hasAttribute(sessionCookie(response), "Expires")).isFalse();
    }

    @Test
    @DisplayName("§8.2 #145 the default httpOnly is true (HttpOnly attribute)")
    void item145_defaultHttpOnly() throws Exception {
        TestClient.Response response = server(CookieOptions.defaults()).get("/");

        assertThat(response.body()).contains("httpOnly=true");
        assertThat(hasAttribute(sessionCookie(response), "HttpOnly")).isTrue();
    }

    @Test
    @DisplayName("§8.2 #146 the default path is / (Path=/)")
    void item146_defaultPath() throws Exception {
        TestClient.Response response = server(CookieOptions.defaults()).get("/");

        assertThat(response.body()).contains("path=/ ");
        assertThat(attribute(sessionCookie(response), "Path")).contains("/");
    }

    @Test
    @DisplayName("§8.2 #147 the default maxAge is none")
    void item147_defaultMaxAge() throws Exception {
        TestClient.Response response = server(CookieOptions.defaults()).get("/");

        assertThat(response.body()).contains("maxAge=none").contains("originalMaxAge=none");
    }

    @Test
    @DisplayName("§8.2 #148 an empty options object (builder with nothing set) gives the defaults")
    void item148_emptyOptions() throws Exception {
        TestClient.Response response = server(CookieOptions.builder().build()).get("/");

        assertThat(response.body()).isEqualTo(DEFAULTS);
    }

    @Test
    @DisplayName("§8.2 #151 an expires instant is kept as given")
    void item151_expiresKept() throws Exception {
        Instant expires = clock.instant().plusSeconds(3600);
        TestClient.Response response = server(CookieOptions.builder().expires(expires).build()).get("/");

        assertThat(response.body()).contains("expires=" + expires);
        assertThat(expiresOf(sessionCookie(response))).contains(toSeconds(expires));
    }

    @Test
    @DisplayName("§8.2 #152 …and maxAge reflects the time remaining until it")
    void item152_maxAgeIsRemainingTime() throws Exception {
        Instant expires = clock.instant().plusSeconds(3600);
        TestClient.Response response = server(CookieOptions.builder().expires(expires).build()).get("/");

        assertThat(response.body()).contains("maxAge=3600000 ");
    }

    @Test
    @DisplayName("§8.2 #153 httpOnly false is kept (no HttpOnly attribute)")
    void item153_httpOnlyFalse() throws Exception {
        TestClient.Response response = server(CookieOptions.builder().httpOnly(false).build()).get("/");

        assertThat(response.body()).contains("httpOnly=false");
        assertThat(hasAttribute(sessionCookie(response), "HttpOnly")).isFalse();
    }

    @Test
    @DisplayName("§8.2 #154 a maxAge sets expires to now + maxAge")
    void item154_maxAgeSetsExpires() throws Exception {
        TestClient.Response response = server(CookieOptions.builder().maxAgeMillis(60_000).build()).get("/");

        assertThat(response.body()).contains("expires=" + clock.instant().plusMillis(60_000));
        assertThat(expiresOf(sessionCookie(response))).contains(expiresIn(60_000));
    }

    @Test
    @DisplayName("§8.2 #155 …and maxAge reads back as that number")
    void item155_maxAgeReadsBack() throws Exception {
        TestClient.Response response = server(CookieOptions.builder().maxAgeMillis(60_000).build()).get("/");

        assertThat(response.body()).contains("maxAge=60000 ").contains("originalMaxAge=60000 ");
    }

    @Test
    @DisplayName("§8.2 #158 partitioned true is kept (Partitioned attribute)")
    void item158_partitionedKept() throws Exception {
        TestClient.Response response = server(CookieOptions.builder().partitioned(true).build()).get("/");

        assertThat(response.body()).contains("partitioned=true");
        assertThat(hasAttribute(sessionCookie(response), "Partitioned")).isTrue();
    }

    @Test
    @DisplayName("§8.2 #159 a custom path is kept")
    void item159_pathKept() throws Exception {
        TestClient.Response response = server(CookieOptions.builder().path("/foo").build()).get("/foo/bar");

        assertThat(response.body()).contains("path=/foo ");
        assertThat(attribute(sessionCookie(response), "Path")).contains("/foo");
    }

    @Test
    @DisplayName("§8.2 #160 a priority is kept")
    void item160_priorityKept() throws Exception {
        TestClient.Response response = server(CookieOptions.builder().priority(Priority.LOW).build()).get("/");

        assertThat(response.body()).contains("priority=Low");
        assertThat(attribute(sessionCookie(response), "Priority")).contains("Low");
    }
}
