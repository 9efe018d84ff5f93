package dev.sojourn.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.stream.Stream;
import redis.embedded.Redis;
import redis.embedded.RedisCluster;
import redis.embedded.RedisServer;
import redis.embedded.RedisShardedCluster;
import redis.embedded.core.RedisServerBuilder;

/**
 * Real Redis servers for the tests, from com.github.codemonstur:embedded-redis (the binary ships in
 * its jar): a standalone server, a three-master cluster and a master watched by a Sentinel. All
 * listen on 127.0.0.1 on free ports and keep their files in a temporary directory that
 * {@link #close()} removes with the servers.
 */
final class EmbeddedRedis implements AutoCloseable {
    private final Redis redis;
    private final Path dir;
    private final List<Integer> ports;

    private EmbeddedRedis(Redis redis, Path dir, List<Integer> ports) {
        this.redis = redis;
        this.dir = dir;
        this.ports = ports;
    }

    /** One standalone server. */
    static EmbeddedRedis standalone() throws IOException {
        Path dir = Files.createTempDirectory("sojourn-redis-");
        int port = freePorts(1, 65535).get(0);
        RedisServer server = serverBuilder(dir).port(port).build();
        return start(server, dir, List.of(port));
    }

    /** Three masters, no replicas, all 16384 slots assigned; {@link #ports()} are the masters'. */
    static EmbeddedRedis cluster() throws IOException {
        Path dir = Files.createTempDirectory("sojourn-redis-cluster-");
        List<Integer> ports = freePorts(3, 55535);
        RedisShardedCluster cluster = RedisShardedCluster.newRedisCluster()
                .withServerBuilder(serverBuilder(dir))
                .serverPorts(ports)
                .shard("a", 0).shard("b", 0).shard("c", 0)
                .initializationTimeout(Duration.ofSeconds(20))
                .build();
        EmbeddedRedis started = start(cluster, dir, ports);
        try {
            awaitClusterOk(ports, Duration.ofSeconds(30));
        } catch (IOException | RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /**
     * Waits until every node reports {@code cluster_state:ok}: the slots are assigned before the
     * nodes have agreed on them, and a command sent in between fails with CLUSTERDOWN.
     */
    private static void awaitClusterOk(List<Integer> ports, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RedisClient client = RedisClient.create();
        try {
            for (int port : ports) {
                try (StatefulRedisConnection<String, String> connection = connect(client, port)) {
                    while (!connection.sync().clusterInfo().contains("cluster_state:ok")) {
                        if (System.nanoTime() > deadline) {
                            throw new IOException("Redis cluster node " + port + " did not reach cluster_state:ok within " + timeout);
                        }
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException("interrupted while waiting for the Redis cluster", e);
                        }
                    }
                }
            }
        } finally {
            client.shutdown();
        }
    }

    /** A master named {@code mymaster} and one Sentinel watching it; {@link #ports()} = [sentinel, master]. */
    static EmbeddedRedis sentinel() throws IOException {
        Path dir = Files.createTempDirectory("sojourn-redis-sentinel-");
        List<Integer> free = freePorts(2, 65535);
        int sentinel = free.get(0);
        int master = free.get(1);
        RedisCluster group = RedisCluster.newRedisCluster()
                .withServerBuilder(serverBuilder(dir))
                .sentinelPorts(List.of(sentinel))
                .serverPorts(List.of(master))
                .sentinelCount(1)
                .quorumSize(1)
                .replicationGroup("mymaster", 0)
                .build();
        return start(group, dir, List.of(sentinel, master));
    }

    List<Integer> ports() {
        return ports;
    }

    int port() {
        return ports.get(0);
    }

    /** {@code redis://127.0.0.1:port} of the first server. */
    String uri() {
        return "redis://127.0.0.1:" + port();
    }

    /** A raw Lettuce connection to one server, for back doors and INFO. */
    static StatefulRedisConnection<String, String> connect(RedisClient client, int port) {
        return client.connect(RedisURI.create("127.0.0.1", port));
    }

    /** {@code INFO commandstats} as command → calls, without INFO and CONFIG themselves. */
    static Map<String, Long> commandStats(RedisCommands<String, String> node) {
        Map<String, Long> calls = new LinkedHashMap<>();
        for (String line : node.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String value = line.substring(line.indexOf("calls=") + 6);
                long count = Long.parseLong(value.substring(0, value.indexOf(',')));
                if (!name.equals("info") && !name.startsWith("config")) {
                    calls.put(name, count);
                }
            }
        }
        return calls;
    }

    @Override
    public void close() throws IOException {
        try {
            redis.stop();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static RedisServerBuilder serverBuilder(Path dir) {
        return RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .setting("dir " + dir)
                .setting("save \"\"")
                .setting("appendonly no");
    }

    private static EmbeddedRedis start(Redis redis, Path dir, List<Integer> ports) throws IOException {
        try {
            redis.start();
        } catch (IOException | RuntimeException e) {
            try {
                redis.stop();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new EmbeddedRedis(redis, dir, new ArrayList<>(ports));
    }

    /** Distinct ports free now on 127.0.0.1, below {@code limit} (a cluster node also uses port + 10000). */
    private static List<Integer> freePorts(int count, int limit) {
        Set<Integer> ports = new LinkedHashSet<>();
        for (int attempt = 0; attempt < 1000 && ports.size() < count; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (port < limit && port > 1024) {
                    ports.add(port);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (ports.size() < count) {
            throw new IllegalStateException("not enough free ports below " + limit);
        }
        return List.copyOf(ports);
    }
}
