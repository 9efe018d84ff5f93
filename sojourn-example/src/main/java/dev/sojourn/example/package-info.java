/**
 * The Sojourn example app: {@link dev.sojourn.example.ExampleApp} (embedded Jetty 12 with
 * {@link dev.sojourn.servlet.SojournFilter}), its flags ({@link dev.sojourn.example.ExampleConfig}),
 * its routes ({@link dev.sojourn.example.ExampleServlet}) and the one place a store is chosen
 * ({@link dev.sojourn.example.StoreSpec}).
 */
@NullMarked
package dev.sojourn.example;

import org.jspecify.annotations.NullMarked;
