package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Session API (spec §3.9) and the commit rules around it (§3.5–3.6), each with exact store counts. */
class SessionMethodsTest {
    private static final String CLEARING_COOKIE = "connect.sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly";

    // ---- regenerate ----

    @Test
    void regenerate_loadedSession_newIdOldDestroyedDataClearedCookieSent() {
        EngineHarness h = EngineHarness.create();
        String oldId = h.seed(Map.of("user", "alice"));

        FakeExchange exchange = h.run(h.requestWith(oldId), handle -> {
            Session session = handle.session();
            session.regenerate();
            assertThat(h.store.destroyIds).as("old session deleted at once").containsExactly(oldId);
            assertThat(h.stored(oldId)).isEmpty();
            assertThat(session.id()).isNotEqualTo(oldId).isEqualTo("sid-2");
            assertThat(session.keys()).isEmpty();
            assertThat(session.get("user")).isNull();
            assertThat(session.isNew()).isTrue();
            session.set("user", "bob");
        });

        assertThat(h.store.sets).hasValue(1);
        assertThat(h.store.setCalls.get(0).id()).isEqualTo("sid-2");
        assertThat(h.store.destroys).hasValue(1);
        assertThat(h.store.patches).hasValue(0);
        assertThat(h.stored("sid-2").orElseThrow().attributes().get("user").asText()).isEqualTo("bob");
        assertThat(h.sessionIdSent(exchange)).contains("sid-2");
    }

    @Test
    void regenerate_withoutNewData_stillStoresAndSendsNewId() {
        EngineHarness h = EngineHarness.create();
        String oldId = h.seed(Map.of("user", "alice"));

        FakeExchange exchange = h.run(h.requestWith(oldId), handle -> handle.session().regenerate());

        assertThat(h.store.sets).hasValue(1);
        assertThat(h.stored("sid-2").orElseThrow().attributes()).isEmpty();
        assertThat(h.sessionIdSent(exchange)).contains("sid-2");
    }

    @Test
    void regenerate_takesFreshCookieFromConfiguration() {
        EngineHarness h = EngineHarness.create(b -> b.cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build()));
        String oldId = h.seed(Map.of("user", "alice"));

