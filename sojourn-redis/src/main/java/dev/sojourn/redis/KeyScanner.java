package dev.sojourn.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The bulk side of {@link RedisStore}, as connect-redis does it: {@code SCAN MATCH prefix* COUNT n} on
 * every master (never {@code KEYS}), values read with {@code MGET} per batch. Lettuce's exceptions
 * pass through; the store wraps them.
 */
final class KeyScanner {
    private final RedisTarget target;
    private final String prefix;
    private final String pattern;
    private final int count;

    KeyScanner(RedisTarget target, String prefix, int count) {
        this.target = target;
        this.prefix = prefix;
        this.pattern = globEscape(prefix) + "*";
        this.count = count;
    }

    /** Every key with the prefix, one batch per SCAN reply; a key may come twice (SCAN's guarantee is "at least once"). */
    void forEachBatch(Consumer<List<String>> batches) {
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(count);
        for (RedisClusterCommands<String, String> node : target.masters()) {
            KeyScanCursor<String> cursor = node.scan(args);
            while (true) {
                if (!cursor.getKeys().isEmpty()) {
                    batches.accept(cursor.getKeys());
                }
                if (cursor.isFinished()) {
                    break;
                }
                cursor = node.scan(cursor, args);
            }
        }
    }

    /** Every stored session once, as (id, JSON text); keys deleted meanwhile are skipped. */
    void forEachValue(BiConsumer<String, String> sessions) {
        Set<String> seen = new LinkedHashSet<>();
        forEachBatch(keys -> {
            List<String> fresh = new ArrayList<>(keys.size());
            for (String key : keys) {
                if (seen.add(key)) {
                    fresh.add(key);
                }
            }
            if (fresh.isEmpty()) {
                return;
            }
            for (KeyValue<String, String> value : target.commands().mget(fresh.toArray(String[]::new))) {
                if (value.hasValue()) {
                    sessions.accept(id(value.getKey()), value.getValue());
                }
            }
        });
    }

    /** The session id of a key. */
    String id(String key) {
        return key.substring(prefix.length());
    }

    /** {@code prefix} as a literal SCAN pattern: {@code * ? [ ] \} escaped. */
    static String globEscape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 4);
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
