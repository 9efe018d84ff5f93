package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation of SessionOptions / CookieOptions with messages naming the option, and the defaults (spec §3.1, §1.4). */
class SessionOptionsTest {

    // ---- validation ----

    @Test
    void build_noSecret_throwsNamingSecret() {
        assertThatThrownBy(() -> SessionOptions.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("secret");
    }

    @Test
    void secrets_emptyList_throwsNamingSecret() {
        assertThatThrownBy(() -> SessionOptions.builder().secrets(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
    }

    @Test
    void secretBytes_emptyList_throwsNamingSecret() {
        assertThatThrownBy(() -> SessionOptions.builder().secretBytes(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
    }

    @Test
    void secret_emptyString_throwsNamingSecret() {
        assertThatThrownBy(() -> SessionOptions.builder().secret(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
        assertThatThrownBy(() -> SessionOptions.builder().secret("good", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
        assertThatThrownBy(() -> SessionOptions.builder().secrets(Arrays.asList("good", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
        assertThatThrownBy(() -> SessionOptions.builder().secretBytes(List.of(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
    }

    @Test
    void cookieBuild_sameSiteNoneWithoutSecure_throwsNamingSameSiteAndSecure() {
        assertThatThrownBy(() -> CookieOptions.builder().sameSite(SameSite.NONE).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sameSite")
                .hasMessageContaining("secure");
        assertThatThrownBy(() -> CookieOptions.builder().sameSite(SameSite.NONE).secure(CookieSecure.FALSE).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sameSite");
    }

    @Test
    void cookieBuild_sameSiteNoneWithSecureTrueOrAuto_isAccepted() {
        assertThatCode(() -> CookieOptions.builder().sameSite(SameSite.NONE).secure(CookieSecure.TRUE).build())
                .doesNotThrowAnyException();
        assertThatCode(() -> CookieOptions.builder().sameSite(SameSite.NONE).secure(CookieSecure.AUTO).build())
                .doesNotThrowAnyException();
    }

    @Test
    void cookieMaxAge_negative_throwsNamingMaxAge() {
        assertThatThrownBy(() -> CookieOptions.builder().maxAge(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAge");
        assertThatThrownBy(() -> CookieOptions.builder().maxAgeMillis(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAge");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "connect sid", "a;b", "a=b", "sid\"", "s\u00efd", "a,b", "a\tb", "(sid)"})
    void name_notAToken_throwsNamingName(String name) {
        assertThatThrownBy(() -> SessionOptions.builder().name(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
    }

    @Test
    void name_token_isAccepted() {
        assertThat(SessionOptions.builder().secret("s").name("__Host-sid!#$%&'*+-.^_`|~").build().name())
                .isEqualTo("__Host-sid!#$%&'*+-.^_`|~");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "exa mple.com", "-example.com", "example-.com", "example..com", "ex_ample.com",
            "example.com/", "..example.com"})
    void cookieDomain_invalidHost_throwsNamingDomain(String domain) {
        assertThatThrownBy(() -> CookieOptions.builder().domain(domain))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("domain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", ".example.com", "EXAMPLE.com", "a-b.example.co.uk", "localhost", "127.0.0.1"})
    void cookieDomain_validHost_isAccepted(String domain) {
        assertThat(CookieOptions.builder().domain(domain).build().domain()).isEqualTo(domain);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/a;b", "/caf\u00e9", "/a\u0000", "/a\nb", "/a\u007f"})
    void cookiePath_invalid_throwsNamingPath(String path) {
        assertThatThrownBy(() -> CookieOptions.builder().path(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path");
    }

    @Test
    void cookieBuild_maxAgeAndExpires_throwsNamingBoth() {
        assertThatThrownBy(() -> CookieOptions.builder().maxAge(Duration.ofMinutes(1)).expires(Instant.now()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("maxAge")
                .hasMessageContaining("expires");
    }

    @Test
    void touchAfter_negative_throwsNamingTouchAfter() {
        assertThatThrownBy(() -> SessionOptions.builder().touchAfter(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("touchAfter");
    }

    @Test
    void engine_genidReturningEmpty_failsNamingGenid() {
        SessionEngine engine = SessionEngine.create(SessionOptions.builder().secret("s").genid(ex -> "").build());
        SessionHandle handle = engine.begin(FakeExchange.request());

        assertThatThrownBy(handle::session).isInstanceOf(IllegalStateException.class).hasMessageContaining("genid");
    }

    // ---- defaults ----

    @Test
    void build_defaults_followExpressExceptResaveAndSaveUninitialized() {
        SessionOptions options = SessionOptions.builder().secret("keyboard cat").build();

        assertThat(options.name()).isEqualTo("connect.sid");
        assertThat(options.resave()).isFalse();
        assertThat(options.saveUninitialized()).isFalse();
        assertThat(options.rolling()).isFalse();
        assertThat(options.unset()).isEqualTo(UnsetAction.KEEP);
        assertThat(options.proxy()).isEqualTo(TrustProxy.CONTAINER);
        assertThat(options.touchAfter()).isEqualTo(SessionOptions.DEFAULT_TOUCH_AFTER).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.createOnMissing()).isTrue();
        assertThat(options.store()).isNotNull();
        assertThat(options.secrets()).hasSize(1);
        assertThat(new String(options.secrets().get(0), StandardCharsets.UTF_8)).isEqualTo("keyboard cat");
    }

    @Test
    void cookieDefaults_httpOnlyRootPathBrowserSession() {
        CookieOptions cookie = SessionOptions.builder().secret("s").build().cookie(FakeExchange.request());

        assertThat(cookie.httpOnly()).isTrue();
        assertThat(cookie.path()).isEqualTo("/");
        assertThat(cookie.maxAge()).isNull();
        assertThat(cookie.expires()).isNull();
        assertThat(cookie.domain()).isNull();
        assertThat(cookie.secure()).isNull();
        assertThat(cookie.sameSite()).isNull();
        assertThat(cookie.partitioned()).isNull();
        assertThat(cookie.priority()).isNull();
    }

    @Test
    void engine_defaults_sendConnectSidWithPathAndHttpOnly() {
        SessionEngine engine = SessionEngine.create(SessionOptions.builder().secret("s").build());
        FakeExchange exchange = FakeExchange.request();
        SessionHandle handle = engine.begin(exchange);
        handle.session().set("k", 1);
        handle.commit();

        assertThat(exchange.setCookies()).singleElement().asString()
                .startsWith("connect.sid=s%3A")
                .endsWith("; Path=/; HttpOnly");
    }

    @Test
    void secrets_returnsCopies() {
        SessionOptions options = SessionOptions.builder().secret("abc").build();
        options.secrets().get(0)[0] = 'X';

        assertThat(new String(options.secrets().get(0), StandardCharsets.UTF_8)).isEqualTo("abc");
    }

    @Test
    void secret_mutatingTheCallersList_doesNotChangeOptions() {
        List<String> secrets = new ArrayList<>(List.of("first", "second"));
        SessionOptions.Builder builder = SessionOptions.builder().secrets(secrets);
        secrets.clear();

        assertThat(builder.build().secrets()).hasSize(2);
    }

    @Test
    void toString_neverShowsTheSecret() {
        assertThat(SessionOptions.builder().secret("hunter2-very-secret").build().toString())
                .doesNotContain("hunter2");
    }

    @Test
    void toBuilder_keepsEveryOptionIncludingTheStore() {
        SessionOptions options = SessionOptions.builder().secret("s").name("sid").rolling(true).resave(true)
                .saveUninitialized(true).unset(UnsetAction.DESTROY).touchAfter(Duration.ofMinutes(5)).build();

        SessionOptions copy = options.toBuilder().build();

        assertThat(copy.name()).isEqualTo("sid");
        assertThat(copy.rolling()).isTrue();
        assertThat(copy.resave()).isTrue();
        assertThat(copy.saveUninitialized()).isTrue();
        assertThat(copy.unset()).isEqualTo(UnsetAction.DESTROY);
        assertThat(copy.touchAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(copy.store()).isSameAs(options.store());
    }
}
