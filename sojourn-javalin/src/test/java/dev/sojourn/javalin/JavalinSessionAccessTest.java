package dev.sojourn.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.Session;
import dev.sojourn.SessionHandle;
import dev.sojourn.SessionIdTransport;
import dev.sojourn.SessionOptions;
import dev.sojourn.testing.CountingStore;
import dev.sojourn.testing.TestClient;
import io.javalin.config.JavalinConfig;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How Javalin handlers reach the session: the plugin's accessors, load-only and creating
 * instances side by side, the header transports, lazy-sessions' destroy-by-id and {@code load()},
 * and Javalin's own {@code ctx.sessionAttribute}.
 */
class JavalinSessionAccessTest extends JavalinTestSupport {
    private static final String HEADER = "X-Session-Id";

    /** Routes on the session: /write (views = v or 1), /read, /regenerate (views = 2), /destroy. */
    private static void sessionRoutes(JavalinConfig config) {
        config.routes.get("/write", ctx -> {
            String v = ctx.queryParam("v");
            SojournPlugin.session(ctx).set("views", v == null ? 1 : Integer.parseInt(v));
            ctx.result("ok");
        });
        config.routes.get("/read", ctx -> ctx.result(String.valueOf(SojournPlugin.session(ctx).get("views"))));
        config.routes.get("/regenerate", ctx -> {
            Session session = SojournPlugin.session(ctx);
            session.regenerate();
            session.set("views", 2);
            ctx.result("regenerated");
        });
        config.routes.get("/destroy", ctx -> {
            SojournPlugin.session(ctx).destroy();
            ctx.result("destroyed");
        });
    }

    private static String idOfSigned(String encoded) {
        String signed = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        assertThat(signed).startsWith("s:");
        return signed.substring(2, signed.lastIndexOf('.'));
    }

    @Test
    void classDocumentationExample_countsViews() throws Exception {
        TestClient client = startJavalin(config -> {
            config.registerPlugin(new SojournPlugin(cfg -> cfg.options.secret("keyboard cat")));
            config.routes.get("/", ctx -> {
                Session session = SojournPlugin.session(ctx);
                Integer views = session.get("views", Integer.class);
                session.set("views", views == null ? 1 : views + 1);
                ctx.result("views: " + session.get("views"));
            });
        });

        assertThat(client.get("/").body()).isEqualTo("views: 1");
        assertThat(client.get("/").body()).isEqualTo("views: 2");
    }

    // ---- load-only instance next to a creating one ----

    private TestClient loginApp(CountingStore store) {
        SessionOptions creating = options(store).build();
        return startJavalin(config -> {
            config.registerPlugin(new SojournPlugin(cfg -> {
                cfg.options(creating);
                cfg.paths = List.of("/login");
            }));
            config.registerPlugin(new SojournPlugin(cfg -> cfg.options(creating.toBuilder().createOnMissing(false).build())));
            config.routes.post("/login", ctx -> {
                SojournPlugin.session(ctx).set("user", ctx.formParam("user"));
                ctx.result("welcome");
            });
            config.routes.get("/profile", ctx -> ctx.result(
                    SojournPlugin.existingSession(ctx).map(s -> s.get("user", String.class)).orElse("anonymous")
                    + (ctx.req().getSession(false) == null ? " (no HttpSession)" : " (HttpSession)")));
            config.routes.get("/force", ctx -> {
                try {
                    SojournPlugin.session(ctx);
                    ctx.result("created");
                } catch (IllegalStateException e) {
                    ctx.status(403).result("load-only");
                }
            });
        });
    }

    @Test
    void loadOnlyInstance_requestWithoutSession_getsNoneAndNoCookieAndNoStoreCall() throws Exception {
        CountingStore store = newStore();
        TestClient client = loginApp(store);

        TestClient.Response profile = client.get("/profile");
        TestClient.Response force = client.get("/force");

        assertThat(profile.body()).isEqualTo("anonymous (no HttpSession)");
        assertThat(force.status()).isEqualTo(403);
        assertThat(profile.setCookies()).isEmpty();
        assertThat(force.setCookies()).isEmpty();
        assertThat(store.total()).isZero();
    }

    @Test
    void loadOnlyInstance_unknownSignedId_getsNoneAndCreatesNothing() throws Exception {
        CountingStore store = newStore();
        TestClient client = loginApp(store);
        client.setCookie(NAME, signedValue("not-in-store", SECRET));

        TestClient.Response profile = client.get("/profile");

        assertThat(profile.body()).isEqualTo("anonymous (no HttpSession)");
        assertThat(profile.setCookies()).isEmpty();
        assertThat(store.delegate().length()).isZero();
    }

