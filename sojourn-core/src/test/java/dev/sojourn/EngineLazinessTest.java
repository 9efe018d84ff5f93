package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine touches the store only when the session is used, and then as little as the rules
 * allow. Every test counts the store calls exactly.
 */
class EngineLazinessTest {

    @Test
    void begin_validCookie_makesNoStoreCall() {
        EngineHarness h = EngineHarness.create();
        String id = h.seed(Map.of("views", 1));

        SessionHandle handle = h.engine.begin(h.requestWith(id));

        assertThat(handle.requestedSessionId()).contains(id);
        assertThat(h.store.total()).isZero();
    }

    @Test
    void request_sessionNeverUsed_makesZeroStoreCallsAndSendsNothing() {
        EngineHarness h = EngineHarness.create();
        String id = h.seed(Map.of("views", 1));

        FakeExchange exchange = h.run(h.requestWith(id), handle -> { });

        assertThat(h.store.total()).isZero();
        assertThat(exchange.allResponseHeaders()).isEmpty();
    }

    @Test
    void request_sessionNeverUsedWithEveryEagerOption_stillMakesZeroStoreCalls() {
        EngineHarness h = EngineHarness.create(b -> b.rolling(true).resave(true).saveUninitialized(true)
                .cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build()));
        String id = h.seed(Map.of("views", 1));

        FakeExchange withCookie = h.run(h.requestWith(id), handle -> { });
        FakeExchange withoutCookie = h.run(FakeExchange.request(), handle -> { });

