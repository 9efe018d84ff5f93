package dev.sojourn.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import dev.sojourn.Session;
import dev.sojourn.SessionIdTransport;
import dev.sojourn.SessionOptions;
import dev.sojourn.testing.CountingStore;
import dev.sojourn.testing.TestClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How JDK-server handlers reach the session: the filter's accessors, load-only and creating
 * filters on different contexts, the header transports, lazy-sessions' destroy-by-id and
 * {@code load()}, and the per-exchange handle.
 */
class JdkHttpSessionAccessTest extends JdkHttpTestSupport {
    private static final String HEADER = "X-Session-Id";

    /** One context at / answering: /write (views = v or 1), /read, /regenerate (views = 2), /destroy, /logout, /probe. */
    private TestClient sessionServer(SessionOptions options) throws IOException {
        return startServer(server -> server.createContext("/", JdkHttpSessionAccessTest::sessionApp)
                .getFilters().add(new SojournHttpFilter(options)));
    }

    private static void sessionApp(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/write" -> {
                String v = query(exchange, "v");
                SojournHttpFilter.session(exchange).set("views", v == null ? 1 : Integer.parseInt(v));
                respond(exchange, "ok");
            }
            case "/read" -> respond(exchange, String.valueOf(SojournHttpFilter.session(exchange).get("views")));
            case "/regenerate" -> {
                Session session = SojournHttpFilter.session(exchange);
                session.regenerate();
                session.set("views", 2);
                respond(exchange, "regenerated");
            }
            case "/destroy" -> {
                SojournHttpFilter.session(exchange).destroy();
                respond(exchange, "destroyed");
            }
            case "/logout" -> {
                SojournHttpFilter.handle(exchange).orElseThrow().destroyRequestedSession();
                respond(exchange, "bye");
            }
            case "/probe" -> respond(exchange, String.valueOf(SojournHttpFilter.handle(exchange).orElseThrow().load()));
            default -> respond(exchange, 404, "");
        }
    }

    private static String idOfSigned(String encoded) {
        String signed = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        return signed.substring(2, signed.lastIndexOf('.'));
    }

    @Test
    void classDocumentationExample_countsViews() throws Exception {
        TestClient client = startServer(server -> {
            HttpContext context = server.createContext("/", exchange -> {
                Session session = SojournHttpFilter.session(exchange);
                Integer views = session.get("views", Integer.class);
                session.set("views", views == null ? 1 : views + 1);
                byte[] body = ("views: " + session.get("views")).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            context.getFilters().add(new SojournHttpFilter(SessionOptions.builder().secret("keyboard cat").build()));
        });

        assertThat(client.get("/").body()).isEqualTo("views: 1");
        assertThat(client.get("/").body()).isEqualTo("views: 2");
    }

    // ---- load-only filter next to a creating one ----

    private TestClient loginServer(CountingStore store) throws IOException {
        SessionOptions creating = options(store).build();
        SessionOptions loadOnly = creating.toBuilder().createOnMissing(false).build();
        return startServer(server -> {
            server.createContext("/login", exchange -> {
                SojournHttpFilter.session(exchange).set("user", "alice");
                respond(exchange, "welcome");
            }).getFilters().add(new SojournHttpFilter(creating));
            server.createContext("/", exchange -> {
                if (exchange.getRequestURI().getPath().equals("/force")) {
                    try {
                        SojournHttpFilter.session(exchange);
                        respond(exchange, "created");
                    } catch (IllegalStateException e) {
                        respond(exchange, 403, "load-only");
                    }
                    return;
                }
                respond(exchange, SojournHttpFilter.handle(exchange).orElseThrow().existingSession()
                        .map(s -> s.get("user", String.class)).orElse("anonymous"));
            }).getFilters().add(new SojournHttpFilter(loadOnly));
        });
    }

    @Test
    void loadOnlyFilter_requestWithoutSession_getsNoneAndNoCookieAndNoStoreCall() throws Exception {
        CountingStore store = newStore();
        TestClient client = loginServer(store);

        TestClient.Response profile = client.get("/profile");
        TestClient.Response force = client.get("/force");

        assertThat(profile.body()).isEqualTo("anonymous");
        assertThat(force.status()).isEqualTo(403);
        assertThat(profile.setCookies()).isEmpty();
        assertThat(force.setCookies()).isEmpty();
        assertThat(store.total()).isZero();
    }

    @Test
    void loadOnlyFilter_unknownSignedId_getsNoneAndCreatesNothing() throws Exception {
        CountingStore store = newStore();
        TestClient client = loginServer(store);
        client.setCookie(NAME, signedValue("not-in-store", SECRET));

        TestClient.Response profile = client.get("/profile");

        assertThat(profile.body()).isEqualTo("anonymous");
        assertThat(profile.setCookies()).isEmpty();
        assertThat(store.delegate().length()).isZero();
    }

    @Test
    void loginContext_createsTheSession_andTheLoadOnlyFilterLoadsIt() throws Exception {
        CountingStore store = newStore();
        TestClient client = loginServer(store);

        TestClient.Response login = client.post("/login", Map.of());
        TestClient.Response profile = client.get("/profile");

        assertThat(login.body()).isEqualTo("welcome");
        assertThat(sessionCookie(login)).isNotEmpty();
        assertThat(profile.body()).isEqualTo("alice");
        assertThat(profile.setCookies()).isEmpty();
        assertThat(store.delegate().length()).isEqualTo(1);
    }

    // ---- header transports ----

    @Test
    void headerTransport_newIdReturnedInHeader_acceptedNext_regeneratedIdReturned_destroyClears() throws Exception {
        CountingStore store = newStore();
        TestClient client = sessionServer(options(store).transport(SessionIdTransport.header(HEADER)).build());

        TestClient.Response created = client.get("/write?v=5");
        String first = created.header(HEADER).orElseThrow();
        TestClient.Response read = client.get("/read", Map.of(HEADER, first));
        TestClient.Response regenerated = client.get("/regenerate", Map.of(HEADER, first));
        String second = regenerated.header(HEADER).orElseThrow();
        TestClient.Response readAgain = client.get("/read", Map.of(HEADER, second));
        TestClient.Response destroyed = client.get("/destroy", Map.of(HEADER, second));

        assertThat(created.setCookies()).isEmpty();
        assertThat(read.body()).isEqualTo("5");
        assertThat(read.header(HEADER)).as("an unchanged id is not sent again").isEmpty();
        assertThat(idOfSigned(second)).isNotEqualTo(idOfSigned(first));
        assertThat(store.delegate().get(idOfSigned(first))).isEmpty();
        assertThat(readAgain.body()).isEqualTo("2");
        assertThat(destroyed.header(HEADER)).contains("");
        assertThat(store.delegate().length()).isZero();
    }

    @Test
    void headerOrCookie_bothPresentAndDifferent_headerWins() throws Exception {
        CountingStore store = newStore();
        TestClient client = sessionServer(options(store).transport(SessionIdTransport.headerOrCookie(HEADER, NAME)).build());
        TestClient other = new TestClient(client.baseUrl());
        TestClient.Response viaHeader = client.get("/write?v=1");
        other.get("/write?v=2");
        String headerValue = viaHeader.header(HEADER).orElseThrow();
        assertThat(sessionCookie(viaHeader)).as("a new id is sent in both").isNotEmpty();

        TestClient.Response both = other.get("/read", Map.of(HEADER, headerValue));
        TestClient.Response cookieOnly = other.get("/read");

        assertThat(both.body()).isEqualTo("1");
        assertThat(cookieOnly.body()).isEqualTo("2");
        assertThat(store.delegate().length()).isEqualTo(2);
    }

    // ---- lazy-sessions' API ----

    @Test
    void destroyRequestedSession_destroysById_withoutLoading_andClearsTheCookie() throws Exception {
        CountingStore store = newStore();
        TestClient client = sessionServer(options(store).build());
        String id = idOf(sessionCookie(client.get("/write")));
        store.reset();

        TestClient.Response logout = client.post("/logout", Map.of());

        assertThat(logout.body()).isEqualTo("bye");
        assertThat(store.count("get")).isZero();
        assertThat(store.count("destroy")).isEqualTo(1);
        assertThat(store.delegate().get(id)).isEmpty();
        assertThat(sessionCookie(logout)).contains("Expires=Thu, 01 Jan 1970");
        assertThat(client.cookie(NAME)).isEmpty();
    }

    @Test
    void load_reportsWhetherTheRequestHasASession() throws Exception {
        CountingStore store = newStore();
        TestClient client = sessionServer(options(store).build());

        TestClient.Response none = client.get("/probe");
        int callsWithoutCookie = store.total();
        client.get("/write");
        TestClient.Response existing = client.get("/probe");
        client.setCookie(NAME, signedValue("unknown-id", SECRET));
        TestClient.Response unknown = client.get("/probe");

        assertThat(none.body()).isEqualTo("false");
        assertThat(callsWithoutCookie).isZero();
        assertThat(existing.body()).isEqualTo("true");
        assertThat(unknown.body()).isEqualTo("false");
        assertThat(unknown.setCookies()).isEmpty();
    }

    // ---- the exchange the handler sees ----

    @Test
    void handle_isPerExchange_althoughTheJdkServerSharesAttributesPerContext() throws Exception {
        CountingStore store = newStore();
        CyclicBarrier bothInFlight = new CyclicBarrier(2);
        Set<Object> contextAttributes = ConcurrentHashMap.newKeySet();
        TestClient first = startServer(server -> {
            HttpContext context = server.createContext("/", exchange -> {
                Session session = SojournHttpFilter.session(exchange);
                session.set("views", 1);
                try {
                    bothInFlight.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IOException(e);
                }
                contextAttributes.addAll(exchange.getHttpContext().getAttributes().keySet());
                respond(exchange, session.id());
            });
            context.getFilters().add(new SojournHttpFilter(options(store).build()));
        });
        TestClient second = new TestClient(first.baseUrl());

        CompletableFuture<TestClient.Response> a = first.getAsync("/", Map.of());
        CompletableFuture<TestClient.Response> b = second.getAsync("/", Map.of());
        TestClient.Response ra = a.get(20, TimeUnit.SECONDS);
        TestClient.Response rb = b.get(20, TimeUnit.SECONDS);

        assertThat(ra.body()).isNotEqualTo(rb.body());
        assertThat(idOf(sessionCookie(ra))).isEqualTo(ra.body());
        assertThat(idOf(sessionCookie(rb))).isEqualTo(rb.body());
        assertThat(contextAttributes).doesNotContain(SojournHttpFilter.HANDLE_ATTRIBUTE);
    }

    @Test
    void handle_requestOutsideTheCookiePath_isEmpty_andTheExchangeIsTheServers() throws Exception {
        CountingStore store = newStore();
        TestClient client = startServer(server -> server.createContext("/", exchange -> respond(exchange,
                        SojournHttpFilter.handle(exchange).isPresent() + " " + (exchange instanceof SessionExchange)))
                .getFilters().add(new SojournHttpFilter(options(store)
                        .cookie(dev.sojourn.CookieOptions.builder().path("/app").build()).build())));

        assertThat(client.get("/app/page").body()).isEqualTo("true true");
        assertThat(client.get("/other").body()).isEqualTo("false false");
        assertThat(store.total()).isZero();
    }
}
