package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The session's cookie object: spec §1.5 (expires / maxAge / originalMaxAge), §1.6 (AUTO),
 * §1.7 (when a request is secure) and the applicable items 143–160 of the Cookie suite (§8.2).
 */
class SessionCookieTest {
    private final TestClock clock = TestClock.at("2026-11-24T17:00:00Z");

    private SessionCookie fresh(CookieOptions options) {
        return SessionCookie.fresh(options, false, clock);
    }

    // ---- §8.2 items 143–148: defaults ----

    @Test
    void fresh_defaults_browserSessionHttpOnlyRootPath() {
        SessionCookie cookie = fresh(CookieOptions.defaults());

        assertThat(cookie.expires()).isEmpty();          // 144
        assertThat(cookie.httpOnly()).isTrue();          // 145
        assertThat(cookie.path()).isEqualTo("/");        // 146
        assertThat(cookie.maxAge()).isEmpty();           // 147
        assertThat(cookie.originalMaxAge()).isEmpty();
        assertThat(cookie.secure()).isFalse();
        assertThat(cookie.domain()).isEmpty();
        assertThat(cookie.sameSite()).isEmpty();
        assertThat(cookie.partitioned()).isFalse();
        assertThat(cookie.priority()).isEmpty();
        assertThat(cookie.toData()).isEqualTo(new CookieData(null, null, null, null, null, true, null, "/", null));
    }

    // ---- items 151–160 ----

    @Test
    void fresh_expiresOption_isKeptAndMaxAgeIsTimeRemaining() {
        Instant expires = clock.instant().plusSeconds(90);
        SessionCookie cookie = fresh(CookieOptions.builder().expires(expires).build());

        assertThat(cookie.expires()).contains(expires);                            // 151
        assertThat(cookie.maxAge()).contains(Duration.ofSeconds(90));              // 152
        assertThat(cookie.originalMaxAge()).contains(Duration.ofSeconds(90));
    }

    @Test
    void fresh_httpOnlyFalse_isKept() {
        SessionCookie cookie = fresh(CookieOptions.builder().httpOnly(false).build());

        assertThat(cookie.httpOnly()).isFalse();                                    // 153
        assertThat(cookie.toData().httpOnly()).isFalse();
    }

    @Test
    void fresh_maxAge_setsExpiresToNowPlusMaxAgeAndReadsBack() {
        SessionCookie cookie = fresh(CookieOptions.builder().maxAge(Duration.ofMinutes(1)).build());

        assertThat(cookie.expires()).contains(clock.instant().plusSeconds(60));   // 154
        assertThat(cookie.maxAge()).contains(Duration.ofMinutes(1));               // 155
        assertThat(cookie.originalMaxAge()).contains(Duration.ofMinutes(1));
    }

    @Test
    void setExpires_absoluteInstant_isKept() {
        SessionCookie cookie = fresh(CookieOptions.defaults());
        Instant at = clock.instant().plusSeconds(3600);

        cookie.setExpires(at);                                                      // 156 (a Date given as maxAge)

        assertThat(cookie.expires()).contains(at);
    }

    @Test
    void fresh_partitionedPathPriority_areKept() {
        SessionCookie cookie = fresh(CookieOptions.builder().partitioned(true).path("/admin").priority(Priority.HIGH).build());

        assertThat(cookie.partitioned()).isTrue();                                  // 158
        assertThat(cookie.path()).isEqualTo("/admin");                             // 159
        assertThat(cookie.priority()).contains(Priority.HIGH);                     // 160
        assertThat(cookie.toData().priority()).isEqualTo("high");
    }

    // ---- §1.5 ----

    @Test
    void maxAge_asTimePasses_isTimeRemainingAndNegativeOncePast() {
        SessionCookie cookie = fresh(CookieOptions.builder().maxAge(Duration.ofSeconds(10)).build());

        clock.advance(Duration.ofSeconds(4));
        assertThat(cookie.maxAge()).contains(Duration.ofSeconds(6));
        assertThat(cookie.originalMaxAge()).contains(Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(7));
        assertThat(cookie.maxAge()).contains(Duration.ofSeconds(-1));
    }