    @Test
    void loginInstance_createsTheSession_andTheLoadOnlyInstanceLoadsIt() throws Exception {
        CountingStore store = newStore();
        TestClient client = loginApp(store);

        TestClient.Response login = client.post("/login", Map.of("user", "alice"));
        TestClient.Response profile = client.get("/profile");

        assertThat(login.body()).isEqualTo("welcome");
        assertThat(sessionCookie(login)).isNotEmpty();
        assertThat(profile.body()).isEqualTo("alice (HttpSession)");
        assertThat(profile.setCookies()).isEmpty();
        assertThat(store.delegate().length()).isEqualTo(1);
    }

    // ---- header transports ----

    @Test
    void headerTransport_newIdReturnedInHeader_acceptedNext_regeneratedIdReturned_destroyClears() throws Exception {
        CountingStore store = newStore();
        TestClient client = startJavalin(config -> {
            config.registerPlugin(new SojournPlugin(cfg -> cfg.options(options(store).transport(SessionIdTransport.header(HEADER)).build())));
            sessionRoutes(config);
        });

        TestClient.Response created = client.get("/write?v=5");
        String first = created.header(HEADER).orElseThrow();
        TestClient.Response read = client.get("/read", Map.of(HEADER, first));
        TestClient.Response regenerated = client.get("/regenerate", Map.of(HEADER, first));
        String second = regenerated.header(HEADER).orElseThrow();
        TestClient.Response readAgain = client.get("/read", Map.of(HEADER, second));
        TestClient.Response destroyed = client.get("/destroy", Map.of(HEADER, second));

        assertThat(created.setCookies()).isEmpty();
        assertThat(store.delegate().get(idOfSigned(first))).isEmpty();
        assertThat(read.body()).isEqualTo("5");
        assertThat(read.header(HEADER)).as("an unchanged id is not sent again").isEmpty();
        assertThat(idOfSigned(second)).isNotEqualTo(idOfSigned(first));
        assertThat(readAgain.body()).isEqualTo("2");
        assertThat(destroyed.header(HEADER)).contains("");
        assertThat(store.delegate().length()).isZero();
    }

    @Test
    void headerOrCookie_bothPresentAndDifferent_headerWins() throws Exception {
        CountingStore store = newStore();
        TestClient client = startJavalin(config -> {
            config.registerPlugin(new SojournPlugin(cfg -> cfg.options(options(store)
                    .transport(SessionIdTransport.headerOrCookie(HEADER, NAME)).build())));
            sessionRoutes(config);
        });
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
        TestClient client = startJavalin(config -> {
            config.registerPlugin(new SojournPlugin(cfg -> cfg.options(options(store).build())));
            sessionRoutes(config);
            config.routes.post("/logout", ctx -> {
                SojournPlugin.handle(ctx).orElseThrow().destroyRequestedSession();
                ctx.result("bye");
            });
        });
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
        TestClient client = startJavalin(config -> {
            config.registerPlugin(new SojournPlugin(cfg -> cfg.options(options(store).build())));
            sessionRoutes(config);
            config.routes.get("/probe", ctx -> {
                SessionHandle handle = SojournPlugin.handle(ctx).orElseThrow();
                ctx.result(String.valueOf(handle.load()));
            });
        });

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

    // ---- Javalin's own session API ----

    @Test
    void ctxSessionAttribute_isBackedBySojourn() throws Exception {
        CountingStore store = newStore();
        TestClient client = startJavalin(config -> {
            config.registerPlugin(new SojournPlugin(cfg -> cfg.options(options(store).build())));
            config.routes.get("/set", ctx -> {
                ctx.sessionAttribute("user", "alice");
                ctx.result("set");
            });
            config.routes.get("/get", ctx -> {
                String user = ctx.sessionAttribute("user");
                ctx.result(String.valueOf(user));
            });
        });

        String id = idOf(sessionCookie(client.get("/set")));
        TestClient.Response read = client.get("/get");

        assertThat(read.body()).isEqualTo("alice");
        assertThat(storedJson(store.delegate(), id)).contains("\"user\":\"alice\"");
    }

    @Test
    void handle_requestOutsideThePluginsPaths_isEmpty() throws Exception {
        TestClient client = startJavalin(config -> {
            config.registerPlugin(new SojournPlugin(cfg -> {
                cfg.options(options(newStore()).build());
                cfg.paths = List.of("/app/*");
            }));
            config.routes.get("/app/in", ctx -> ctx.result(String.valueOf(SojournPlugin.handle(ctx).isPresent())));
            config.routes.get("/out", ctx -> ctx.result(String.valueOf(SojournPlugin.handle(ctx).isPresent())));
        });

        assertThat(client.get("/app/in").body()).isEqualTo("true");
        assertThat(client.get("/out").body()).isEqualTo("false");
    }
}
