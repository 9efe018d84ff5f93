package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.sojourn.CookieData;
import dev.sojourn.SessionOptions;
import dev.sojourn.SessionRecord;
import dev.sojourn.testing.RawJsonStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a client or a damaged store sends is never trusted: malformed or forged cookies and corrupt
 * stored records mean "no session", answered with 200 and a fresh session (with a new id), never
 * with the victim's session or the forged id.
 */
class ServletUntrustedInputTest {
    private static final String VICTIM = "victimSessionIdVictimSessionId01";

    private static RawJsonStore store;
    private static JettyTestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        store = new RawJsonStore(java.time.Clock.systemUTC());
        SessionOptions options = SessionOptions.builder().secret(SessionCookies.SECRET).store(store).build();
        server = JettyTestServer.start(options, ServletUntrustedInputTest::app);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void victimSession() {
        store.clear();
        store.set(VICTIM, new SessionRecord(new CookieData(null, null, null, null, null, true, null, "/", null),
                Map.of("secret", TextNode.valueOf("victim's"))));
    }

    /** Shows what the session holds, then writes to it, so a new session is stored and its cookie sent. */
    private static void app(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        HttpSession session = req.getSession();
        resp.getWriter().print("id=" + session.getId() + "\nsecret=" + session.getAttribute("secret") + "\n");
        session.setAttribute("visited", true);
    }

    // ---- malformed and forged cookies ----

    static Stream<Arguments> forgedCookieHeaders() {
        String validSignature = SessionCookies.signed(VICTIM).substring(SessionCookies.signed(VICTIM).lastIndexOf('.') + 1);
        String name = SessionCookies.NAME + "=";
        return Stream.of(
                Arguments.of("unsigned id", name + VICTIM),
                Arguments.of("signature without the s: prefix", name + VICTIM + "." + validSignature),
                Arguments.of("bad signature", name + "s%3A" + VICTIM + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                Arguments.of("signed with another secret", name + SessionCookies.signed(VICTIM, "another secret")),
                Arguments.of("truncated signature", name + SessionCookies.signed(VICTIM).substring(0, SessionCookies.signed(VICTIM).length() - 3)),
                Arguments.of("empty signature", name + "s%3A" + VICTIM + "."),
                Arguments.of("bad %-escape", name + SessionCookies.signed(VICTIM) + "%ZZ"),
                Arguments.of("truncated %-escape", name + "s%3A" + VICTIM + "." + validSignature + "%E"),
                Arguments.of("invalid UTF-8 escape", name + "s%3A" + VICTIM + "%FF." + validSignature),
                Arguments.of("empty value", name),
                Arguments.of("only the prefix", name + "s%3A"),
                Arguments.of("7 KB forged value", name + "s%3A" + VICTIM + "." + "A".repeat(7 * 1024)),
                Arguments.of("7 KB header, forged cookie last", "pad=" + "x".repeat(7 * 1024) + "; " + name + "s%3A" + VICTIM + ".forged"),
                Arguments.of("duplicate names, forged first", name + "s%3A" + VICTIM + ".forged; " + name + SessionCookies.signed(VICTIM)),
                Arguments.of("duplicate names, both forged", name + VICTIM + "; " + name + "s%3A" + VICTIM + ".forged"),
                Arguments.of("quoted forged value", name + "\"s%3A" + VICTIM + ".forged\""),
                Arguments.of("control characters", name + "s%3A" + VICTIM + "%00%0D%0A." + validSignature));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedCookieHeaders")
    void malformedOrForgedCookie_getsAFreshSession_neverTheVictims(String what, String cookieHeader) throws Exception {
        BlockingHttp.Response r = BlockingHttp.get(server.baseUrl() + "/", Map.of("Cookie", cookieHeader));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("secret=null").doesNotContain("victim's").doesNotContain("id=" + VICTIM + "\n");
        List<String> setCookies = r.headers("Set-Cookie");
        assertThat(setCookies).as("the fresh session's cookie").hasSize(1);
        String newId = SessionCookies.idOf(setCookies.get(0)).orElseThrow();
        assertThat(newId).isNotEqualTo(VICTIM).doesNotContain(VICTIM);
        assertThat(r.body()).contains("id=" + newId + "\n");
        assertThat(store.get(newId)).as("fresh session stored").isPresent();
        SessionRecord victim = store.get(VICTIM).orElseThrow();
        assertThat(victim.attributes()).as("victim's session untouched").containsOnlyKeys("secret");
    }

    @Test
    void validCookie_getsTheSession_soTheForgedCasesCouldHaveFailed() throws Exception {
        BlockingHttp.Response r = BlockingHttp.get(server.baseUrl() + "/",
                Map.of("Cookie", SessionCookies.NAME + "=" + SessionCookies.signed(VICTIM)));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("id=" + VICTIM + "\n").contains("secret=victim's");
        assertThat(store.get(VICTIM).orElseThrow().attributes()).containsKey("visited");
    }

    @Test
    void validCookieAfterA7KbCookie_stillGetsTheSession() throws Exception {
        String header = "pad=" + "x".repeat(7 * 1024) + "; " + SessionCookies.NAME + "=" + SessionCookies.signed(VICTIM);

        BlockingHttp.Response r = BlockingHttp.get(server.baseUrl() + "/", Map.of("Cookie", header));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("secret=victim's");
    }

    // ---- corrupt stored records ----

    @ParameterizedTest
    @ValueSource(strings = {
            "{not json",
            "",
            "[1,2,3]",
            "\"a string\"",
            "{\"secret\":\"victim's\"}",
            "{\"cookie\":\"not an object\",\"secret\":\"victim's\"}",
            "{\"cookie\":{\"originalMaxAge\":\"soon\",\"expires\":null},\"secret\":\"victim's\"}",
            "{\"cookie\":{\"originalMaxAge\":null,\"expires\":\"next tuesday\"},\"secret\":\"victim's\"}",
            "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"sameSite\":[1]},\"secret\":\"victim's\"}"})
    void corruptStoredRecord_isNoSession_andANewSessionWithANewIdIsCreated(String raw) throws Exception {
        store.putRaw(VICTIM, raw);

        BlockingHttp.Response r = BlockingHttp.get(server.baseUrl() + "/",
                Map.of("Cookie", SessionCookies.NAME + "=" + SessionCookies.signed(VICTIM)));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("secret=null");
        List<String> setCookies = r.headers("Set-Cookie");
        assertThat(setCookies).as("the new session's cookie").hasSize(1);
        String newId = SessionCookies.idOf(setCookies.get(0)).orElseThrow();
        assertThat(newId).isNotEqualTo(VICTIM);
        assertThat(store.get(newId)).isPresent();
        assertThat(store.raw(VICTIM)).as("the unreadable record is deleted, not rewritten").isNull();
    }

    @Test
    void urlEncodedSignatureCharacters_roundTrip() throws Exception {
        // sanity check of the helper the other tests rely on: + and / in the signature are escaped
        String signed = SessionCookies.signed(VICTIM);
        assertThat(signed).startsWith("s%3A" + VICTIM + ".").doesNotContain("+").doesNotContain("/");
        assertThat(URLEncoder.encode("s:", StandardCharsets.UTF_8)).isEqualTo("s%3A");
    }
}
