package dev.sojourn.redis;

import dev.sojourn.SessionStoreException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Opens the {@link RedisTarget} of a {@link RedisStore.Builder} source (a URI string, a Lettuce
 * client or a connection), then checks it: {@code PING} and {@code SCRIPT LOAD} on every master.
 * Anything that goes wrong is one {@link SessionStoreException} line naming the target without
 * credentials, and whatever was opened is closed again.
 */
final class RedisConnector {
    private RedisConnector() {
    }

    @SuppressWarnings("unchecked")
    static RedisTarget connect(Object source) {
        if (source instanceof String uri) {
            return fromUri(uri);
        }
        if (source instanceof RedisClient client) {
            return verify(() -> RedisTarget.standalone(client.connect(), null, true, "a Lettuce RedisClient"),
                    "a Lettuce RedisClient", null);
        }
        if (source instanceof RedisClusterClient client) {
            return verify(() -> RedisTarget.cluster(client.connect(), null, true, "a Lettuce RedisClusterClient"),
                    "a Lettuce RedisClusterClient", null);
        }
        if (source instanceof StatefulRedisClusterConnection<?, ?> connection) {
            return verify(() -> RedisTarget.cluster((StatefulRedisClusterConnection<String, String>) connection,
                    null, false, "a Lettuce cluster connection"), "a Lettuce cluster connection", null);
        }
        StatefulRedisConnection<String, String> connection = (StatefulRedisConnection<String, String>) source;
        return verify(() -> RedisTarget.standalone(connection, null, false, "a Lettuce connection"),
                "a Lettuce connection", null);
    }

    private static RedisTarget fromUri(String uri) {
        RedisUris.Parsed parsed = RedisUris.parse(uri);
        if (parsed.cluster()) {
            return verify(() -> {
                // Lettuce refreshes the topology on MOVED/ASK and reconnects (its default); add a periodic refresh
                RedisClusterClient client = RedisClusterClient.create(parsed.uris());
                client.setOptions(ClusterClientOptions.builder()
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enablePeriodicRefresh(Duration.ofMinutes(1))
                                .build())
                        .build());
                try {
                    return RedisTarget.cluster(client.connect(), client, true, parsed.display());
                } catch (RuntimeException e) {
                    client.shutdown();
                    throw e;
                }
            }, parsed.display(), uri);
        }
        RedisURI redisUri = parsed.uris().get(0);
        return verify(() -> {
            RedisClient client = RedisClient.create(redisUri);
            try {
                return RedisTarget.standalone(client.connect(), client, true, RedisUris.describe(redisUri));
            } catch (RuntimeException e) {
                client.shutdown();
                throw e;
            }
        }, parsed.display(), uri);
    }

    private interface Opener {
        RedisTarget open();
    }

    private static RedisTarget verify(Opener opener, String display, @Nullable String rawUri) {
        RedisTarget target;
        try {
            target = opener.open();
        } catch (RuntimeException e) {
            throw unavailable(display, e, rawUri);
        }
        try {
            List<String> failures = new ArrayList<>();
            List<RedisClusterCommands<String, String>> masters = target.masters();
            if (masters.isEmpty()) {
                throw new IllegalStateException("the cluster has no master");
            }
            for (RedisClusterCommands<String, String> node : masters) {
                node.ping();
                for (LuaScript script : LuaScript.ALL) {
                    String sha = script.load(node);
                    if (!script.sha().equals(sha)) {
                        failures.add("SCRIPT LOAD returned " + sha + ", expected " + script.sha());
                    }
                }
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException(String.join("; ", failures));
            }
            return target;
        } catch (RuntimeException e) {
            try {
                target.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw unavailable(display, e, rawUri);
        }
    }

    private static SessionStoreException unavailable(String display, Throwable e, @Nullable String rawUri) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root != e && e.getMessage() != null) {
            reason = e.getMessage() + ": " + reason;
        }
        if (rawUri != null) {
            reason = RedisUris.scrub(reason, rawUri);
        }
        reason = reason.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return new SessionStoreException("RedisStore: cannot use Redis at " + display + ": " + reason, e);
    }
}
