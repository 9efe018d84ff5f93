package dev.sojourn.javalin;

import dev.sojourn.SessionHandle;
import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.ScenarioExchange;
import dev.sojourn.testing.ServerSpec;
import dev.sojourn.testing.TlsSupport;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs scenarios on a real Javalin 7 (embedded Jetty 12) with {@link SojournPlugin}, the scenario's
 * application answering every method on every path. Supports every {@link ServerSpec} extra: the
 * mount prefix as Javalin's context path, HTTPS, Jetty's {@link ForwardedRequestCustomizer}, and a
 * second plugin instance registered ahead of the one under test.
 */
final class JavalinFixture implements AdapterFixture {

    @Override
    public RunningServer start(ServerSpec spec) {
        return startApp(spec.isTls(), spec.trustsForwardedHeaders(), spec.mountPath(), config -> {
            if (spec.outerMiddleware() != null) {
                config.registerPlugin(new SojournPlugin(cfg -> cfg.options(spec.outerMiddleware())));
            }
            config.registerPlugin(new SojournPlugin(cfg -> cfg.options(spec.options())));
            for (HandlerType method : HandlerType.commonHttp()) {
                config.routes.addHttpHandler(method, "/*", ctx -> spec.handler().handle(new JavalinScenarioExchange(ctx)));
            }
        });
    }

    /** Starts a plain-HTTP Javalin at the root on a free loopback port with this set-up (plugins and routes). */
    static RunningServer startApp(Consumer<JavalinConfig> setup) {
        return startApp(false, false, "", setup);
    }

    /**
     * Starts Javalin on a free loopback port: HTTPS and Jetty's forwarded-header handling when
     * asked, mounted at {@code mountPath} (Javalin's context path), then {@code setup}.
     */
    static RunningServer startApp(boolean tls, boolean trustForwarded, String mountPath, Consumer<JavalinConfig> setup) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            if (!mountPath.isEmpty()) {
                config.router.contextPath = mountPath;
            }
            connector(config, tls, trustForwarded);
            setup.accept(config);
        });
        app.start();
        String baseUrl = (tls ? "https" : "http") + "://127.0.0.1:" + app.port() + mountPath;
        return new RunningServer() {
            @Override
            public String baseUrl() {
                return baseUrl;
            }

            @Override
            public void close() {
                app.stop();
            }
        };
    }

    private static void connector(JavalinConfig config, boolean tls, boolean trustForwarded) {
        config.jetty.addConnector((server, httpConfig) -> {
            HttpConfiguration http = new HttpConfiguration(httpConfig);
            if (trustForwarded) {
                http.addCustomizer(new ForwardedRequestCustomizer());
            }
            ServerConnector connector;
            if (tls) {
                SecureRequestCustomizer secure = new SecureRequestCustomizer();
                secure.setSniHostCheck(false);
                http.addCustomizer(secure);
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStorePath(TlsSupport.keyStore().toString());
                ssl.setKeyStorePassword(TlsSupport.PASSWORD);
                ssl.setKeyStoreType("PKCS12");
                connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
            } else {
                connector = new ServerConnector(server, new HttpConnectionFactory(http));
            }
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            return connector;
        });
    }

    /**
     * {@link ScenarioExchange} over Javalin's {@link Context}: the body is written to
     * {@code ctx.outputStream()}, headers and status through the context, redirects with
     * {@code ctx.redirect}, errors as a status and its message. {@link #end()} closes the servlet
     * stream as well (Javalin's own stream leaves it open); anything after it is ignored.
     */
    static final class JavalinScenarioExchange implements ScenarioExchange {
        private final Context ctx;
        private boolean ended;

        JavalinScenarioExchange(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public String method() {
            return ctx.req().getMethod();
        }

        @Override
        public String path() {
            return ctx.req().getRequestURI();
        }

        @Override
        public @Nullable String parameter(String name) {
            String query = ctx.queryParam(name);
            if (query != null) {
                return query;
            }
            String type = ctx.header(Header.CONTENT_TYPE);
            return type != null && type.startsWith("application/x-www-form-urlencoded") ? ctx.formParam(name) : null;
        }

        @Override
        public @Nullable String requestHeader(String name) {
            return ctx.header(name);
        }

        @Override
        public Optional<SessionHandle> findHandle() {
            return SojournPlugin.handle(ctx);
        }

        @Override
        public void status(int status) {
            ctx.status(status);
        }

        @Override
        public void addHeader(String name, String value) {
            if (!ended) {
                ctx.res().addHeader(name, value);
            }
        }

        @Override
        public void contentLength(long length) {
            ctx.header(Header.CONTENT_LENGTH, String.valueOf(length));
        }

        @Override
        public void write(String text) throws IOException {
            if (!ended) {
                ctx.outputStream().write(text.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void flush() throws IOException {
            if (!ended) {
                ctx.outputStream().flush();
            }
        }

        @Override
        public void end() throws IOException {
            if (!ended) {
                ended = true;
                ctx.outputStream().close();
                ctx.res().getOutputStream().close();
            }
        }

        @Override
        public void redirect(String location) {
            ctx.redirect(location, HttpStatus.FOUND);
        }

        @Override
        public void sendError(int status) {
            ctx.status(status).result(HttpStatus.forStatus(status).getMessage());
        }
    }
}
