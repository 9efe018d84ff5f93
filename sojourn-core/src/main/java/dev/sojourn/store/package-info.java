/** Stores that ship with core and need no server: {@link dev.sojourn.store.MemoryStore}. */
@NullMarked
package dev.sojourn.store;

import org.jspecify.annotations.NullMarked;
