package dev.sojourn.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Lua script run with {@code EVALSHA}: one command in the steady state. The script is loaded on
 * every master when the store starts; a node that lost it (restart, failover, {@code SCRIPT FLUSH})
 * answers {@code NOSCRIPT} and the call is retried once with {@code EVAL}, which caches it again.
 *
 * <p>The session scripts share one tokenizer: {@code session.lua} is prepended to each script's own
 * resource, so each is still one self-contained script (and one digest) to Redis.
 */
final class LuaScript {
    /** Applies a delta or a touch to the stored JSON: see {@code patch.lua}. */
    static final LuaScript PATCH = new LuaScript(resource("session.lua") + resource("patch.lua"));

    /** Adds an integer to one attribute of the stored JSON: see {@code increment.lua}. */
    static final LuaScript INCREMENT = new LuaScript(resource("session.lua") + resource("increment.lua"));

    /** Deletes a key only if it still holds ARGV[1]: removes an expired record without racing a writer. */
    static final LuaScript DELETE_IF_UNCHANGED = new LuaScript(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0");

    /** Every script, as loaded on each master when the store starts. */
    static final List<LuaScript> ALL = List.of(PATCH, INCREMENT, DELETE_IF_UNCHANGED);

    private final String source;
    private final String sha;

    private LuaScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    String sha() {
        return sha;
    }

    /** Loads the script into the node's cache; returns the digest Redis computed. */
    String load(RedisClusterCommands<String, String> node) {
        return node.scriptLoad(source);
    }

    /** Runs the script on the node owning {@code key}; returns its integer reply. */
    long run(RedisClusterCommands<String, String> commands, String key, String... args) {
        String[] keys = {key};
        Long result;
        try {
            result = commands.evalsha(sha, ScriptOutputType.INTEGER, keys, args);
        } catch (RedisNoScriptException e) {
            result = commands.eval(source, ScriptOutputType.INTEGER, keys, args);
        }
        return result == null ? 0 : result;
    }

    /** Runs the script on the node owning {@code key}; returns its bulk string reply, null for nil. */
    @Nullable String runForText(RedisClusterCommands<String, String> commands, String key, String... args) {
        String[] keys = {key};
        try {
            return commands.evalsha(sha, ScriptOutputType.VALUE, keys, args);
        } catch (RedisNoScriptException e) {
            return commands.eval(source, ScriptOutputType.VALUE, keys, args);
        }
    }

    private static String resource(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource dev/sojourn/redis/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dev/sojourn/redis/" + name, e);
        }
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
