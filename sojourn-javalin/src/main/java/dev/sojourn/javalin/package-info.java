/**
 * The Javalin 7 adapter: {@link dev.sojourn.javalin.SojournPlugin} gives every {@code Context} a
 * Sojourn session, reachable with {@link dev.sojourn.javalin.SojournPlugin#session(io.javalin.http.Context)}
 * and through Javalin's own {@code ctx.sessionAttribute(...)}.
 */
@NullMarked
package dev.sojourn.javalin;

import org.jspecify.annotations.NullMarked;
