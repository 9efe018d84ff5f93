package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Spec §1.4: attribute order and spelling of cookie 0.7.2, only present attributes, never Max-Age. */
class SetCookieHeaderTest {
    private static final Instant EXPIRES = Instant.parse("2026-11-24T19:23:38.071Z");

    @Test
    void format_everyAttribute_inExpressOrder() {
        CookieData cookie = new CookieData(3_600_000L, true, "HIGH", EXPIRES, true, true, "example.com", "/app", "lax");

        assertThat(SetCookieHeader.format("sid", "v", cookie)).isEqualTo(
                "sid=v; Domain=example.com; Path=/app; Expires=Tue, 24 Nov 2026 19:23:38 GMT; HttpOnly; Secure; "
                        + "Partitioned; Priority=High; SameSite=Lax");
    }

    @Test
    void format_falseAndNullAttributes_areOmitted() {
        CookieData cookie = new CookieData(null, false, null, null, false, false, null, null, false);

        assertThat(SetCookieHeader.format("sid", "v", cookie)).isEqualTo("sid=v");
    }

    @Test
    void format_persistentCookie_hasExpiresButNeverMaxAge() {
        CookieData cookie = new CookieData(60_000L, null, null, EXPIRES, null, true, null, "/", null);

        assertThat(SetCookieHeader.format("sid", "v", cookie))
                .isEqualTo("sid=v; Path=/; Expires=Tue, 24 Nov 2026 19:23:38 GMT; HttpOnly")
                .doesNotContainIgnoringCase("max-age");
    }

    @Test
    void format_sameSiteSpellings_areNormalised() {
        assertThat(SetCookieHeader.format("s", "v", cookieWithSameSite(true))).isEqualTo("s=v; SameSite=Strict");
        assertThat(SetCookieHeader.format("s", "v", cookieWithSameSite("STRICT"))).isEqualTo("s=v; SameSite=Strict");
        assertThat(SetCookieHeader.format("s", "v", cookieWithSameSite("Lax"))).isEqualTo("s=v; SameSite=Lax");
        assertThat(SetCookieHeader.format("s", "v", cookieWithSameSite("none"))).isEqualTo("s=v; SameSite=None");
    }

    @Test
    void format_prioritySpellings_areNormalised() {
        CookieData low = new CookieData(null, null, "low", null, null, null, null, null, null);
        CookieData medium = new CookieData(null, null, "Medium", null, null, null, null, null, null);

        assertThat(SetCookieHeader.format("s", "v", low)).isEqualTo("s=v; Priority=Low");
        assertThat(SetCookieHeader.format("s", "v", medium)).isEqualTo("s=v; Priority=Medium");
    }

    @Test
    void clearing_anyCookie_emptiesValueAndExpiresAtEpochInSameScope() {
        CookieData persistent = new CookieData(60_000L, null, null, EXPIRES, true, true, "example.com", "/app", "strict");
        CookieData browserSession = new CookieData(null, null, null, null, null, true, null, "/", null);

        assertThat(SetCookieHeader.clearing("connect.sid", persistent)).isEqualTo(
                "connect.sid=; Domain=example.com; Path=/app; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict");
        assertThat(SetCookieHeader.clearing("connect.sid", browserSession))
                .isEqualTo("connect.sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly");
    }

    private static CookieData cookieWithSameSite(Object sameSite) {
        return new CookieData(null, null, null, null, null, null, null, null, sameSite);
    }
}
