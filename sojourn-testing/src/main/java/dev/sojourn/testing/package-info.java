/**
 * Test support shared by every Sojourn module: a settable clock, a store that counts calls, an
 * HTTP client with a cookie jar, and {@link dev.sojourn.testing.SessionScenarios}, the
 * adapter-neutral HTTP scenario suite every adapter runs.
 */
@NullMarked
package dev.sojourn.testing;

import org.jspecify.annotations.NullMarked;
