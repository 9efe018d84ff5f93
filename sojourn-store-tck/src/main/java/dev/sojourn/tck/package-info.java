/**
 * The store conformance kit: extend {@link dev.sojourn.tck.SessionStoreContract} in your store's
 * tests and supply the store and its back-door hooks.
 */
@NullMarked
package dev.sojourn.tck;

import org.jspecify.annotations.NullMarked;
