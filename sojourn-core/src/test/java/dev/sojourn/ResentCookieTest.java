package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cookie sent again for a session the client already holds (rolling, or a modified session with
 * a max age): the client's own signed value when the first secret signed it (no HMAC needed), a value
 * signed anew with the first secret when an older secret did.
 */
class ResentCookieTest {

    private static String valueOf(String setCookie) {
        return UriComponent.decode(setCookie.substring("connect.sid=".length(), setCookie.indexOf(';')));
    }

    @Test
    void signedByFirstSecret_isSentBackUnchanged() {
        EngineHarness harness = EngineHarness.create(b -> b.rolling(true));
        String id = harness.seed(Map.of("views", 1));

        FakeExchange exchange = harness.run(harness.requestWith(id), handle -> handle.increment("views", 1));

        assertThat(exchange.setCookies()).hasSize(1);
        assertThat(valueOf(exchange.setCookies().get(0))).isEqualTo(harness.signer.sign(id));
    }

    @Test
    void signedByOlderSecret_isSignedAgainWithTheFirst() {
        EngineHarness harness = EngineHarness.create(b -> b.rolling(true).secret("new secret", EngineHarness.SECRET));
        CookieSigner newSecretOnly = new CookieSigner(List.of("new secret".getBytes(StandardCharsets.UTF_8)));
        FakeExchange seeding = harness.run(FakeExchange.request(), handle -> handle.session().set("views", 1));
        String id = newSecretOnly.unsign(valueOf(seeding.setCookies().get(0)));

        // the client holds a cookie for that id signed with the older secret (what the harness signs with)
        FakeExchange exchange = harness.run(harness.requestWith(id), handle -> handle.increment("views", 1));

        String resent = valueOf(exchange.setCookies().get(0));
        assertThat(resent).isNotEqualTo(harness.signer.sign(id));
        assertThat(newSecretOnly.unsign(resent)).isEqualTo(id);
    }

    @Test
    void verify_tellsWhichSecretSigned() {
        CookieSigner rotated = new CookieSigner(List.of("new".getBytes(StandardCharsets.UTF_8), "old".getBytes(StandardCharsets.UTF_8)));
        String byOld = new CookieSigner(List.of("old".getBytes(StandardCharsets.UTF_8))).sign("abc");

        assertThat(rotated.verify(rotated.sign("abc"))).isEqualTo(new CookieSigner.Verified("abc", rotated.sign("abc"), true));
        assertThat(rotated.verify(byOld)).isEqualTo(new CookieSigner.Verified("abc", byOld, false));
        assertThat(rotated.verify("s:abc.forged")).isNull();
    }
}
