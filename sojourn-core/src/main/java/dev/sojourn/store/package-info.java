/**
 * Stores that ship with core and need no server: {@link dev.sojourn.store.MemoryStore} (one
 * process, in memory) and {@link dev.sojourn.store.FileStore} (one file per session in a directory,
 * survives restarts).
 */
@NullMarked
package dev.sojourn.store;

import org.jspecify.annotations.NullMarked;
