package dev.sojourn;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * One attribute of a session during a request: its JSON tree as last loaded or saved, and, once the
 * application has read or written it, the live Java object it holds. The live object is what the
 * application may mutate in place; it is serialised again at commit to see whether it changed.
 */
final class AttributeSlot {
    JsonNode tree;
    @Nullable Object live;
    boolean materialized;

    AttributeSlot(JsonNode tree) {
        this.tree = tree;
    }

    static AttributeSlot written(JsonNode tree, @Nullable Object value) {
        AttributeSlot slot = new AttributeSlot(tree);
        slot.live = value;
        slot.materialized = true;
        return slot;
    }
}