    @Test
    void setMaxAge_duration_setsExpiresAndOriginalMaxAge() {
        SessionCookie cookie = fresh(CookieOptions.defaults());
        clock.advance(Duration.ofSeconds(5));

        cookie.setMaxAge(Duration.ofMinutes(30));

        assertThat(cookie.expires()).contains(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(cookie.originalMaxAge()).contains(Duration.ofMinutes(30));
        assertThat(cookie.maxAge()).contains(Duration.ofMinutes(30));
        assertThat(cookie.changed()).isTrue();
    }

    @Test
    void setExpires_instant_resetsOriginalMaxAgeToRemainingTime() {
        SessionCookie cookie = fresh(CookieOptions.builder().maxAge(Duration.ofHours(1)).build());

        cookie.setExpires(clock.instant().plusSeconds(120));

        assertThat(cookie.originalMaxAge()).contains(Duration.ofSeconds(120));
        clock.advance(Duration.ofSeconds(20));
        cookie.resetExpiry();
        assertThat(cookie.expires()).as("a touch slides the absolute expiry by its duration")
                .contains(clock.instant().plusSeconds(120));
    }

    @Test
    void setMaxAgeNull_persistentCookie_becomesBrowserSessionCookie() {
        SessionCookie cookie = fresh(CookieOptions.builder().maxAge(Duration.ofHours(1)).build());

        cookie.setMaxAge(null);

        assertThat(cookie.expires()).isEmpty();
        assertThat(cookie.maxAge()).isEmpty();
        assertThat(cookie.originalMaxAge()).isEmpty();
        assertThat(SetCookieHeader.format("sid", "v", cookie.toData())).doesNotContain("Expires");
    }

    @Test
    void setExpiresNull_isBrowserSessionCookie() {
        SessionCookie cookie = fresh(CookieOptions.builder().maxAge(Duration.ofHours(1)).build());

        cookie.setExpires(null);

        assertThat(cookie.expires()).isEmpty();
        assertThat(cookie.originalMaxAge()).isEmpty();
    }

    @Test
    void resetExpiry_persistentCookie_movesExpiryToNowPlusOriginalMaxAge() {
        SessionCookie cookie = fresh(CookieOptions.builder().maxAge(Duration.ofMinutes(1)).build());
        clock.advance(Duration.ofSeconds(45));

        cookie.resetExpiry();

        assertThat(cookie.expires()).contains(clock.instant().plusSeconds(60));
        assertThat(cookie.changed()).as("the per-request touch is not a change").isFalse();
    }

    @Test
    void resetExpiry_browserSessionCookie_staysWithoutExpiry() {
        SessionCookie cookie = fresh(CookieOptions.defaults());

        cookie.resetExpiry();

        assertThat(cookie.expires()).isEmpty();
    }

    @Test
    void setters_attributes_markChangedAndShowInData() {
        SessionCookie cookie = fresh(CookieOptions.defaults());
        assertThat(cookie.changed()).isFalse();

        cookie.setSecure(true);
        cookie.setHttpOnly(false);
        cookie.setDomain("example.com");
        cookie.setPath("/x");
        cookie.setPartitioned(true);
        cookie.setSameSite(SameSite.LAX);
        cookie.setPriority(Priority.LOW);

        assertThat(cookie.changed()).isTrue();
        assertThat(cookie.toData()).isEqualTo(new CookieData(null, true, "low", null, true, false, "example.com", "/x", "lax"));
    }

    @Test
    void setSameSite_auto_isRejected() {
        SessionCookie cookie = fresh(CookieOptions.defaults());

        assertThatThrownBy(() -> cookie.setSameSite(SameSite.AUTO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AUTO");
    }

    @Test
    void sameSite_storedAsBooleanTrue_readsAsStrict() {
        SessionCookie cookie = fresh(CookieOptions.builder().sameSite(true).build());

        assertThat(cookie.sameSite()).contains(SameSite.STRICT);
        assertThat(cookie.toData().sameSite()).isEqualTo(Boolean.TRUE);
    }

    @Test
    void sameSite_storedAnyCase_isParsed() {
        SessionCookie cookie = new SessionCookie(new CookieData(null, null, null, null, null, null, null, null, "LaX"), clock);

        assertThat(cookie.sameSite()).contains(SameSite.LAX);
    }

    // ---- §1.6: AUTO resolved when the session is created ----

    @ParameterizedTest(name = "secure request {0}")
    @CsvSource({"true, true, none", "false, false, lax"})
    void fresh_secureAndSameSiteAuto_resolvedFromTheRequest(boolean secureRequest, boolean secure, String sameSite) {
        CookieOptions options = CookieOptions.builder().secure(CookieSecure.AUTO).sameSite(SameSite.AUTO).build();

        CookieData data = SessionCookie.fresh(options, secureRequest, clock).toData();

        assertThat(data.secure()).isEqualTo(secure);
        assertThat(data.sameSite()).isEqualTo(sameSite);
    }

    @Test
    void fresh_secureFalseSameSiteAutoOnSecureRequest_isNoneWithoutSecure() {
        CookieOptions options = CookieOptions.builder().secure(CookieSecure.FALSE).sameSite(SameSite.AUTO).build();

        CookieData data = SessionCookie.fresh(options, true, clock).toData();

        assertThat(data.secure()).isFalse();
        assertThat(data.sameSite()).isEqualTo("none");
    }

    @Test
    void engine_autoOnSecureRequest_sendsSecureSameSiteNoneAndStoresBooleans() {
        EngineHarness h = EngineHarness.create(b -> b.cookie(
                CookieOptions.builder().secure(CookieSecure.AUTO).sameSite(SameSite.AUTO).build()));

        FakeExchange exchange = h.run(FakeExchange.request().secure(true), handle -> handle.session().set("k", 1));

        assertThat(exchange.setCookies()).singleElement().asString().endsWith("; Path=/; HttpOnly; Secure; SameSite=None");
        CookieData stored = h.store.setCalls.get(0).record().cookie();
        assertThat(stored.secure()).isTrue();
        assertThat(stored.sameSite()).isEqualTo("none");
    }

    @Test
    void engine_autoOnInsecureRequest_sendsLaxWithoutSecure() {
        EngineHarness h = EngineHarness.create(b -> b.cookie(
                CookieOptions.builder().secure(CookieSecure.AUTO).sameSite(SameSite.AUTO).build()));

        FakeExchange exchange = h.run(FakeExchange.request(), handle -> handle.session().set("k", 1));

        assertThat(exchange.setCookies()).singleElement().asString().endsWith("; Path=/; HttpOnly; SameSite=Lax");
        CookieData stored = h.store.setCalls.get(0).record().cookie();
        assertThat(stored.secure()).isFalse();
        assertThat(stored.sameSite()).isEqualTo("lax");
    }

    @Test
    void engine_existingSession_keepsStoredAttributesNotCurrentConfiguration() {
        EngineHarness h = EngineHarness.create(b -> b.cookie(
                CookieOptions.builder().secure(CookieSecure.AUTO).sameSite(SameSite.AUTO).build()).rolling(true));
        String id = h.seed(Map.of("k", 1)); // created over plain HTTP: secure false, lax

        FakeExchange exchange = h.run(h.requestWith(id).secure(true), handle -> handle.session().get("k"));

        assertThat(exchange.setCookies()).singleElement().asString().endsWith("; HttpOnly; SameSite=Lax");
    }

    // ---- §1.7: when is a request secure ----

    @ParameterizedTest(name = "{0} tls={1} serverSays={2} X-Forwarded-Proto={3}")
    @CsvSource(nullValues = "-", value = {
            "CONTAINER,       false, false, https,       false",
            "CONTAINER,       false, true,  -,           true",
            "CONTAINER,       true,  true,  -,           true",
            "NEVER,           false, true,  https,       false",
            "NEVER,           true,  true,  -,           true",
            "FORWARDED_PROTO, false, false, https,       true",
            "FORWARDED_PROTO, false, false, 'https,http', true",
            "FORWARDED_PROTO, false, false, 'http,https', false",
            "FORWARDED_PROTO, false, false, 'https,http,http', true",
            "FORWARDED_PROTO, false, false, 'http,https,https', false",
            "FORWARDED_PROTO, false, false, ' HTTPS , http', true",
            "FORWARDED_PROTO, false, false, http,        false",
            "FORWARDED_PROTO, false, false, httpsx,      false",
            "FORWARDED_PROTO, false, false, -,           false",
            "FORWARDED_PROTO, false, true,  -,           false",
            "FORWARDED_PROTO, true,  true,  http,        true"})
    void isSecure_proxyMode_decidesFromTlsServerOrForwardedProto(TrustProxy proxy, boolean tls, boolean serverSecure,
            String forwardedProto, boolean expected) {
        FakeExchange exchange = FakeExchange.request().secure(serverSecure).tls(tls);
        if (forwardedProto != null) {
            exchange.header("X-Forwarded-Proto", forwardedProto);
        }

        assertThat(proxy.isSecure(exchange)).isEqualTo(expected);
    }

    @Test
    void engine_forwardedProtoHttpsFirst_sendsSecureCookie() {
        EngineHarness h = EngineHarness.create(b -> b.proxy(TrustProxy.FORWARDED_PROTO)
                .cookie(CookieOptions.builder().secure(CookieSecure.TRUE).build()));

        FakeExchange exchange = h.run(FakeExchange.request().header("X-Forwarded-Proto", "https,http"),
                handle -> handle.session().set("k", 1));

        assertThat(exchange.setCookies()).singleElement().asString().contains("; Secure");
    }

    @Test
    void engine_forwardedProtoHttpFirst_suppressesSecureCookie() {
        EngineHarness h = EngineHarness.create(b -> b.proxy(TrustProxy.FORWARDED_PROTO)
                .cookie(CookieOptions.builder().secure(CookieSecure.TRUE).build()));

        FakeExchange exchange = h.run(FakeExchange.request().header("X-Forwarded-Proto", "http,https"),
                handle -> handle.session().set("k", 1));

        assertThat(exchange.setCookies()).isEmpty();
        assertThat(h.store.sets).hasValue(1);
    }

    @Test
    void engine_forwardedProtoWithAutoSecure_resolvesSecureTrue() {
        EngineHarness h = EngineHarness.create(b -> b.proxy(TrustProxy.FORWARDED_PROTO)
                .cookie(CookieOptions.builder().secure(CookieSecure.AUTO).build()));

        FakeExchange exchange = h.run(FakeExchange.request().header("x-forwarded-proto", "https"),
                handle -> handle.session().set("k", 1));

        assertThat(exchange.setCookies()).singleElement().asString().endsWith("; HttpOnly; Secure");
        assertThat(h.store.setCalls.get(0).record().cookie().secure()).isTrue();
    }

    @Test
    void engine_neverModeIgnoresServerVerdict_suppressesSecureCookie() {
        EngineHarness h = EngineHarness.create(b -> b.proxy(TrustProxy.NEVER)
                .cookie(CookieOptions.builder().secure(CookieSecure.TRUE).build()));

        FakeExchange exchange = h.run(FakeExchange.request().secure(true).tls(false), handle -> handle.session().set("k", 1));

        assertThat(exchange.setCookies()).isEmpty();
        assertThat(h.store.sets).hasValue(1);
    }
}
