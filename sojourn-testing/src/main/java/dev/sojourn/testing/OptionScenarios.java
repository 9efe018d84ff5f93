package dev.sojourn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.CookieSigner;
import dev.sojourn.SessionOptions;
import dev.sojourn.UnsetAction;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Catalogue items 60–96 (spec §8.1): the {@code genid}, {@code key}/{@code name}, {@code rolling},
 * {@code resave}, {@code saveUninitialized}, {@code secret} and {@code unset} options. See
 * {@link SessionScenarios} for the whole catalogue map.
 *
 * <p>Sojourn defaults {@code resave} and {@code saveUninitialized} to {@code false} (express-session:
 * {@code true}, deprecated). The items about express-session's defaults assert Sojourn's defaults,
 * and the behaviour of {@code true} is tested by setting it explicitly.
 */
public abstract class OptionScenarios extends ScenarioSupport {

    /** Store writes of the session's data: full writes and deltas (a touch only moves the expiry). */
    private static int writes(CountingStore store) {
        return store.count("set") + store.count("patch");
    }

    // ---------------------------------------------------------------- genid (60-64)

    @Test
    @DisplayName("§8 #60 an invalid genid is refused when the options are built (in Java: null, the only non-function value)")
    void item60_genidMustBeAFunction() {
        assertThatThrownBy(() -> SessionOptions.builder().secret(SECRET).genid(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("genid");
    }

    @Test
    @DisplayName("§8 #61 the default generator works: cookie sent with a 32-character base64url id")
    void item61_defaultGenerator() throws Exception {
        TestClient client = start(options(newStore()).build(), ScenarioSupport::app);

        String id = idOf(sessionCookie(client.get("/write")));

        assertThat(id).matches("[A-Za-z0-9_-]{32}");
    }

    @Test
    @DisplayName("§8 #62 a custom generator returning 'apple' gives exactly express-session's signed, encoded value")
    void item62_customGeneratorExactValue() throws Exception {
        TestClient client = start(options(newStore()).genid(exchange -> "apple").build(), ScenarioSupport::app);

        String cookie = sessionCookie(client.get("/write"));

        assertThat(valueOf(cookie)).isEqualTo("s%3Aapple.D8Y%2BpkTAmeR0PobOhY4G97PRW%2Bj7bUnP%2F5m6%2FOn1MCU");
        assertThat(client.get("/read").body()).as("and the cookie reads back").isEqualTo("1");
    }

    @Test
    @DisplayName("§8 #63 unsafe characters in the id ('%') are percent-encoded exactly as express-session does")
    void item63_unsafeIdEncoded() throws Exception {
        TestClient client = start(options(newStore()).genid(exchange -> "%").build(), ScenarioSupport::app);

        String cookie = sessionCookie(client.get("/write"));

        assertThat(valueOf(cookie)).isEqualTo("s%3A%25.kzQ6x52kKVdF35Qh62AWk4ZekS28K5XYCXKa%2FOTZ01g");
        assertThat(client.get("/read").body()).as("and the cookie reads back").isEqualTo("1");
    }

    @Test
    @DisplayName("§8 #64 the generator receives the request (id '/foo' from the URL; exact encoded value)")
    void item64_generatorSeesRequest() throws Exception {
        TestClient client = start(options(newStore()).genid(exchange -> exchange.requestPath().replace("/write", "")).build(),
                ScenarioSupport::app);

        String cookie = sessionCookie(client.get("/foo/write"));

        assertThat(valueOf(cookie)).isEqualTo("s%3A%2Ffoo.paEKBtAHbV5s1IB8B2zPnzAgYmmnRPIqObW4VRYj%2FMQ");
    }

    // ---------------------------------------------------------------- key / name (65-68)

    @Test
    @DisplayName("§8 #65 #67 the default cookie name is connect.sid")
    void item65_67_defaultName() throws Exception {
        TestClient client = start(options(newStore()).build(), ScenarioSupport::app);

        TestClient.Response response = client.get("/write");

        assertThat(response.setCookies()).hasSize(1);
        assertThat(response.setCookies().get(0)).startsWith("connect.sid=s%3A");
    }

    @Test
    @DisplayName("§8 #68 the name option renames the cookie")
    void item68_nameRenamesCookie() throws Exception {
        TestClient client = start(options(newStore()).name("session_id").build(), ScenarioSupport::app);

        TestClient.Response response = client.get("/write");

        assertThat(response.setCookie("session_id")).isPresent();
        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(client.get("/read").body()).isEqualTo("1");
    }

    // ---------------------------------------------------------------- rolling (69-73)

    @Test
    @DisplayName("§8 #69 rolling off (default): a loaded, unmodified session gets no cookie")
    void item69_rollingOffNoCookieForUnmodified() throws Exception {
        SessionOptions options = options(newStore()).build();
        assertThat(options.rolling()).isFalse();
        TestClient client = start(options, ScenarioSupport::app);
        client.get("/write");

        TestClient.Response response = client.get("/read");

        assertThat(response.body()).isEqualTo("1");
        assertThat(response.setCookie(NAME)).isEmpty();
    }

    @Test
    @DisplayName("§8 #70 rolling on: the cookie is re-sent for a loaded, unmodified session")
    void item70_rollingOnResendsCookie() throws Exception {
        TestClient client = start(options(newStore()).rolling(true).build(), ScenarioSupport::app);
        String first = idOf(sessionCookie(client.get("/write")));

        TestClient.Response response = client.get("/read");

        assertThat(idOf(sessionCookie(response))).isEqualTo(first);
    }

    @Test
    @DisplayName("§8 #71 rolling on, saveUninitialized false, new session used but unchanged: no cookie, no store write")
    void item71_rollingUninitializedNotSaved() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).rolling(true).saveUninitialized(false).build(), ScenarioSupport::app);

