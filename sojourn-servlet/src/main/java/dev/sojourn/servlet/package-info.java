/**
 * The Jakarta Servlet 6 adapter: {@link dev.sojourn.servlet.SojournFilter} gives every request a
 * Sojourn session behind the standard {@code HttpSession} API.
 */
@NullMarked
package dev.sojourn.servlet;

import org.jspecify.annotations.NullMarked;
