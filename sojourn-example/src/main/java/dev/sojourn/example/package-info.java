/**
 * The Sojourn example app: {@link dev.sojourn.example.ExampleApp} runs the routes of
 * {@link dev.sojourn.example.ExampleRoutes} (written once, over
 * {@link dev.sojourn.example.ExampleExchange}) on the server {@code --adapter} chooses: embedded
 * Jetty 12 with {@link dev.sojourn.servlet.SojournFilter} ({@link dev.sojourn.example.ExampleServlet}),
 * Javalin 7 with {@link dev.sojourn.javalin.SojournPlugin}, or the JDK's HTTP server with
 * {@link dev.sojourn.jdkhttp.SojournHttpFilter}. Its flags are {@link dev.sojourn.example.ExampleConfig};
 * the one place a store is chosen is {@link dev.sojourn.example.StoreSpec}.
 */
@NullMarked
package dev.sojourn.example;

import org.jspecify.annotations.NullMarked;