        h.run(h.requestWith(oldId), handle -> {
            handle.session().cookie().setMaxAge(Duration.ofSeconds(5));
            handle.session().regenerate();
            assertThat(handle.session().cookie().originalMaxAge()).contains(Duration.ofHours(1));
        });
    }

    // ---- changeId ----

    @Test
    void changeId_loadedSession_keepsDataUnderNewIdAndDestroysOld() {
        EngineHarness h = EngineHarness.create();
        String oldId = h.seed(Map.of("user", "alice", "views", 3));

        FakeExchange exchange = h.run(h.requestWith(oldId), handle -> {
            Session session = handle.session();
            session.changeId();
            assertThat(session.id()).isEqualTo("sid-2");
            assertThat(session.get("user")).isEqualTo("alice");
            assertThat(h.stored(oldId)).isEmpty();
        });

        assertThat(h.store.destroyIds).containsExactly(oldId);
        assertThat(h.store.sets).hasValue(1);
        SessionRecord moved = h.stored("sid-2").orElseThrow();
        assertThat(moved.attributes()).containsOnlyKeys("user", "views");
        assertThat(moved.attributes().get("views").asInt()).isEqualTo(3);
        assertThat(h.sessionIdSent(exchange)).contains("sid-2");
    }

    // ---- destroy ----

    @Test
    void destroy_loadedSession_deletedNowAndCookieCleared() {
        EngineHarness h = EngineHarness.create();
        String id = h.seed(Map.of("user", "alice"));

        FakeExchange exchange = h.run(h.requestWith(id), handle -> {
            Session session = handle.session();
            session.destroy();
            assertThat(h.store.destroys).as("deleted before commit").hasValue(1);
            assertThat(h.stored(id)).isEmpty();
            assertThatThrownBy(() -> session.get("user")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> session.set("user", "x")).isInstanceOf(IllegalStateException.class);
            assertThat(handle.existingSession()).isEmpty();
        });

        assertThat(exchange.setCookies()).containsExactly(CLEARING_COOKIE);
        assertThat(h.store.destroyIds).containsExactly(id);
        assertThat(h.store.sets).hasValue(0);
        assertThat(h.store.patches).hasValue(0);
        assertThat(h.store.touches).hasValue(0);
    }

    @Test
    void destroy_persistentCookie_clearingHeaderStillExpiresAtEpochInSameScope() {
        EngineHarness h = EngineHarness.create(b -> b.cookie(CookieOptions.builder().maxAge(Duration.ofHours(1))
                .path("/app").domain("example.com").build()));
        FakeExchange first = h.run(FakeExchange.request().path("/app"), handle -> handle.session().set("k", 1));
        String id = h.sessionIdSent(first).orElseThrow();

        FakeExchange exchange = h.run(h.requestWith(id).path("/app/x"), handle -> handle.session().destroy());

        assertThat(exchange.setCookies()).containsExactly(
                "connect.sid=; Domain=example.com; Path=/app; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly");
    }

    @Test
    void destroy_newSession_sendsNoCookieAndStoresNothing() {
        EngineHarness h = EngineHarness.create();

        FakeExchange exchange = h.run(FakeExchange.request(), handle -> {
            handle.session().set("k", 1);
            handle.session().destroy();
        });

        assertThat(exchange.setCookies()).isEmpty();
        assertThat(h.store.sets).hasValue(0);
        assertThat(h.store.delegate().length()).isZero();
    }

    @Test
    void destroyRequestedSession_deletesWithoutLoading() {
        EngineHarness h = EngineHarness.create();
        String id = h.seed(Map.of("user", "alice"));

        FakeExchange exchange = h.run(h.requestWith(id), SessionHandle::destroyRequestedSession);

        assertThat(h.store.gets).hasValue(0);
        assertThat(h.store.destroyIds).containsExactly(id);
        assertThat(h.stored(id)).isEmpty();
        assertThat(exchange.setCookies()).containsExactly(CLEARING_COOKIE);
    }

    // ---- reload ----

    @Test
    void reload_afterAnotherRequestChangedSession_seesTheChange() {
        EngineHarness h = EngineHarness.create();
        String id = h.seed(Map.of("color", "red"));

        SessionHandle slow = h.engine.begin(h.requestWith(id));
        Session session = slow.session();
        assertThat(session.get("color")).isEqualTo("red");

        h.run(h.requestWith(id), other -> other.session().set("color", "blue"));
        assertThat(session.get("color")).as("not yet reloaded").isEqualTo("red");

        session.reload();

        assertThat(session.get("color")).isEqualTo("blue");
        h.store.reset();
        slow.commit();
        assertThat(h.store.sets).hasValue(0);
        assertThat(h.store.patches).as("reloaded data is not a change").hasValue(0);
        assertThat(h.stored(id).orElseThrow().attributes().get("color").asText()).isEqualTo("blue");
    }

    @Test
    void reload_sessionDeletedMeanwhile_throwsSessionNotFound() {
        EngineHarness h = EngineHarness.create();
        String id = h.seed(Map.of("color", "red"));
        SessionHandle handle = h.engine.begin(h.requestWith(id));
        Session session = handle.session();

        h.run(h.requestWith(id), other -> other.session().destroy());

        assertThatThrownBy(session::reload).isInstanceOf(SessionNotFoundException.class)
                .hasMessageContaining("failed to load session")
                .hasMessageNotContaining(id);
    }

    @Test
    void reload_newSessionNeverStored_throwsSessionNotFound() {
        EngineHarness h = EngineHarness.create();
        SessionHandle handle = h.engine.begin(FakeExchange.request());

        assertThatThrownBy(() -> handle.session().reload()).isInstanceOf(SessionNotFoundException.class);
    }

    // ---- save ----

    @Test
    void save_newSessionExplicitly_exactlyOneSetAndCookieSent() {
        EngineHarness h = EngineHarness.create();

        FakeExchange exchange = h.run(FakeExchange.request(), handle -> {
            handle.session().set("k", 1);
            handle.session().save();
            assertThat(h.store.sets).as("written at save()").hasValue(1);
            assertThat(h.stored("sid-1")).isPresent();
        });

        assertThat(h.store.sets).hasValue(1);
        assertThat(h.store.total()).isEqualTo(1);
        assertThat(h.sessionIdSent(exchange)).contains("sid-1");
    }

    @Test
    void save_thenChangeAgain_commitPatchesOnlyTheLaterChange() {
        EngineHarness h = EngineHarness.create();

        h.run(FakeExchange.request(), handle -> {
            handle.session().set("a", 1);
            handle.session().save();
            handle.session().set("b", 2);
        });

        assertThat(h.store.sets).hasValue(1);
        assertThat(h.store.patches).hasValue(1);
        assertThat(h.store.patchCalls.get(0).delta().set()).containsOnlyKeys("b");
        assertThat(h.stored("sid-1").orElseThrow().attributes()).containsOnlyKeys("a", "b");
    }

    @Test
    void save_untouchedNewSessionWithoutSaveUninitialized_storesButSendsNoCookie() {
        EngineHarness h = EngineHarness.create();

        FakeExchange exchange = h.run(FakeExchange.request(), handle -> handle.session().save());

        assertThat(h.store.sets).hasValue(1);
        assertThat(h.store.total()).isEqualTo(1);
        assertThat(exchange.setCookies()).as("express: saved but not modified, no cookie").isEmpty();
    }

    @Test
    void save_loadedSessionWithResave_noSecondFullWrite() {
        EngineHarness h = EngineHarness.create(b -> b.resave(true));
        String id = h.seed(Map.of("a", 1));

        h.run(h.requestWith(id), handle -> {
            handle.session().set("a", 2);
            handle.session().save();
        });

        assertThat(h.store.patches).hasValue(1);
        assertThat(h.store.sets).hasValue(0);
        assertThat(h.stored(id).orElseThrow().attributes().get("a").asInt()).isEqualTo(2);
    }

    // ---- unset ----

    @Test
    void unsetKeep_loadedAndChangedSession_storeUntouchedNoCookie() {
        EngineHarness h = EngineHarness.create(b -> b.unset(UnsetAction.KEEP).rolling(true));
        String id = h.seed(Map.of("views", 1));

        FakeExchange exchange = h.run(h.requestWith(id), handle -> {
            Session session = handle.session();
            session.set("views", 2);
            handle.unset();
            assertThatThrownBy(() -> session.get("views")).isInstanceOf(IllegalStateException.class);
        });

        assertThat(h.store.gets).hasValue(1);
        assertThat(h.store.total()).as("only the load").isEqualTo(1);
        assertThat(h.stored(id).orElseThrow().attributes().get("views").asInt()).isEqualTo(1);
        assertThat(exchange.setCookies()).isEmpty();
    }

    @Test
    void unsetDestroy_loadedSession_deletedAtCommitNoCookie() {
        EngineHarness h = EngineHarness.create(b -> b.unset(UnsetAction.DESTROY));
        String id = h.seed(Map.of("views", 1));

        FakeExchange exchange = h.run(h.requestWith(id), handle -> {
            handle.session().set("views", 2);
            handle.unset();
            assertThat(h.stored(id)).as("deleted at commit, not before").isPresent();
        });

        assertThat(h.store.destroyIds).containsExactly(id);
        assertThat(h.store.sets).hasValue(0);
        assertThat(h.store.patches).hasValue(0);
        assertThat(h.stored(id)).isEmpty();
        assertThat(exchange.setCookies()).isEmpty();
    }

    @Test
    void unsetDestroy_sessionNeverLoaded_deletesRequestedId() {
        EngineHarness h = EngineHarness.create(b -> b.unset(UnsetAction.DESTROY));
        String id = h.seed(Map.of("views", 1));

        h.run(h.requestWith(id), SessionHandle::unset);

        assertThat(h.store.gets).hasValue(0);
        assertThat(h.store.destroyIds).containsExactly(id);
        assertThat(h.stored(id)).isEmpty();
    }

    @Test
    void unsetKeep_newSessionWithData_storesNothing() {
        EngineHarness h = EngineHarness.create();

        FakeExchange exchange = h.run(FakeExchange.request(), handle -> {
            handle.session().set("k", 1);
            handle.unset();
        });

        assertThat(h.store.total()).isZero();
        assertThat(exchange.setCookies()).isEmpty();
    }

    // ---- rolling, resave, cookie sending rules ----

    @Test
    void rolling_unmodifiedLoadedSession_sendsCookieWithFreshExpiry() {
        EngineHarness h = EngineHarness.create(b -> b.rolling(true)
                .cookie(CookieOptions.builder().maxAge(Duration.ofMinutes(1)).build()));
        String id = h.seed(Map.of("views", 1));
        h.clock.advance(Duration.ofSeconds(30));

        FakeExchange exchange = h.run(h.requestWith(id), handle -> handle.session().get("views"));

        assertThat(h.sessionIdSent(exchange)).contains(id);
        assertThat(exchange.setCookies().get(0))
                .contains("Expires=" + HttpDates.expires(h.clock.instant().plus(Duration.ofMinutes(1))));
        assertThat(h.store.touches).hasValue(1);
        assertThat(h.store.sets).hasValue(0);
        assertThat(h.store.patches).hasValue(0);
    }

    @Test
    void notRolling_unmodifiedLoadedSession_sendsNoCookie() {
        EngineHarness h = EngineHarness.create(b -> b.cookie(CookieOptions.builder().maxAge(Duration.ofMinutes(1)).build()));
        String id = h.seed(Map.of("views", 1));

        FakeExchange exchange = h.run(h.requestWith(id), handle -> handle.session().get("views"));

        assertThat(exchange.setCookies()).isEmpty();
    }

    @Test
    void modifiedLoadedSession_persistentCookie_sendsCookie() {
        EngineHarness h = EngineHarness.create(b -> b.cookie(CookieOptions.builder().maxAge(Duration.ofMinutes(1)).build()));
        String id = h.seed(Map.of("views", 1));

        FakeExchange exchange = h.run(h.requestWith(id), handle -> handle.session().set("views", 2));

        assertThat(h.sessionIdSent(exchange)).contains(id);
    }

    @Test
    void modifiedLoadedSession_browserSessionCookie_sendsNoCookie() {
        EngineHarness h = EngineHarness.create();
        String id = h.seed(Map.of("views", 1));

        FakeExchange exchange = h.run(h.requestWith(id), handle -> handle.session().set("views", 2));

        assertThat(h.store.patches).hasValue(1);
        assertThat(exchange.setCookies()).as("spec §1.5: expires == null is not re-sent unless rolling").isEmpty();
    }

    @Test
    void resave_unmodifiedLoadedSession_rewritesWithSetAndSendsNoCookie() {
        EngineHarness h = EngineHarness.create(b -> b.resave(true)
                .cookie(CookieOptions.builder().maxAge(Duration.ofMinutes(1)).build()));
        String id = h.seed(Map.of("views", 1));

        FakeExchange exchange = h.run(h.requestWith(id), handle -> handle.session().get("views"));

        assertThat(h.store.sets).hasValue(1);
        assertThat(h.store.setCalls.get(0).id()).isEqualTo(id);
        assertThat(h.store.touches).hasValue(0);
        assertThat(h.store.patches).hasValue(0);
        assertThat(h.stored(id).orElseThrow().attributes().get("views").asInt()).isEqualTo(1);
        assertThat(exchange.setCookies()).isEmpty();
    }

    @Test
    void secureCookie_insecureRequest_storedButCookieSuppressed() {
        EngineHarness h = EngineHarness.create(b -> b.cookie(CookieOptions.builder().secure(CookieSecure.TRUE).build()));

        FakeExchange exchange = h.run(FakeExchange.request(), handle -> handle.session().set("k", 1));

        assertThat(h.store.sets).hasValue(1);
        assertThat(h.stored("sid-1")).isPresent();
        assertThat(exchange.setCookies()).isEmpty();
    }

    @Test
    void secureCookie_secureRequest_cookieSentWithSecure() {
        EngineHarness h = EngineHarness.create(b -> b.cookie(CookieOptions.builder().secure(CookieSecure.TRUE).build()));

        FakeExchange exchange = h.run(FakeExchange.request().secure(true), handle -> handle.session().set("k", 1));

        assertThat(exchange.setCookies()).singleElement().asString().endsWith("; Path=/; HttpOnly; Secure");
    }

    @Test
    void setCookie_existingHeaders_areKeptAndCookieAppended() {
        EngineHarness h = EngineHarness.create();
        FakeExchange exchange = FakeExchange.request();
        exchange.addResponseHeader("Set-Cookie", "theme=dark");

        h.run(exchange, handle -> handle.session().set("k", 1));

        assertThat(exchange.setCookies()).hasSize(2).first().isEqualTo("theme=dark");
    }

    // ---- ids from the client that the store does not know ----

    @Test
    void unknownId_newSessionGetsDifferentId() {
        EngineHarness h = EngineHarness.create();

        FakeExchange exchange = h.run(h.requestWith("attacker-chosen-id"), handle -> {
            assertThat(handle.requestedSessionId()).contains("attacker-chosen-id");
            Session session = handle.session();
            assertThat(session.id()).isNotEqualTo("attacker-chosen-id");
            assertThat(session.isNew()).isTrue();
            session.set("user", "victim");
        });

        assertThat(h.store.setCalls).extracting(CountingStore.SetCall::id).containsExactly("sid-1");
        assertThat(h.stored("attacker-chosen-id")).isEmpty();
        assertThat(h.sessionIdSent(exchange)).contains("sid-1");
    }

    @Test
    void unknownId_withSaveUninitialized_neverStoresUnderClientId() {
        EngineHarness h = EngineHarness.create(b -> b.saveUninitialized(true));

        h.run(h.requestWith("attacker-chosen-id"), handle -> handle.session());

        assertThat(h.store.setCalls).extracting(CountingStore.SetCall::id).containsExactly("sid-1");
        assertThat(h.stored("attacker-chosen-id")).isEmpty();
    }

    @Test
    void corruptRecord_newSessionCreatedRecordDeletedAndWarned() {
        EngineHarness h = EngineHarness.create();
        String id = "corrupt-session-0123456789";
        h.store.putCorrupt(id, "{\"cookie\":\"this is not an object\",\"views\":");

        String log = captureStdErr(() -> h.run(h.requestWith(id), handle -> {
            Session session = handle.session();
            assertThat(session.id()).isNotEqualTo(id);
            assertThat(session.isNew()).isTrue();
            session.set("views", 1);
        }));

        assertThat(h.store.gets).hasValue(1);
        assertThat(h.store.destroyIds).containsExactly(id);
        assertThat(h.store.setCalls).extracting(CountingStore.SetCall::id).containsExactly("sid-1");
        assertThat(log).contains("WARN").contains("unreadable").contains(SessionIds.redact(id)).doesNotContain(id);
    }

    // ---- attribute values ----

    @Test
    void set_valueJacksonCannotWrite_throwsNamingKeyAndType() {
        EngineHarness h = EngineHarness.create();
        Session session = h.engine.begin(FakeExchange.request()).session();

        assertThatThrownBy(() -> session.set("thing", new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'thing'")
                .hasMessageContaining("java.lang.Object");
        assertThat(session.has("thing")).isFalse();
    }

    /** Values Jackson refuses: an Optional without the jdk8 module, a self-referencing object, a stream. */
    @Test
    void set_otherValuesJacksonCannotWrite_throwNamingKeyAndType() {
        EngineHarness h = EngineHarness.create();
        Session session = h.engine.begin(FakeExchange.request()).session();
        SelfReferencing loop = new SelfReferencing();
        loop.next = loop;

        assertThatThrownBy(() -> session.set("maybe", java.util.Optional.of("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maybe'")
                .hasMessageContaining("java.util.Optional");
        assertThatThrownBy(() -> session.set("loop", loop))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'loop'")
                .hasMessageContaining(SelfReferencing.class.getName());
        assertThatThrownBy(() -> session.set("stream", new java.io.ByteArrayInputStream(new byte[1])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'stream'")
                .hasMessageContaining("java.io.ByteArrayInputStream");
        assertThat(session.keys()).isEmpty();
    }

    /** Values Jackson writes but cannot read back as their type: stored, they would come back as junk. */
    @Test
    void set_valueThatCannotBeReadBack_throwsNamingKeyAndType() {
        EngineHarness h = EngineHarness.create();
        Session session = h.engine.begin(FakeExchange.request()).session();

        assertThatThrownBy(() -> session.set("worker", new Thread(() -> { })))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'worker'")
                .hasMessageContaining("java.lang.Thread");
        session.set("bean", new SelfReferencing());
        assertThat(session.keys()).containsExactly("bean");
    }

    /** A bean whose JSON form would be infinite. */
    public static final class SelfReferencing {
        public SelfReferencing next;
        public String name = "n";
    }

    @Test
    void set_unwritableValueOverExistingKey_keepsThePreviousValue() {
        EngineHarness h = EngineHarness.create();
        String id = h.seed(Map.of("thing", "before"));

        h.run(h.requestWith(id), handle -> {
            assertThatThrownBy(() -> handle.session().set("thing", new Object())).isInstanceOf(IllegalArgumentException.class);
            assertThat(handle.session().get("thing")).isEqualTo("before");
        });

        assertThat(h.store.patches).hasValue(0);
        assertThat(h.store.sets).hasValue(0);
    }

    @Test
    void set_cookieKey_isReserved() {
        EngineHarness h = EngineHarness.create();
        Session session = h.engine.begin(FakeExchange.request()).session();

        assertThatThrownBy(() -> session.set("cookie", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cookie");
        assertThat(session.has("cookie")).isFalse();
    }

    @Test
    void get_valueNotConvertible_throwsNamingKey() {
        EngineHarness h = EngineHarness.create();
        Session session = h.engine.begin(FakeExchange.request()).session();
        session.set("name", "alice");

        assertThatThrownBy(() -> session.get("name", Integer.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'name'");
    }

    @Test
    void set_nullValue_storedAsJsonNull() {
        EngineHarness h = EngineHarness.create();

        h.run(FakeExchange.request(), handle -> {
            handle.session().set("nothing", null);
            assertThat(handle.session().has("nothing")).isTrue();
            assertThat(handle.session().get("nothing")).isNull();
        });

        assertThat(h.stored("sid-1").orElseThrow().attributes().get("nothing").isNull()).isTrue();
    }

    @Test
    void set_javaTimeValue_storedAsIsoString() {
        EngineHarness h = EngineHarness.create();

        h.run(FakeExchange.request(), handle -> handle.session().set("at", java.time.Instant.parse("2026-11-24T17:43:58.843Z")));

        assertThat(h.stored("sid-1").orElseThrow().attributes().get("at").asText()).isEqualTo("2026-11-24T17:43:58.843Z");
    }

    @Test
    void touch_sessionMethod_movesExpiryWithoutStoreCall() {
        EngineHarness h = EngineHarness.create(b -> b.cookie(CookieOptions.builder().maxAge(Duration.ofMinutes(1)).build()));
        String id = h.seed(Map.of("views", 1));
        SessionHandle handle = h.engine.begin(h.requestWith(id));
        Session session = handle.session();
        h.store.reset();
        h.clock.advance(Duration.ofSeconds(30));

        session.touch();

        assertThat(session.cookie().expires()).contains(h.clock.instant().plus(Duration.ofMinutes(1)));
        assertThat(h.store.total()).isZero();
    }

    @Test
    void commit_calledTwice_secondIsNoOpWithoutChanges() {
        EngineHarness h = EngineHarness.create();
        FakeExchange exchange = FakeExchange.request();
        SessionHandle handle = h.engine.begin(exchange);
        handle.session().set("k", 1);
        handle.commit();

        handle.commit();

        assertThat(handle.isCommitted()).isTrue();
        assertThat(h.store.total()).isEqualTo(1);
        assertThat(exchange.setCookies()).hasSize(1);
    }

    @Test
    void commit_changeAfterCommit_isPatchedWithoutCookie() {
        EngineHarness h = EngineHarness.create();
        FakeExchange exchange = FakeExchange.request();
        SessionHandle handle = h.engine.begin(exchange);
        handle.session().set("k", 1);
        handle.commit();

        handle.session().set("late", true);
        handle.commit();

        assertThat(h.store.patches).hasValue(1);
        assertThat(h.store.patchCalls.get(0).delta().set()).containsOnlyKeys("late");
        assertThat(exchange.setCookies()).hasSize(1);
    }

    @Test
    void session_usedFromManyThreads_allWritesKept() throws InterruptedException {
        EngineHarness h = EngineHarness.create();
        SessionHandle handle = h.engine.begin(FakeExchange.request());
        Session session = handle.session();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int n = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    session.set("k" + n + "-" + i, i);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        handle.commit();

        assertThat(h.stored("sid-1").orElseThrow().attributes()).hasSize(800);
    }

    private static String captureStdErr(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
