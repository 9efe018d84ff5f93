package dev.sojourn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.CookieOptions;
import dev.sojourn.CookieSecure;
import dev.sojourn.SameSite;
import dev.sojourn.TrustProxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Catalogue items 30–59 (spec §8.1): the {@code proxy} option and the {@code cookie} option
 * (path, {@code secure: 'auto'}, the function form, {@code sameSite: 'auto'}). See
 * {@link SessionScenarios} for the whole catalogue map.
 *
 * <p>How a "secure request" is made: express-session's {@code proxy: true} is
 * {@link TrustProxy#FORWARDED_PROTO} with an {@code X-Forwarded-Proto} header; {@code proxy: false}
 * is {@link TrustProxy#NEVER}; {@code proxy} unset is {@link TrustProxy#CONTAINER}, where the
 * "framework's secure flag" ({@code req.secure} in Express) is the server's own verdict: real TLS
 * ({@link ServerSpec#tls()}) or the server trusting forwarded headers
 * ({@link ServerSpec#trustingForwardedHeaders()}, Express's {@code trust proxy}).
 */
public abstract class ProxyAndCookieOptionScenarios extends ScenarioSupport {
    private static final Map<String, String> HTTPS = Map.of("X-Forwarded-Proto", "https");
    private static final Map<String, String> HTTP = Map.of("X-Forwarded-Proto", "http");

    private CookieOptions.Builder cookie() {
        return CookieOptions.builder().maxAgeMillis(MAX_AGE);
    }

    /** The application of this class: writes to the session (so a cookie is due) when it has one. */
    private static void writeIfInScope(ScenarioExchange ex) throws Exception {
        boolean inScope = ex.findHandle().isPresent();
        if (inScope) {
            ex.session().set("views", 1);
        }
        ex.write(inScope ? "session" : "no session");
    }

    // ---------------------------------------------------------------- proxy option (30-36)

    private TestClient secureCookieServer(CountingStore store, TrustProxy proxy, boolean serverTrustsForwarded) throws Exception {
        ServerSpec spec = ServerSpec.of(options(store).proxy(proxy).cookie(cookie().secure(CookieSecure.TRUE).build()).build(),
                ProxyAndCookieOptionScenarios::writeIfInScope);
        return start(serverTrustsForwarded ? spec.trustingForwardedHeaders() : spec);
    }

    @Test
    @DisplayName("§8 #30 proxy FORWARDED_PROTO (proxy:true) and X-Forwarded-Proto https: the Secure cookie is sent")
    void item30_forwardedHttpsSendsSecureCookie() throws Exception {
        TestClient client = secureCookieServer(newStore(), TrustProxy.FORWARDED_PROTO, false);

        String cookie = sessionCookie(client.get("/", HTTPS));

        assertThat(hasAttribute(cookie, "Secure")).isTrue();
    }

    @Test
    @DisplayName("§8 #31 proxy FORWARDED_PROTO and X-Forwarded-Proto 'https,http' (first wins): the cookie is sent")
    void item31_forwardedListFirstWins() throws Exception {
        TestClient client = secureCookieServer(newStore(), TrustProxy.FORWARDED_PROTO, false);

        assertThat(client.get("/", Map.of("X-Forwarded-Proto", "https,http")).setCookie(NAME)).isPresent();
        assertThat(client.get("/", Map.of("X-Forwarded-Proto", "http,https")).setCookie(NAME)).isEmpty();
    }

    @Test
    @DisplayName("§8 #32 proxy FORWARDED_PROTO without X-Forwarded-Proto: no cookie (the session is still stored)")
    void item32_forwardedProtoMissing() throws Exception {
        CountingStore store = newStore();
        TestClient client = secureCookieServer(store, TrustProxy.FORWARDED_PROTO, false);

        TestClient.Response response = client.get("/");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(store.delegate().length()).isEqualTo(1);
    }

    @Test
    @DisplayName("§8 #33 proxy NEVER (proxy:false) ignores X-Forwarded-Proto https: no cookie")
    void item33_neverIgnoresForwardedHeader() throws Exception {
        TestClient client = secureCookieServer(newStore(), TrustProxy.NEVER, false);

        assertThat(client.get("/", HTTPS).setCookie(NAME)).isEmpty();
    }

    @Test
    @DisplayName("§8 #34 proxy NEVER also ignores the server's own secure verdict (server trusting forwarded headers): no cookie")
    void item34_neverIgnoresContainerVerdict() throws Exception {
        TestClient client = secureCookieServer(newStore(), TrustProxy.NEVER, true);

        assertThat(client.get("/", HTTPS).setCookie(NAME)).isEmpty();
    }

    @Test
    @DisplayName("§8 #35 proxy CONTAINER (unset) does not read X-Forwarded-Proto itself: no cookie when the server ignores it")
    void item35_containerIgnoresForwardedHeaderOnItsOwn() throws Exception {
        TestClient client = secureCookieServer(newStore(), TrustProxy.CONTAINER, false);

        assertThat(client.get("/", HTTPS).setCookie(NAME)).isEmpty();
    }

    @Test
    @DisplayName("§8 #36 proxy CONTAINER (unset) uses the server's secure verdict (server trusting forwarded headers): cookie sent")
    void item36_containerUsesContainerVerdict() throws Exception {
        TestClient client = secureCookieServer(newStore(), TrustProxy.CONTAINER, true);

        String cookie = sessionCookie(client.get("/", HTTPS));

        assertThat(hasAttribute(cookie, "Secure")).isTrue();
        assertThat(client.get("/", HTTP).setCookie(NAME)).isEmpty();
    }

    @Test
    @DisplayName("spec §1.7 (beyond the catalogue) a TLS connection is secure whatever the proxy setting, NEVER included")
    void tlsIsSecureEvenWithProxyNever() throws Exception {
        TestClient client = start(ServerSpec.of(options(newStore()).proxy(TrustProxy.NEVER)
                .cookie(cookie().secure(CookieSecure.TRUE).build()).build(), ProxyAndCookieOptionScenarios::writeIfInScope).tls());

        assertThat(hasAttribute(sessionCookie(client.get("/")), "Secure")).isTrue();
    }

    // ---------------------------------------------------------------- cookie path (37-42)

    private TestClient pathServer(CountingStore store) throws Exception {
        return start(options(store).cookie(cookie().path("/foo/bar").build()).build(), ProxyAndCookieOptionScenarios::writeIfInScope);
    }

    @Test
    @DisplayName("§8 #37 cookie path /foo/bar, request to / : no session, no cookie, no store use")
    void item37_outsidePathNoCookie() throws Exception {
        CountingStore store = newStore();
        TestClient client = pathServer(store);

        TestClient.Response response = client.get("/");

        assertThat(response.body()).isEqualTo("no session");
        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(store.total()).isZero();
    }

    @Test
    @DisplayName("§8 #38 cookie path /foo/bar, request to / with an odd Host header: no cookie")
    void item38_outsidePathOddHost() throws Exception {
        CountingStore store = newStore();
        TestClient client = pathServer(store);

        TestClient.Response response = client.raw("GET / HTTP/1.1", List.of("Host: foo.bar.invalid:1234"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("no session");
        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(store.total()).isZero();
    }

    @Test
    @DisplayName("§8 #39 cookie path /foo/bar, request to /foo/bar itself: cookie sent with Path=/foo/bar")
    void item39_atPathSendsCookie() throws Exception {
        TestClient client = pathServer(newStore());

        String cookie = sessionCookie(client.get("/foo/bar"));

        assertThat(attribute(cookie, "Path")).contains("/foo/bar");
    }

    @Test
    @DisplayName("§8 #40 cookie path /foo/bar, request to /foo/bar/baz: cookie sent")
    void item40_underPathSendsCookie() throws Exception {
        TestClient client = pathServer(newStore());

        TestClient.Response response = client.get("/foo/bar/baz");

        assertThat(response.body()).isEqualTo("session");
        assertThat(attribute(sessionCookie(response), "Path")).contains("/foo/bar");
    }

    @Test
    @DisplayName("§8 #41 mounted at /foo, cookie path /foo/bar, request /foo/bar: the original (full) path matches, cookie sent")
    void item41_mountedOriginalPathMatches() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(ServerSpec.of(options(store).cookie(cookie().path("/foo/bar").build()).build(),
                ProxyAndCookieOptionScenarios::writeIfInScope).mountedAt("/foo"));

        TestClient.Response response = client.get("/bar");

        assertThat(response.body()).isEqualTo("session");
        assertThat(response.setCookie(NAME)).isPresent();
    }

    @Test
    @DisplayName("§8 #42 mounted at /foo, cookie path /foo/bar, request /foo/foo/bar: the original path does not match, no cookie")
    void item42_mountedOriginalPathDoesNotMatch() throws Exception {
        CountingStore store = newStore();
        TestClient client = start(ServerSpec.of(options(store).cookie(cookie().path("/foo/bar").build()).build(),
                ProxyAndCookieOptionScenarios::writeIfInScope).mountedAt("/foo"));

        TestClient.Response response = client.get("/foo/bar");

        assertThat(response.body()).isEqualTo("no session");
        assertThat(response.setCookie(NAME)).isEmpty();
        assertThat(store.total()).isZero();
    }

    // ---------------------------------------------------------------- secure AUTO (43-46)

    private TestClient autoSecureServer(TrustProxy proxy, boolean serverTrustsForwarded) throws Exception {
        ServerSpec spec = ServerSpec.of(options(newStore()).proxy(proxy).cookie(cookie().secure(CookieSecure.AUTO).build()).build(),
                ProxyAndCookieOptionScenarios::writeIfInScope);
        return start(serverTrustsForwarded ? spec.trustingForwardedHeaders() : spec);
    }

    @Test
    @DisplayName("§8 #43 secure AUTO, proxy FORWARDED_PROTO, X-Forwarded-Proto https: cookie has Secure")
    void item43_autoSecureForwarded() throws Exception {
        TestClient client = autoSecureServer(TrustProxy.FORWARDED_PROTO, false);

        assertThat(hasAttribute(sessionCookie(client.get("/", HTTPS)), "Secure")).isTrue();
    }

    @Test
    @DisplayName("§8 #44 secure AUTO, proxy NEVER, X-Forwarded-Proto https: cookie without Secure")
    void item44_autoSecureNeverTrusts() throws Exception {
        TestClient client = autoSecureServer(TrustProxy.NEVER, false);

        assertThat(hasAttribute(sessionCookie(client.get("/", HTTPS)), "Secure")).isFalse();
    }

    @Test
    @DisplayName("§8 #45 secure AUTO, proxy CONTAINER, server says secure (trusted forwarded https): cookie has Secure")
    void item45_autoSecureContainerSecure() throws Exception {
        TestClient client = autoSecureServer(TrustProxy.CONTAINER, true);

        assertThat(hasAttribute(sessionCookie(client.get("/", HTTPS)), "Secure")).isTrue();
    }

    @Test
    @DisplayName("§8 #46 secure AUTO, proxy CONTAINER, server says insecure: cookie without Secure")
    void item46_autoSecureContainerInsecure() throws Exception {
        TestClient client = autoSecureServer(TrustProxy.CONTAINER, true);

        assertThat(hasAttribute(sessionCookie(client.get("/", HTTP)), "Secure")).isFalse();
    }

    // ---------------------------------------------------------------- cookie as a function (47-48)

    @Test
    @DisplayName("§8 #47 the cookie option as a function: it is called, and its path/httpOnly/secure appear on the cookie")
    void item47_cookieFunctionCalled() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TestClient client = start(options(newStore()).cookie(exchange -> {
            calls.incrementAndGet();
            return CookieOptions.builder().path("/test").httpOnly(false).secure(CookieSecure.FALSE).maxAgeMillis(MAX_AGE).build();
        }).build(), ProxyAndCookieOptionScenarios::writeIfInScope);

        String cookie = sessionCookie(client.get("/test"));

        assertThat(calls.get()).isPositive();
        assertThat(attribute(cookie, "Path")).contains("/test");
        assertThat(hasAttribute(cookie, "HttpOnly")).isFalse();
        assertThat(hasAttribute(cookie, "Secure")).isFalse();
    }

    @Test
    @DisplayName("§8 #48 the cookie function receives the request (path taken from the URL)")
    void item48_cookieFunctionSeesRequest() throws Exception {
        TestClient client = start(options(newStore())
                .cookie(exchange -> CookieOptions.builder().path(exchange.requestPath()).build()).build(),
                ProxyAndCookieOptionScenarios::writeIfInScope);

        assertThat(attribute(sessionCookie(client.get("/foo/bar")), "Path")).contains("/foo/bar");
        TestClient another = new TestClient(client.baseUrl());
        assertThat(attribute(sessionCookie(another.get("/other")), "Path")).contains("/other");
    }

    @Test
    @DisplayName("extra: unlike express-session's quirk, AUTO values returned by the cookie function are resolved per request")
    void cookieFunctionAutoValuesResolved() throws Exception {
        TestClient client = start(options(newStore()).proxy(TrustProxy.FORWARDED_PROTO).cookie(exchange -> cookie()
                .secure(CookieSecure.AUTO).sameSite(SameSite.AUTO).build()).build(), ProxyAndCookieOptionScenarios::writeIfInScope);

        String secure = sessionCookie(client.get("/", HTTPS));
        String insecure = sessionCookie(new TestClient(client.baseUrl()).get("/", HTTP));

        assertThat(hasAttribute(secure, "Secure")).isTrue();
        assertThat(attribute(secure, "SameSite")).contains("None");
        assertThat(hasAttribute(insecure, "Secure")).isFalse();
        assertThat(attribute(insecure, "SameSite")).contains("Lax");
    }

    // ---------------------------------------------------------------- sameSite AUTO (49-59)

    private TestClient sameSiteAutoServer(CookieSecure secure, TrustProxy proxy, boolean tls) throws Exception {
        CookieOptions.Builder cookie = cookie().sameSite(SameSite.AUTO);
        if (secure != null) {
            cookie.secure(secure);
        }
        ServerSpec spec = ServerSpec.of(options(newStore()).proxy(proxy).cookie(cookie.build()).build(),
                ProxyAndCookieOptionScenarios::writeIfInScope);
        return start(tls ? spec.tls() : spec);
    }

    @Test
    @DisplayName("§8 #49 sameSite AUTO on a secure (real TLS) request: SameSite=None")
    void item49_sameSiteAutoSecure() throws Exception {
        TestClient client = sameSiteAutoServer(null, TrustProxy.CONTAINER, true);

        assertThat(attribute(sessionCookie(client.get("/")), "SameSite")).contains("None");
    }

    @Test
    @DisplayName("§8 #50 sameSite AUTO on an insecure request: SameSite=Lax")
    void item50_sameSiteAutoInsecure() throws Exception {
        TestClient client = sameSiteAutoServer(null, TrustProxy.CONTAINER, false);

        assertThat(attribute(sessionCookie(client.get("/")), "SameSite")).contains("Lax");
    }

    @Test
    @DisplayName("§8 #51 sameSite AUTO, proxy FORWARDED_PROTO, X-Forwarded-Proto https: SameSite=None")
    void item51_sameSiteAutoForwardedHttps() throws Exception {
        TestClient client = sameSiteAutoServer(null, TrustProxy.FORWARDED_PROTO, false);

        assertThat(attribute(sessionCookie(client.get("/", HTTPS)), "SameSite")).contains("None");
    }

    @Test
    @DisplayName("§8 #52 sameSite AUTO, proxy FORWARDED_PROTO, X-Forwarded-Proto http: SameSite=Lax")
    void item52_sameSiteAutoForwardedHttp() throws Exception {
        TestClient client = sameSiteAutoServer(null, TrustProxy.FORWARDED_PROTO, false);

        assertThat(attribute(sessionCookie(client.get("/", HTTP)), "SameSite")).contains("Lax");
    }

    @Test
    @DisplayName("§8 #53 sameSite AUTO, proxy NEVER, X-Forwarded-Proto https: SameSite=Lax")
    void item53_sameSiteAutoNeverTrusts() throws Exception {
        TestClient client = sameSiteAutoServer(null, TrustProxy.NEVER, false);

        assertThat(attribute(sessionCookie(client.get("/", HTTPS)), "SameSite")).contains("Lax");
    }

    @Test
    @DisplayName("§8 #54 secure AUTO + sameSite AUTO on a secure (TLS) request: Secure and SameSite=None")
    void item54_bothAutoSecure() throws Exception {
        TestClient client = sameSiteAutoServer(CookieSecure.AUTO, TrustProxy.CONTAINER, true);

        String cookie = sessionCookie(client.get("/"));

        assertThat(hasAttribute(cookie, "Secure")).isTrue();
        assertThat(attribute(cookie, "SameSite")).contains("None");
    }

    @Test
    @DisplayName("§8 #55 secure AUTO + sameSite AUTO on an insecure request: no Secure, SameSite=Lax")
    void item55_bothAutoInsecure() throws Exception {
        TestClient client = sameSiteAutoServer(CookieSecure.AUTO, TrustProxy.CONTAINER, false);

        String cookie = sessionCookie(client.get("/"));

        assertThat(hasAttribute(cookie, "Secure")).isFalse();
        assertThat(attribute(cookie, "SameSite")).contains("Lax");
    }

    @Test
    @DisplayName("§8 #56 secure FALSE + sameSite AUTO on a secure (TLS) request: SameSite=None without Secure")
    void item56_insecureCookieAutoSameSiteSecureRequest() throws Exception {
        TestClient client = sameSiteAutoServer(CookieSecure.FALSE, TrustProxy.CONTAINER, true);

        String cookie = sessionCookie(client.get("/"));

        assertThat(hasAttribute(cookie, "Secure")).isFalse();
        assertThat(attribute(cookie, "SameSite")).contains("None");
    }

    @Test
    @DisplayName("§8 #57 secure FALSE + sameSite AUTO on an insecure request: SameSite=Lax without Secure")
    void item57_insecureCookieAutoSameSiteInsecureRequest() throws Exception {
        TestClient client = sameSiteAutoServer(CookieSecure.FALSE, TrustProxy.CONTAINER, false);

        String cookie = sessionCookie(client.get("/"));

        assertThat(hasAttribute(cookie, "Secure")).isFalse();
        assertThat(attribute(cookie, "SameSite")).contains("Lax");
    }

    @Test
    @DisplayName("§8 #58 secure TRUE + sameSite AUTO on a secure (TLS) request: Secure and SameSite=None")
    void item58_secureCookieAutoSameSiteSecureRequest() throws Exception {
        TestClient client = sameSiteAutoServer(CookieSecure.TRUE, TrustProxy.CONTAINER, true);

        String cookie = sessionCookie(client.get("/"));

        assertThat(hasAttribute(cookie, "Secure")).isTrue();
        assertThat(attribute(cookie, "SameSite")).contains("None");
    }

    @Test
    @DisplayName("§8 #59 secure TRUE + sameSite AUTO on an insecure request: no cookie at all")
    void item59_secureCookieAutoSameSiteInsecureRequest() throws Exception {
        TestClient client = sameSiteAutoServer(CookieSecure.TRUE, TrustProxy.CONTAINER, false);

        TestClient.Response response = client.get("/");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.setCookie(NAME)).isEmpty();
    }
}
