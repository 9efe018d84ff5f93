package dev.sojourn.example;

import dev.sojourn.SessionHandle;
import dev.sojourn.SessionOptions;
import dev.sojourn.javalin.SojournPlugin;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code --adapter javalin}: Javalin 7 with {@link SojournPlugin}; one catch-all handler per method
 * hands every request to {@link ExampleRoutes}. The plugin serves the session routes only
 * ({@link ExampleRoutes#SESSION_PATH_SPECS}), so {@code /bare} stays outside the middleware.
 */
final class JavalinServer implements RunningServer {
    private final Javalin app;

    private JavalinServer(Javalin app) {
        this.app = app;
    }

    static JavalinServer start(ExampleConfig config, SessionOptions options) {
        Javalin app = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.startup.showOldJavalinVersionWarning = false;
            javalin.jetty.host = config.host();
            javalin.jetty.port = config.port();
            javalin.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            javalin.registerPlugin(new SojournPlugin(sojourn -> {
                sojourn.options(options);
                sojourn.paths = ExampleRoutes.SESSION_PATH_SPECS;
            }));
            for (HandlerType method : HandlerType.commonHttp()) {
                javalin.routes.addHttpHandler(method, "/*", ctx -> ExampleRoutes.handle(new JavalinExchange(ctx)));
            }
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            try {
                app.stop();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new JavalinServer(app);
    }

    @Override
    public int port() {
        return app.port();
    }

    @Override
    public void join() throws InterruptedException {
        app.jettyServer().server().join();
    }

    @Override
    public void stop() {
        app.stop();
    }

    /** {@link ExampleExchange} over Javalin's {@link Context}; the session handle is {@link SojournPlugin}'s. */
    static final class JavalinExchange implements ExampleExchange {
        private final Context ctx;

        JavalinExchange(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public String method() {
            return ctx.req().getMethod();
        }

        @Override
        public String path() {
            // Javalin's servlet is mapped to "/*": the decoded path is its path info.
            String pathInfo = ctx.req().getPathInfo();
            String path = ctx.req().getServletPath() + (pathInfo == null ? "" : pathInfo);
            return path.isEmpty() ? "/" : path;
        }

        @Override
        public Optional<SessionHandle> sessionHandle() {
            return SojournPlugin.handle(ctx);
        }

        @Override
        public @Nullable String formField(String name) {
            String value = ctx.formParam(name);
            return value != null ? value : ctx.queryParam(name);
        }

        @Override
        public void setHeader(String name, String value) {
            ctx.header(name, value);
        }

        @Override
        public void send(int status, String contentType, byte[] body) {
            ctx.status(status);
            ctx.contentType(contentType + ";charset=utf-8");
            ctx.result(body);
        }

        @Override
        public void sendEmpty(int status) {
            ctx.status(status);
            ctx.result(new byte[0]);
        }
    }
}
