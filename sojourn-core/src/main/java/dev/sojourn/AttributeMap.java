package dev.sojourn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The immutable, insertion-ordered attribute map of a {@link SessionRecord}: two arrays instead of a
 * {@code LinkedHashMap} behind an unmodifiable view, about a third of the memory for a small session
 * (what a {@code MemoryStore} holding a million sessions pays per session). Small maps are searched
 * linearly; larger ones get a hash index. Every change, through the map or any of its views, throws
 * {@link UnsupportedOperationException}.
 */
final class AttributeMap extends AbstractMap<String, JsonNode> {
    private static final int LINEAR_SEARCH_LIMIT = 8;
    private static final AttributeMap EMPTY = new AttributeMap(new String[0], new JsonNode[0]);

    private final String[] keys;
    private final JsonNode[] values;
    private final @Nullable Map<String, Integer> index;

    private AttributeMap(String[] keys, JsonNode[] values) {
        this.keys = keys;
        this.values = values;
        if (keys.length > LINEAR_SEARCH_LIMIT) {
            Map<String, Integer> positions = new HashMap<>(keys.length * 2);
            for (int i = 0; i < keys.length; i++) {
                positions.put(keys[i], i);
            }
            this.index = positions;
        } else {
            this.index = null;
        }
    }

    /**
     * An immutable copy of {@code source}, in its iteration order (itself when it is one already). A
     * Java {@code null} value becomes JSON {@code null} ({@link NullNode}).
     *
     * @throws NullPointerException for a null key
     */
    static AttributeMap copyOf(Map<String, JsonNode> source) {
        if (source instanceof AttributeMap immutable) {
            return immutable;
        }
        if (source.isEmpty()) {
            return EMPTY;
        }
        Object[] entries = source.entrySet().toArray();
        String[] keys = new String[entries.length];
        JsonNode[] values = new JsonNode[entries.length];
        for (int i = 0; i < entries.length; i++) {
            @SuppressWarnings("unchecked")
            Map.Entry<String, JsonNode> entry = (Map.Entry<String, JsonNode>) entries[i];
            keys[i] = Objects.requireNonNull(entry.getKey(), "attribute name");
            values[i] = entry.getValue() == null ? NullNode.getInstance() : entry.getValue();
        }
        return new AttributeMap(keys, values);
    }

    private int indexOf(@Nullable Object key) {
        if (index != null) {
            Integer position = index.get(key);
            return position == null ? -1 : position;
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == key || keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public @Nullable JsonNode get(@Nullable Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean isEmpty() {
        return keys.length == 0;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super JsonNode> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    @Override
    public Set<Map.Entry<String, JsonNode>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, JsonNode>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Map.Entry<String, JsonNode> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, JsonNode> entry = new SimpleImmutableEntry<>(keys[next], values[next]);
                        next++;
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
