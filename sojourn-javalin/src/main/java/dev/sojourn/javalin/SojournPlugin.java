package dev.sojourn.javalin;

import dev.sojourn.Session;
import dev.sojourn.SessionEngine;
import dev.sojourn.SessionHandle;
import dev.sojourn.SessionOptions;
import dev.sojourn.servlet.SojournFilter;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.plugin.Plugin;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;

/**
 * Sojourn sessions for Javalin 7, configured the Javalin way:
 *
 * <pre>{@code
 * Javalin.create(config -> {
 *     config.registerPlugin(new SojournPlugin(cfg -> cfg.options.secret("keyboard cat")));
 *     config.routes.get("/", ctx -> {
 *         Session session = SojournPlugin.session(ctx);
 *         Integer views = session.get("views", Integer.class);
 *         session.set("views", views == null ? 1 : views + 1);
 *         ctx.result("views: " + session.get("views"));
 *     });
 * });
 * }</pre>
 *
 * <p>Handlers reach the session with {@link #session(Context)}, {@link #existingSession(Context)}
 * and {@link #handle(Context)}; Javalin's own {@code ctx.sessionAttribute(...)} and
 * {@code ctx.req().getSession()} work too, backed by the same session.
 *
 * <p>The plugin installs Sojourn's servlet filter ({@link SojournFilter}) in front of Javalin's
 * servlet on Javalin's embedded Jetty, so the session is stored before the response is committed
 * wherever the commit comes from: the end of the request (after {@code before}, endpoint,
 * exception, error and {@code after} handlers), a redirect, a streamed or flushed body, and the
 * completion of a {@code ctx.future(...)}. A store failure fails the request with 500 (through
 * Javalin's exception handling when it happens in a handler).
 *
 * <p>Repeatable: each instance serves the requests its {@link Config#paths} match, and the first
 * instance (in registration order) that matches a request owns it; later ones then leave the
 * request alone. To have a load-only instance everywhere and a creating one on a login route,
 * register the login instance first:
 *
 * <pre>{@code
 * config.registerPlugin(new SojournPlugin(cfg -> { cfg.options(creating); cfg.paths = List.of("/login"); }));
 * config.registerPlugin(new SojournPlugin(cfg -> cfg.options(creating.toBuilder().createOnMissing(false).build())));
 * }</pre>
 *
 * <p>It needs Javalin's embedded Jetty; an application that deploys {@code javalinServlet()} in its
 * own container registers {@link SojournFilter} there instead.
 */
public final class SojournPlugin extends Plugin<SojournPlugin.Config> {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /**
     * The plugin's configuration, filled by the {@code Consumer} given to the constructor. Not
     * thread-safe; it is read once, when Javalin starts the plugin.
     */
    public static final class Config {
        /** The session options to build; at least a secret is required ({@code cfg.options.secret("...")}). */
        public SessionOptions.Builder options = SessionOptions.builder();

        /**
         * The servlet URL patterns (relative to Javalin's context path) of the requests this instance
         * serves, such as {@code "/*"}, {@code "/login"} or {@code "/api/*"}; default every request.
         */
        public List<String> paths = List.of("/*");

        /** Starts from options built elsewhere (a copy: later changes to this config do not touch them). */
        public Config options(SessionOptions options) {
            this.options = Objects.requireNonNull(options, "options").toBuilder();
            return this;
        }
    }

    /**
     * A plugin configured by {@code userConfig}.
     *
     * @throws IllegalStateException (when Javalin starts the plugin) if the options are incomplete,
     *     such as no secret, or no path is given
     */
    public SojournPlugin(Consumer<Config> userConfig) {
        super(Objects.requireNonNull(userConfig, "userConfig"), new Config());
    }

    /** Builds the engine and installs its filter on Javalin's servlet context, for {@link Config#paths}. */
    @Override
    public void onStart(JavalinState state) {
        Config config = pluginConfig;
        if (config.paths == null || config.paths.isEmpty()) {
            throw new IllegalStateException("SojournPlugin: paths must name at least one URL pattern, such as \"/*\"");
        }
        SessionEngine engine = SessionEngine.create(Objects.requireNonNull(config.options, "SojournPlugin: options").build());
        String[] paths = config.paths.toArray(String[]::new);
        state.jetty.modifyServletContextHandler(context -> {
            FilterHolder holder = new FilterHolder(new SojournFilter(engine));
            holder.setName("sojourn-" + INSTANCES.incrementAndGet());
            holder.setAsyncSupported(true);
            FilterMapping mapping = new FilterMapping();
            mapping.setFilterName(holder.getName());
            mapping.setPathSpecs(paths);
            mapping.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
            context.getServletHandler().addFilter(holder, mapping);
        });
    }

    /** Several instances may serve one application (see the class documentation). */
    @Override
    public boolean repeatable() {
        return true;
    }

    /**
     * The request's session handle (lazy: nothing is loaded until used), or empty when no instance
     * of the plugin serves the request (its paths do not match, or it lies outside the cookie's path).
     */
    public static Optional<SessionHandle> handle(Context ctx) {
        return SojournFilter.handle(ctx.req());
    }

    /**
     * The request's Sojourn session, created if needed (stored only once written).
     *
     * @throws IllegalStateException when no instance of the plugin serves the request, or when the
     *     serving instance is load-only and the request has no session
     */
    public static Session session(Context ctx) {
        return handle(ctx)
                .orElseThrow(() -> new IllegalStateException("no Sojourn session: no SojournPlugin serves " + ctx.path()))
                .session();
    }

    /** The request's session if it has one (loaded from the store or created earlier); never creates one. */
    public static Optional<Session> existingSession(Context ctx) {
        return handle(ctx).flatMap(SessionHandle::existingSession);
    }
}
