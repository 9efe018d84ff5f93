package dev.sojourn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttributeMapTest {

    private static Map<String, JsonNode> numbered(int size) {
        Map<String, JsonNode> source = new LinkedHashMap<>();
        for (int i = size; i > 0; i--) {
            source.put("k" + i, IntNode.valueOf(i));
        }
        return source;
    }

    /** Below and above the size where lookups switch from a linear search to a hash index. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 8, 9, 40})
    void copy_behavesAsTheSourceMapInItsOrder(int size) {
        Map<String, JsonNode> source = numbered(size);

        AttributeMap copy = AttributeMap.copyOf(source);

        assertThat(copy).isEqualTo(source).hasSameHashCodeAs(source);
        assertThat(copy.keySet()).containsExactlyElementsOf(source.keySet());
        assertThat(copy.values()).containsExactlyElementsOf(source.values());
        for (int i = 1; i <= size; i++) {
            assertThat(copy.get("k" + i)).isEqualTo(IntNode.valueOf(i));
            assertThat(copy.containsKey("k" + i)).isTrue();
        }
        assertThat(copy.get("absent")).isNull();
        assertThat(copy.containsKey("absent")).isFalse();
        assertThat(copy.get(null)).isNull();
        Map<String, JsonNode> visited = new LinkedHashMap<>();
        copy.forEach(visited::put);
        assertThat(visited.keySet()).containsExactlyElementsOf(source.keySet());
    }

    @Test
    void copy_isDetachedFromTheSource() {
        Map<String, JsonNode> source = numbered(3);
        AttributeMap copy = AttributeMap.copyOf(source);

        source.put("k4", IntNode.valueOf(4));
        source.remove("k1");

        assertThat(copy).containsOnlyKeys("k3", "k2", "k1");
        assertThat(AttributeMap.copyOf(copy)).isSameAs(copy);
    }

    @Test
    void everyMutator_throws() {
        AttributeMap map = AttributeMap.copyOf(numbered(3));

        assertThatThrownBy(() -> map.put("x", NullNode.getInstance())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.remove("k1")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.putAll(Map.of("x", NullNode.getInstance()))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.compute("k1", (k, v) -> null)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.entrySet().iterator().next().setValue(NullNode.getInstance()))
                .isInstanceOf(UnsupportedOperationException.class);
        Iterator<String> keys = map.keySet().iterator();
        keys.next();
        assertThatThrownBy(keys::remove).isInstanceOf(UnsupportedOperationException.class);
        assertThat(map).hasSize(3);
    }

    @Test
    void nullValue_becomesJsonNull_nullKey_isRejected() {
        Map<String, JsonNode> nullValue = new HashMap<>();
        nullValue.put("a", null);
        Map<String, JsonNode> nullKey = new HashMap<>();
        nullKey.put(null, NullNode.getInstance());

        assertThat(AttributeMap.copyOf(nullValue).get("a")).isEqualTo(NullNode.getInstance());
        assertThatThrownBy(() -> AttributeMap.copyOf(nullKey)).isInstanceOf(NullPointerException.class);
    }
}