        assertThat(h.store.total()).isZero();
        assertThat(withCookie.allResponseHeaders()).isEmpty();
        assertThat(withoutCookie.allResponseHeaders()).isEmpty();
    }

    @Test
    void request_noCookieAndSessionNeverUsed_makesZeroStoreCalls() {
        EngineHarness h = EngineHarness.create();

        FakeExchange exchange = h.run(FakeExchange.request(), handle -> { });

        assertThat(h.store.total()).isZero();
        assertThat(exchange.allResponseHeaders()).isEmpty();
    }

    @Test
    void request_readsOnly_makesExactlyOneGetAndNoWrite() {
        EngineHarness h = EngineHarness.create(b -> b.touchAfter(Duration.ofHours(1))
                .cookie(CookieOptions.builder().maxAge(Duration.ofDays(1)).build()));
        String id = h.seed(Map.of("views", 1, "name", "alice"));

        FakeExchange exchange = h.run(h.requestWith(id), handle -> {
            assertThat(handle.session().get("views")).isEqualTo(1);
            assertThat(handle.session().get("name", String.class)).isEqualTo("alice");
            assertThat(handle.existingSession()).isPresent();
            assertThat(handle.load()).isTrue();
            assertThat(handle.session().keys()).containsExactlyInAnyOrder("views", "name");
        });

        assertThat(h.store.gets).hasValue(1);
        assertThat(h.store.getIds).containsExactly(id);
        assertThat(h.store.total()).as("touch not due within touchAfter: the one get is the only call").isEqualTo(1);
        assertThat(exchange.setCookies()).isEmpty();
    }

    @Test
    void request_readsOnlyWithDefaultOptions_makesExactlyOneGet() {
        EngineHarness h = EngineHarness.create(b -> b.cookie(CookieOptions.builder().maxAge(Duration.ofDays(1)).build()));
        String id = h.seed(Map.of("views", 1));
        h.clock.advance(Duration.ofSeconds(59));

        h.run(h.requestWith(id), handle -> handle.session().get("views"));

        assertThat(h.store.gets).hasValue(1);
        assertThat(h.store.total()).as("default touchAfter (1 min) not yet due: the get is the only call").isEqualTo(1);
    }

    @Test
    void touchAfter_longerThanHalfTheCookieLifetime_isCappedAtHalf() {
        EngineHarness h = EngineHarness.create(b -> b.touchAfter(Duration.ofHours(1))
                .cookie(CookieOptions.builder().maxAge(Duration.ofMinutes(10)).build()));
        String id = h.seed(Map.of("views", 1));

        h.clock.advance(Duration.ofMinutes(4));
        h.run(h.requestWith(id), handle -> handle.session().get("views"));
        assertThat(h.store.touches).as("4 of 10 min: not due").hasValue(0);

        h.clock.advance(Duration.ofMinutes(1));
        h.run(h.requestWith(id), handle -> handle.session().get("views"));
        assertThat(h.store.touches).as("5 of 10 min: half the lifetime, due although touchAfter is 1 h").hasValue(1);
    }

    @Test
    void request_readsOnlyBrowserSessionCookie_makesOneGetAndOneTouch() {
        EngineHarness h = EngineHarness.create();
        String id = h.seed(Map.of("views", 1));

        h.run(h.requestWith(id), handle -> handle.session().get("views"));

        assertThat(h.store.gets).hasValue(1);
        assertThat(h.store.touches).hasValue(1);
        assertThat(h.store.total()).isEqualTo(2);
    }

    @Test
    void request_newSessionUnmodified_isNeitherStoredNorSentACookie() {
        EngineHarness h = EngineHarness.create();

        FakeExchange exchange = h.run(FakeExchange.request(), handle -> {
            Session session = handle.session();
            assertThat(session.isNew()).isTrue();
            assertThat(session.get("anything")).isNull();
        });

        assertThat(h.store.total()).isZero();
        assertThat(exchange.setCookies()).isEmpty();
        assertThat(h.store.delegate().length()).isZero();
    }

    @Test
    void request_newSessionUnmodifiedWithSaveUninitialized_isStoredOnceAndSentACookie() {
        EngineHarness h = EngineHarness.create(b -> b.saveUninitialized(true));

        FakeExchange exchange = h.run(FakeExchange.request(), handle -> handle.session());

        assertThat(h.store.sets).hasValue(1);
        assertThat(h.store.total()).isEqualTo(1);
        assertThat(h.sessionIdSent(exchange)).contains("sid-1");
        assertThat(h.stored("sid-1")).isPresent();
    }

    @Test
    void request_newSessionModified_isStoredWithOneSetAndSentACookie() {
        EngineHarness h = EngineHarness.create();

        FakeExchange exchange = h.run(FakeExchange.request(), handle -> handle.session().set("views", 1));

        assertThat(h.store.sets).hasValue(1);
        assertThat(h.store.total()).isEqualTo(1);
        assertThat(h.sessionIdSent(exchange)).contains("sid-1");
    }

    @Test
    void request_invalidSignature_createsNewSessionWithoutStoreRead() {
        EngineHarness h = EngineHarness.create();
        String id = h.seed(Map.of("views", 1));
        String forged = h.cookieHeader(id).replace("s%3A" + id + ".", "s%3A" + id + "x.");

        FakeExchange exchange = h.run(FakeExchange.request().cookie(forged), handle -> {
            assertThat(handle.requestedSessionId()).isEmpty();
            assertThat(handle.session().get("views")).isNull();
        });

        assertThat(h.store.total()).isZero();
        assertThat(exchange.setCookies()).isEmpty();
    }

    @Test
    void request_unchangedLoadedSession_isTouchedOnceNotRewritten() {
        EngineHarness h = EngineHarness.create(b -> b.cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build()));
        String id = h.seed(Map.of("views", 1));
        h.clock.advance(Duration.ofMinutes(10));

        FakeExchange exchange = h.run(h.requestWith(id), handle -> handle.session().get("views"));

        assertThat(h.store.gets).hasValue(1);
        assertThat(h.store.touches).hasValue(1);
        assertThat(h.store.sets).hasValue(0);
        assertThat(h.store.patches).hasValue(0);
        assertThat(h.store.destroys).hasValue(0);
        assertThat(h.store.touchCalls.get(0).id()).isEqualTo(id);
        assertThat(h.store.touchCalls.get(0).cookie().expires()).isEqualTo(h.clock.instant().plus(Duration.ofHours(1)));
        assertThat(h.stored(id).orElseThrow().cookie().expires()).isEqualTo(h.clock.instant().plus(Duration.ofHours(1)));
        assertThat(exchange.setCookies()).as("not rolling: the browser is not told").isEmpty();
    }

    @Test
    void touchAfter_notYetDue_skipsTouchAndDueTouches() {
        EngineHarness h = EngineHarness.create(b -> b.touchAfter(Duration.ofMinutes(5))
                .cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build()));
        String id = h.seed(Map.of("views", 1));
        java.time.Instant written = h.clock.instant();

        h.clock.advance(Duration.ofMinutes(1));
        h.run(h.requestWith(id), handle -> handle.session().get("views"));
        assertThat(h.store.gets).hasValue(1);
        assertThat(h.store.touches).as("1 min after the write: not due").hasValue(0);
        assertThat(h.store.total()).isEqualTo(1);
        assertThat(h.stored(id).orElseThrow().cookie().expires()).isEqualTo(written.plus(Duration.ofHours(1)));

        h.clock.advance(Duration.ofMinutes(4)); // exactly 5 min after the write
        h.run(h.requestWith(id), handle -> handle.session().get("views"));
        assertThat(h.store.touches).as("5 min after the write: due").hasValue(1);
        assertThat(h.stored(id).orElseThrow().cookie().expires()).isEqualTo(h.clock.instant().plus(Duration.ofHours(1)));

        h.clock.advance(Duration.ofMinutes(2));
        h.run(h.requestWith(id), handle -> handle.session().get("views"));
        assertThat(h.store.touches).as("2 min after the touch: not due again").hasValue(1);

        h.clock.advance(Duration.ofMinutes(3));
        h.run(h.requestWith(id), handle -> handle.session().get("views"));
        assertThat(h.store.touches).as("5 min after the touch: due again").hasValue(2);
        assertThat(h.store.sets).hasValue(0);
        assertThat(h.store.patches).hasValue(0);
    }

    @Test
    void touchAfter_modifiedSession_isWrittenEvenWhenTouchNotDue() {
        EngineHarness h = EngineHarness.create(b -> b.touchAfter(Duration.ofMinutes(5))
                .cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build()));
        String id = h.seed(Map.of("views", 1));
        h.clock.advance(Duration.ofMinutes(1));

        h.run(h.requestWith(id), handle -> handle.session().set("views", 2));

        assertThat(h.store.patches).hasValue(1);
        assertThat(h.stored(id).orElseThrow().attributes().get("views").asInt()).isEqualTo(2);
    }

    @Test
    void request_expiredSession_isNotLoadedAndNewSessionIsCreated() {
        EngineHarness h = EngineHarness.create(b -> b.cookie(CookieOptions.builder().maxAge(Duration.ofMinutes(1)).build()));
        String id = h.seed(Map.of("views", 1));
        h.clock.advance(Duration.ofMinutes(2));

        h.run(h.requestWith(id), handle -> {
            Session session = handle.session();
            assertThat(session.id()).isNotEqualTo(id);
            assertThat(session.get("views")).isNull();
        });

        assertThat(h.store.gets).hasValue(1);
        assertThat(h.store.sets).hasValue(0);
    }

    @Test
    void loadOnly_noSession_existingSessionIsEmptyAndSessionThrows() {
        EngineHarness h = EngineHarness.create(b -> b.createOnMissing(false));

        FakeExchange exchange = h.run(FakeExchange.request(), handle -> {
            assertThat(handle.existingSession()).isEmpty();
            assertThat(handle.load()).isFalse();
            assertThatThrownBy(handle::session).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("createOnMissing");
        });

        assertThat(h.store.total()).isZero();
        assertThat(exchange.allResponseHeaders()).isEmpty();
    }

    @Test
    void begin_pathOutsideCookiePath_returnsNull() {
        EngineHarness h = EngineHarness.create(b -> b.cookie(CookieOptions.builder().path("/app").build()));

        assertThat(h.engine.begin(FakeExchange.request().path("/other"))).isNull();
        assertThat(h.engine.begin(FakeExchange.request().path("/"))).isNull();
        assertThat(h.engine.begin(FakeExchange.request().path("/app"))).isNotNull();
        assertThat(h.engine.begin(FakeExchange.request().path("/application"))).as("plain prefix test, as express").isNotNull();
        assertThat(h.store.total()).isZero();
    }

    @Test
    void begin_emptyPathWithRootCookiePath_isHandled() {
        EngineHarness h = EngineHarness.create();

        assertThat(h.engine.begin(FakeExchange.request().path(""))).isNotNull();
    }

    @Test
    void begin_overlongCookieValue_isIgnoredWithoutStoreCall() {
        EngineHarness h = EngineHarness.create();
        String id = "x".repeat(5000);

        SessionHandle handle = h.engine.begin(FakeExchange.request().cookie(h.cookieHeader(id)));

        assertThat(handle.requestedSessionId()).isEmpty();
        assertThat(h.store.total()).isZero();
    }
}
