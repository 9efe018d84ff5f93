/**
 * Sojourn's framework-neutral core: {@link dev.sojourn.SessionOptions}, the per-request
 * {@link dev.sojourn.SessionHandle}, the user-facing {@link dev.sojourn.Session}, and the
 * {@link dev.sojourn.SessionStore} SPI with its wire format ({@link dev.sojourn.SessionRecord},
 * {@link dev.sojourn.SessionJson}).
 */
@NullMarked
package dev.sojourn;

import org.jspecify.annotations.NullMarked;
