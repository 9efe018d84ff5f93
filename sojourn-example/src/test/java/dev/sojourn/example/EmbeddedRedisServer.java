package dev.sojourn.example;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import redis.embedded.RedisServer;

/** A real Redis (com.github.codemonstur:embedded-redis ships the binary) on 127.0.0.1 and a free port, files in a temporary directory. */
final class EmbeddedRedisServer implements AutoCloseable {
    private final RedisServer server;
    private final Path dir;
    private final int port;

    private EmbeddedRedisServer(RedisServer server, Path dir, int port) {
        this.server = server;
        this.dir = dir;
        this.port = port;
    }

    static EmbeddedRedisServer start() throws IOException {
        Path dir = Files.createTempDirectory("sojourn-example-redis-");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + dir)
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        return new EmbeddedRedisServer(server, dir, port);
    }

    int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        try {
            server.stop();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
