package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine writes: exactly the attributes the request changed, as a delta through
 * {@code patch}; nothing at all when it only read.
 */
class ChangeDetectionTest {
    private EngineHarness h;
    private String id;

    @BeforeEach
    void seed() {
        h = EngineHarness.create(b -> b.cookie(CookieOptions.builder().maxAge(Duration.ofHours(1)).build()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", "alice");
        data.put("tags", List.of("a", "b"));
        data.put("count", 5);
        data.put("profile", Map.of("city", "Paris", "langs", List.of("fr")));
        data.put("big", 10_000_000_000L);
        id = h.seed(data);
    }

    private CountingStore.PatchCall onlyPatch() {
        assertThat(h.store.sets).as("no full rewrite").hasValue(0);
        assertThat(h.store.patches).hasValue(1);
        return h.store.patchCalls.get(0);
    }

    private void assertNoWrite() {
        assertThat(h.store.sets).hasValue(0);
        assertThat(h.store.patches).hasValue(0);
        assertThat(h.store.destroys).hasValue(0);
    }

    @Test
    void set_newValue_patchesExactlyThatKey() {
        h.run(h.requestWith(id), handle -> handle.session().set("name", "bob"));

        CountingStore.PatchCall patch = onlyPatch();
        assertThat(patch.id()).isEqualTo(id);
        assertThat(patch.delta().set()).containsOnlyKeys("name");
        assertThat(patch.delta().set().get("name").asText()).isEqualTo("bob");
        assertThat(patch.delta().removed()).isEmpty();
        assertThat(h.stored(id).orElseThrow().attributes().get("name").asText()).isEqualTo("bob");
        assertThat(h.stored(id).orElseThrow().attributes()).containsOnlyKeys("name", "tags", "count", "profile", "big");
    }

    @Test
    void set_newKey_patchesExactlyThatKey() {
        h.run(h.requestWith(id), handle -> handle.session().set("theme", "dark"));

        CountingStore.PatchCall patch = onlyPatch();
        assertThat(patch.delta().set()).containsOnlyKeys("theme");
        assertThat(patch.delta().removed()).isEmpty();
    }

    @Test
    void remove_existingKey_patchesExactlyThatRemoval() {
        h.run(h.requestWith(id), handle -> handle.session().remove("name"));

        CountingStore.PatchCall patch = onlyPatch();
        assertThat(patch.delta().set()).isEmpty();
        assertThat(patch.delta().removed()).containsExactly("name");
        assertThat(h.stored(id).orElseThrow().attributes()).doesNotContainKey("name");
    }

    @Test
    void remove_missingKey_writesNothing() {
        h.run(h.requestWith(id), handle -> handle.session().remove("absent"));

        assertNoWrite();
    }

    @Test
    void mutateInPlace_listReadWithTypeReference_patchesExactlyThatKey() {
        h.run(h.requestWith(id), handle -> {
            List<String> tags = handle.session().get("tags", new TypeReference<List<String>>() { });
            tags.add("c");
        });

        CountingStore.PatchCall patch = onlyPatch();
        assertThat(patch.delta().set()).containsOnlyKeys("tags");
        assertThat(patch.delta().set().get("tags").toString()).isEqualTo("[\"a\",\"b\",\"c\"]");
        assertThat(patch.delta().removed()).isEmpty();
        assertThat(h.stored(id).orElseThrow().attributes().get("tags").toString()).isEqualTo("[\"a\",\"b\",\"c\"]");
    }

    @Test
    void mutateInPlace_sameObjectReturnedByLaterReads() {
        h.run(h.requestWith(id), handle -> {
            List<String> first = handle.session().get("tags", new TypeReference<List<String>>() { });
            first.add("c");
            List<String> second = handle.session().get("tags", new TypeReference<List<String>>() { });
            assertThat(second).isSameAs(first).containsExactly("a", "b", "c");
        });

        assertThat(onlyPatch().delta().set()).containsOnlyKeys("tags");
    }

    @Test
    void mutateInPlace_nestedMapReadAsObject_patchesExactlyThatKey() {
        h.run(h.requestWith(id), handle -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> profile = (Map<String, Object>) handle.session().get("profile");
            profile.put("city", "Lyon");
        });

        CountingStore.PatchCall patch = onlyPatch();
        assertThat(patch.delta().set()).containsOnlyKeys("profile");
        assertThat(patch.delta().set().get("profile").get("city").asText()).isEqualTo("Lyon");
    }

    @Test
    void mutateInPlace_jsonNodeRead_patchesExactlyThatKey() {
        h.run(h.requestWith(id), handle -> {
            ObjectNode profile = handle.session().get("profile", ObjectNode.class);
            profile.put("city", "Nice");
        });

        assertThat(onlyPatch().delta().set()).containsOnlyKeys("profile");
        assertThat(h.stored(id).orElseThrow().attributes().get("profile").get("city").asText()).isEqualTo("Nice");
    }

    @Test
    void mutateInPlaceThenRevert_writesNothing() {
        h.run(h.requestWith(id), handle -> {
            List<String> tags = handle.session().get("tags", new TypeReference<List<String>>() { });
            tags.add("c");
            tags.remove("c");
        });

        assertNoWrite();
    }

    @Test
    void read_withoutMutating_writesNothing() {
        FakeExchange exchange = h.run(h.requestWith(id), handle -> {
            Session s = handle.session();
            assertThat(s.get("name")).isEqualTo("alice");
            assertThat(s.get("tags", new TypeReference<List<String>>() { })).containsExactly("a", "b");
            assertThat(s.get("profile")).isInstanceOf(Map.class);
            assertThat(s.get("profile", JsonNode.class).get("city").asText()).isEqualTo("Paris");
            assertThat(s.get("tags", ArrayList.class)).hasSize(2);
            assertThat(s.get("big", Long.class)).isEqualTo(10_000_000_000L);
            assertThat(s.has("name")).isTrue();
        });

        assertNoWrite();
        assertThat(h.store.touches).as("default touchAfter: a touch right after the write is not due").hasValue(0);
        assertThat(exchange.setCookies()).isEmpty();
    }

    @Test
    void read_integerAsLongNotMutated_writesNothing() {
        h.run(h.requestWith(id), handle -> assertThat(handle.session().get("count", Long.class)).isEqualTo(5L));

        assertNoWrite();
    }

    @Test
    void read_integerAsDoubleNotMutated_writesNothing() {
        h.run(h.requestWith(id), handle -> assertThat(handle.session().get("count", Double.class)).isEqualTo(5.0));

        assertNoWrite();
    }

    @Test
    void set_sameValueAsStored_writesNothing() {
        h.run(h.requestWith(id), handle -> {
            handle.session().set("name", "alice");
            handle.session().set("count", 5L);
            handle.session().set("tags", List.of("a", "b"));
        });

        assertNoWrite();
    }

    @Test
    void setThenRemove_newKey_writesNothing() {
        h.run(h.requestWith(id), handle -> {
            handle.session().set("temp", 1);
            handle.session().remove("temp");
        });

        assertNoWrite();
    }

    @Test
    void severalChanges_patchHoldsEachExactlyOnce() {
        h.run(h.requestWith(id), handle -> {
            Session s = handle.session();
            s.set("name", "carol");
            s.remove("count");
            s.get("tags", new TypeReference<List<String>>() { }).clear();
            s.get("profile"); // read only
        });

        CountingStore.PatchCall patch = onlyPatch();
        assertThat(patch.delta().set()).containsOnlyKeys("name", "tags");
        assertThat(patch.delta().removed()).containsExactly("count");
    }

    @Test
    void mutateAfterSet_valueAtCommitIsStored() {
        h.run(h.requestWith(id), handle -> {
            List<String> fresh = new ArrayList<>(List.of("x"));
            handle.session().set("tags", fresh);
            fresh.add("y");
        });

        assertThat(onlyPatch().delta().set().get("tags").toString()).isEqualTo("[\"x\",\"y\"]");
    }

    @Test
    void parallelRequests_differentKeys_bothChangesSurvive() {
        SessionHandle first = h.engine.begin(h.requestWith(id));
        SessionHandle second = h.engine.begin(h.requestWith(id));
        first.session().set("a", 1);
        second.session().set("b", 2);

        first.commit();
        second.commit();

        assertThat(h.stored(id).orElseThrow().attributes()).containsKeys("a", "b", "name", "tags");
        assertThat(h.store.sets).hasValue(0);
    }

    @Test
    void patch_sessionDestroyedByParallelRequest_isNotResurrectedAndNoCookieSent() {
        FakeExchange slowExchange = h.requestWith(id);
        SessionHandle slow = h.engine.begin(slowExchange);
        slow.session().set("name", "bob");
        h.run(h.requestWith(id), logout -> logout.session().destroy());
        h.store.reset();

        slow.commit();

        assertThat(h.store.patches).hasValue(1);
        assertThat(h.store.patchCalls.get(0).applied()).isFalse();
        assertThat(h.store.sets).as("never re-created with a full write").hasValue(0);
        assertThat(h.stored(id)).isEmpty();
        assertThat(slowExchange.setCookies()).isEmpty();
    }

    @Test
    void cookieChangeOnly_loadedSession_patchesCookieWithoutAttributesAndSendsCookie() {
        FakeExchange exchange = h.run(h.requestWith(id), handle -> handle.session().cookie().setMaxAge(Duration.ofDays(7)));

        CountingStore.PatchCall patch = onlyPatch();
        assertThat(patch.delta().hasNoAttributeChanges()).isTrue();
        assertThat(patch.delta().cookie().originalMaxAge()).isEqualTo(Duration.ofDays(7).toMillis());
        assertThat(h.stored(id).orElseThrow().cookie().expires()).isEqualTo(h.clock.instant().plus(Duration.ofDays(7)));
        assertThat(h.sessionIdSent(exchange)).contains(id);
    }
}
