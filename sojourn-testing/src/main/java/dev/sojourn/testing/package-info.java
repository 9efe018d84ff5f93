/**
 * Test support shared by every Sojourn module: a settable clock ({@link dev.sojourn.tck.ManualClock}, from the store kit),
 * a store that counts (and can fail or slow down) calls ({@link dev.sojourn.testing.CountingStore}),
 * a raw-JSON store with a back door ({@link dev.sojourn.testing.RawJsonStore}), an HTTP client with a
 * cookie jar and raw requests ({@link dev.sojourn.testing.TestClient}), a self-signed certificate
 * ({@link dev.sojourn.testing.TlsSupport}), and the adapter-neutral HTTP conformance suite every
 * adapter runs: {@link dev.sojourn.testing.SessionScenarios} (which maps express-session's whole test
 * catalogue) and its sibling classes, started through an {@link dev.sojourn.testing.AdapterFixture}.
 */
@NullMarked
package dev.sojourn.testing;

import org.jspecify.annotations.NullMarked;