        TestClient.Response response = client.get("/");

        assertThat(response.body()).isEqualTo("new");
        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(store.total()).isZero();
    }

    @Test
    @DisplayName("§8 #72 rolling on, saveUninitialized true, new session used but unchanged: cookie and store write")
    void item72_rollingSaveUninitialized() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).rolling(true).saveUninitialized(true).build(), ScenarioSupport::app);

        TestClient.Response response = client.get("/");

        assertThat(response.setCookie(NAME)).isPresent();
        assertThat(store.count("set")).isEqualTo(1);
        assertThat(store.delegate().length()).isEqualTo(1);
    }

    @Test
    @DisplayName("§8 #73 rolling on, saveUninitialized false, new session modified: cookie and store write")
    void item73_rollingModifiedNewSession() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).rolling(true).saveUninitialized(false).build(), ScenarioSupport::app);

        TestClient.Response response = client.get("/write");

        assertThat(response.setCookie(NAME)).isPresent();
        assertThat(store.count("set")).isEqualTo(1);
    }

    // ---------------------------------------------------------------- resave (74-79)

    @Test
    @DisplayName("§8 #74 default resave — Sojourn's default is false (deliberate): an unmodified loaded session is not written again")
    void item74_defaultResaveIsFalse() throws Exception {
        CountingStore store = newStore();
        SessionOptions options = options(store).build();
        assertThat(options.resave()).isFalse();
        TestClient client = start(options, ScenarioSupport::app);
        client.get("/write");
        store.reset();

        client.get("/read");

        assertThat(writes(store)).isZero();
        assertThat(store.count("touch")).isEqualTo(1);
    }

    @Test
    @DisplayName("§8 #75 resave true (explicit): an unmodified loaded session is written again in full")
    void item75_resaveTrueRewrites() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).resave(true).build(), ScenarioSupport::app);
        client.get("/write");
        store.reset();

        client.get("/read");

        assertThat(store.count("set")).isEqualTo(1);
    }

    @Test
    @DisplayName("§8 #76 resave false: an unmodified loaded session is not written (only touched)")
    void item76_resaveFalseDoesNotRewrite() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).resave(false).build(), ScenarioSupport::app);
        client.get("/write");
        store.reset();

        client.get("/read");

        assertThat(writes(store)).isZero();
        assertThat(store.count("touch")).isEqualTo(1);
    }

    @Test
    @DisplayName("§8 #77 resave false: reads do not write, modifications do (write / read / write)")
    void item77_resaveFalseWriteReadWrite() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).resave(false).build(), ScenarioSupport::app);

        client.post("/write", Map.of("v", "1"));
        assertThat(writes(store)).isEqualTo(1);
        assertThat(client.get("/read").body()).isEqualTo("1");
        assertThat(writes(store)).isEqualTo(1);
        client.post("/write", Map.of("v", "2"));
        assertThat(writes(store)).isEqualTo(2);
        assertThat(client.get("/read").body()).isEqualTo("2");
    }

    @Test
    @DisplayName("§8 #78 resave false: changing a nested key named 'cookie' inside user data counts as a modification")
    void item78_nestedCookieKeyIsData() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).resave(false).build(), ex -> {
            if (ex.path().equals("/create")) {
                ex.session().set("user", Map.of("cookie", Map.of("value", 1)));
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> user = ex.session().get("user", Map.class);
                user.get("cookie").put("value", 2);
            }
            ex.write("ok");
        });
        String id = idOf(sessionCookie(client.get("/create")));
        store.reset();

        client.get("/mutate");

        assertThat(writes(store)).isEqualTo(1);
        assertThat(stored(store.delegate(), id).attributes().get("user").get("cookie").get("value").asInt()).isEqualTo(2);
    }

    @Test
    @DisplayName("§8 #79 resave false: a store touch error fails the request with 500 (Sojourn: before the response, not after)")
    void item79_touchErrorIs500() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).resave(false).build(), ScenarioSupport::app);
        client.get("/write");
        store.failOn("touch");

        TestClient.Response response = client.get("/read");

        assertThat(store.count("touch")).isEqualTo(1);
        assertThat(response.status()).isEqualTo(500);
    }

    // ---------------------------------------------------------------- saveUninitialized (80-85)

    @Test
    @DisplayName("§8 #80 default saveUninitialized — Sojourn's default is false (deliberate): a new unchanged session is neither stored nor sent")
    void item80_defaultSaveUninitializedIsFalse() throws Exception {
        CountingStore store = newStore();
        SessionOptions options = options(store).build();
        assertThat(options.saveUninitialized()).isFalse();
        TestClient client = start(options, ScenarioSupport::app);

        TestClient.Response response = client.get("/");

        assertThat(response.body()).isEqualTo("new");
        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(store.total()).isZero();
    }

    @Test
    @DisplayName("§8 #81 saveUninitialized true (explicit): a new unchanged session is stored and its cookie sent")
    void item81_saveUninitializedTrue() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).saveUninitialized(true).build(), ScenarioSupport::app);

        TestClient.Response response = client.get("/");

        String id = idOf(sessionCookie(response));
        assertThat(store.count("set")).isEqualTo(1);
        assertThat(store.delegate().get(id)).isPresent();
    }

    @Test
    @DisplayName("§8 #82 saveUninitialized false: a new unchanged session is neither stored nor sent")
    void item82_saveUninitializedFalse() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).saveUninitialized(false).build(), ScenarioSupport::app);

        TestClient.Response response = client.get("/");

        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(store.total()).isZero();
    }

    @Test
    @DisplayName("§8 #83 saveUninitialized false: a modified new session is stored and its cookie sent")
    void item83_saveUninitializedFalseModified() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).saveUninitialized(false).build(), ScenarioSupport::app);

        String id = idOf(sessionCookie(client.get("/write")));

        assertThat(store.count("set")).isEqualTo(1);
        assertThat(store.delegate().get(id)).isPresent();
    }

    @Test
    @DisplayName("§8 #84 a store write error fails the request with 500 and no cookie (Sojourn: before the response, not after)")
    void item84_storeWriteErrorIs500() throws Exception {
        CountingStore store = newStore();
        store.failOn("set");
        TestClient client = start(options(store).build(), ScenarioSupport::app);

        TestClient.Response response = client.get("/write");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(response.body()).doesNotContain("ok");
    }

    @Test
    @DisplayName("§8 #85 saveUninitialized false: a new unchanged session is never passed to the store's touch")
    void item85_uninitializedNeverTouched() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).saveUninitialized(false).build(), ScenarioSupport::app);

        client.get("/");
        client.get("/");

        assertThat(store.count("touch")).isZero();
        assertThat(store.total()).isZero();
    }

    // ---------------------------------------------------------------- secret (86-91)

    @Test
    @DisplayName("§8 #86 an empty secret list is refused when the options are built")
    void item86_emptySecretListRefused() {
        assertThatThrownBy(() -> SessionOptions.builder().secrets(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> SessionOptions.builder().secretBytes(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty");
    }

    @Test
    @DisplayName("§8 #87 a string secret signs and verifies (round trip)")
    void item87_stringSecretRoundTrip() throws Exception {
        TestClient client = start(options(newStore()).secret("a string secret").build(), ScenarioSupport::app);

        String cookie = sessionCookie(client.get("/write?v=4"));

        assertThat(unsign(cookie, "a string secret".getBytes(StandardCharsets.UTF_8))).isEqualTo(idOf(cookie));
        assertThat(client.get("/read").body()).isEqualTo("4");
    }

    @Test
    @DisplayName("§8 #88 a random 32-byte binary secret signs and verifies (round trip)")
    void item88_binarySecretRoundTrip() throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        TestClient client = start(options(newStore()).secretBytes(List.of(secret)).build(), ScenarioSupport::app);

        String cookie = sessionCookie(client.get("/write?v=5"));

        assertThat(unsign(cookie, secret)).isEqualTo(idOf(cookie));
        assertThat(client.get("/read").body()).isEqualTo("5");
    }

    @Test
    @DisplayName("§8 #89 with a list of secrets, cookies are signed (by the first)")
    void item89_secretListSigns() throws Exception {
        TestClient client = start(options(newStore()).secret(SECRET, "nyan cat").build(), ScenarioSupport::app);

        String cookie = sessionCookie(client.get("/write"));

        assertThat(unsign(cookie, SECRET.getBytes(StandardCharsets.UTF_8))).isEqualTo(idOf(cookie));
        assertThat(unsign(cookie, "nyan cat".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(valueOf(cookie)).isEqualTo(signedValue(idOf(cookie), SECRET));
    }

    @Test
    @DisplayName("§8 #90 only the first secret signs: a server knowing only the second cannot read the cookie")
    void item90_onlyFirstSecretSigns() throws Exception {
        CountingStore store = newStore();
        TestClient rotating = start(options(store).secret(SECRET, "nyan cat").build(), ScenarioSupport::app);
        String cookie = sessionCookie(rotating.get("/write?v=6"));
        TestClient oldServer = start(options(store).secret("nyan cat").build(), ScenarioSupport::app);
        oldServer.setCookie(NAME, valueOf(cookie));

        assertThat(oldServer.get("/read").body()).isEqualTo("null");
        assertThat(rotating.get("/read").body()).isEqualTo("6");
    }

    @Test
    @DisplayName("§8 #91 every secret verifies: a cookie signed with the second secret is accepted")
    void item91_allSecretsVerify() throws Exception {
        CountingStore store = newStore();
        TestClient oldServer = start(options(store).secret("nyan cat").build(), ScenarioSupport::app);
        String cookie = sessionCookie(oldServer.get("/write?v=8"));
        TestClient rotating = start(options(store).secret(SECRET, "nyan cat").build(), ScenarioSupport::app);
        rotating.setCookie(NAME, valueOf(cookie));

        TestClient.Response response = rotating.get("/read");

        assertThat(response.body()).isEqualTo("8");
        assertThat(response.setCookie(NAME)).isEmpty();
    }

    private static String unsign(String setCookie, byte[] secret) {
        String signed = URLDecoder.decode(valueOf(setCookie).replace("+", "%2B"), StandardCharsets.UTF_8);
        return new CookieSigner(List.of(secret)).unsign(signed);
    }

    // ---------------------------------------------------------------- unset (92-96)

    /** {@code /write} and {@code /read} as {@link #app}; {@code /unset} changes the session, then unsets it. */
    private static void unsetApp(ScenarioExchange ex) throws Exception {
        if (ex.path().equals("/unset")) {
            ex.session().set("views", 99);
            ex.handle().unset();
            ex.write("unset");
        } else {
            app(ex);
        }
    }

    @Test
    @DisplayName("§8 #92 an invalid unset value is refused when the options are built (in Java: null; the enum admits no other)")
    void item92_unsetValidated() {
        assertThatThrownBy(() -> SessionOptions.builder().secret(SECRET).unset(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("unset");
    }

    @Test
    @DisplayName("§8 #93 unset KEEP (default): unsetting leaves the stored session as it was, no cookie")
    void item93_unsetKeep() throws Exception {
        CountingStore store = newStore();
        SessionOptions options = options(store).build();
        assertThat(options.unset()).isEqualTo(UnsetAction.KEEP);
        TestClient client = start(options, OptionScenarios::unsetApp);
        String id = idOf(sessionCookie(client.get("/write?v=1")));

        TestClient.Response response = client.get("/unset");

        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(stored(store.delegate(), id).attributes().get("views").asInt()).isEqualTo(1);
        assertThat(client.get("/read").body()).isEqualTo("1");
    }

    @Test
    @DisplayName("§8 #94 unset DESTROY: unsetting deletes the stored session at the end of the request")
    void item94_unsetDestroy() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).unset(UnsetAction.DESTROY).build(), OptionScenarios::unsetApp);
        String id = idOf(sessionCookie(client.get("/write?v=1")));

        TestClient.Response response = client.get("/unset");

        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(store.delegate().get(id)).isEmpty();
        assertThat(client.get("/read").body()).isEqualTo("null");
    }

    @Test
    @DisplayName("§8 #95 unset DESTROY on a brand-new session: no cookie, nothing stored")
    void item95_unsetDestroyNewSession() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).unset(UnsetAction.DESTROY).build(), OptionScenarios::unsetApp);

        TestClient.Response response = client.get("/unset");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(store.count("set")).isZero();
        assertThat(store.delegate().length()).isZero();
    }

    @Test
    @DisplayName("§8 #96 unset DESTROY: a store destroy error fails the request with 500 (Sojourn: before the response, not after)")
    void item96_unsetDestroyErrorIs500() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(options(store).unset(UnsetAction.DESTROY).build(), OptionScenarios::unsetApp);
        client.get("/write");
        store.failOn("destroy");

        TestClient.Response response = client.get("/unset");

        assertThat(store.count("destroy")).isEqualTo(1);
        assertThat(response.status()).isEqualTo(500);
    }
}
