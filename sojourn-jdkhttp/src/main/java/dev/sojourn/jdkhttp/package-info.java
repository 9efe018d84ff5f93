/**
 * The adapter for the JDK's built-in HTTP server ({@code com.sun.net.httpserver}):
 * {@link dev.sojourn.jdkhttp.SojournHttpFilter} gives every exchange of a context a Sojourn session,
 * stored before the response headers are sent.
 */
@NullMarked
package dev.sojourn.jdkhttp;

import org.jspecify.annotations.NullMarked;
