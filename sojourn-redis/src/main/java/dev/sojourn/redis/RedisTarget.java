package dev.sojourn.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Redis deployment a {@link RedisStore} talks to: one connection (standalone or Sentinel, which
 * Lettuce resolves to the current master) or a cluster connection, plus what the store owns and
 * must release. Keyed commands go through {@link #commands()}, which routes by slot on a cluster;
 * SCAN and SCRIPT LOAD go to each master.
 */
abstract class RedisTarget {
    private final StatefulConnection<String, String> connection;
    private final @Nullable AbstractRedisClient ownedClient;
    private final boolean ownsConnection;
    private final String description;

    private RedisTarget(StatefulConnection<String, String> connection, @Nullable AbstractRedisClient ownedClient,
            boolean ownsConnection, String description) {
        this.connection = connection;
        this.ownedClient = ownedClient;
        this.ownsConnection = ownsConnection;
        this.description = description;
    }

    static RedisTarget standalone(StatefulRedisConnection<String, String> connection,
            @Nullable AbstractRedisClient ownedClient, boolean ownsConnection, String description) {
        return new Standalone(connection, ownedClient, ownsConnection, description);
    }

    static RedisTarget cluster(StatefulRedisClusterConnection<String, String> connection,
            @Nullable AbstractRedisClient ownedClient, boolean ownsConnection, String description) {
        return new Cluster(connection, ownedClient, ownsConnection, description);
    }

    /** Commands on keys; on a cluster, routed to the node owning the key's slot. */
    abstract RedisClusterCommands<String, String> commands();

    /** One command interface per master, for SCAN and SCRIPT LOAD. */
    abstract List<RedisClusterCommands<String, String>> masters();

    /** Where the store is connected, without credentials. */
    final String description() {
        return description;
    }

    /** Closes what the store opened: its connection and, when it created it, the client. */
    final void close() {
        try {
            if (ownsConnection) {
                connection.close();
            }
        } finally {
            if (ownedClient != null) {
                ownedClient.shutdown();
            }
        }
    }

    private static final class Standalone extends RedisTarget {
        private final RedisClusterCommands<String, String> commands;

        Standalone(StatefulRedisConnection<String, String> connection, @Nullable AbstractRedisClient ownedClient,
                boolean ownsConnection, String description) {
            super(connection, ownedClient, ownsConnection, description);
            this.commands = connection.sync();
        }

        @Override
        RedisClusterCommands<String, String> commands() {
            return commands;
        }

        @Override
        List<RedisClusterCommands<String, String>> masters() {
            return List.of(commands);
        }
    }

    private static final class Cluster extends RedisTarget {
        private final StatefulRedisClusterConnection<String, String> connection;

        Cluster(StatefulRedisClusterConnection<String, String> connection, @Nullable AbstractRedisClient ownedClient,
                boolean ownsConnection, String description) {
            super(connection, ownedClient, ownsConnection, description);
            this.connection = connection;
        }

        @Override
        RedisClusterCommands<String, String> commands() {
            return connection.sync();
        }

        @Override
        List<RedisClusterCommands<String, String>> masters() {
            List<RedisClusterCommands<String, String>> masters = new ArrayList<>();
            for (RedisClusterNode node : connection.getPartitions()) {
                if (node.is(NodeFlag.UPSTREAM) && !node.is(NodeFlag.FAIL)) {
                    masters.add(connection.sync().getConnection(node.getNodeId()));
                }
            }
            return masters;
        }
    }
}
