package dev.sojourn.example;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Counts the Redis commands a request makes, two ways:
 *
 * <ul>
 *   <li>{@code MONITOR} on a raw socket: the commands clients send, in order. Commands a Lua script
 *       runs inside Redis ({@code [0 lua]} lines) are not client commands and are left out, so an
 *       {@code EVALSHA} counts once;</li>
 *   <li>{@code INFO commandstats} before and after: calls per command, as Redis counts them, which
 *       includes a script's inner {@code GET}/{@code SET} (and leaves out {@code INFO} itself).</li>
 * </ul>
 *
 * A marker ({@code ECHO}) sent after the request ends its share of the {@code MONITOR} stream: the
 * app's commands all ran before its response came back.
 */
final class RedisMeter implements AutoCloseable {
    private final Socket monitor;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> commands;
    private int markers;

    /** What one request cost. */
    record Measure(List<String> sent, Map<String, Long> commandStats) {
        @Override
        public String toString() {
            return sent.size() + " " + sent + "   (INFO commandstats delta: " + commandStats + ")";
        }
    }

    RedisMeter(int port) throws IOException {
        client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        connection = client.connect();
        commands = connection.sync();
        monitor = new Socket();
        monitor.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        OutputStream out = monitor.getOutputStream();
        out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader reader = new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8));
        String ok = reader.readLine();
        if (!"+OK".equals(ok)) {
            throw new IOException("MONITOR answered " + ok);
        }
        Thread pump = new Thread(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // closed
            }
        }, "redis-monitor");
        pump.setDaemon(true);
        pump.start();
    }

    /** Runs the request and returns the commands it made. */
    Measure measure(Runnable request) throws InterruptedException {
        Map<String, Long> before = commandStats();
        request.run();
        String marker = "sojourn-meter-marker-" + (++markers);
        commands.echo(marker);
        Map<String, Long> after = commandStats();
        List<String> sent = new ArrayList<>();
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            if (line == null) {
                throw new IllegalStateException("the MONITOR stream never showed " + marker);
            }
            if (line.contains(marker)) {
                break;
            }
            if (line.contains(" lua]")) {
                continue; // run by a script inside Redis, not sent by a client
            }
            int quote = line.indexOf('"');
            String command = line.substring(quote + 1, line.indexOf('"', quote + 1)).toUpperCase(Locale.ROOT);
            if (!command.equals("INFO")) {
                sent.add(command);
            }
        }
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((command, calls) -> {
            long d = calls - before.getOrDefault(command, 0L);
            if (d != 0 && !command.equals("info") && !command.equals("echo")) {
                delta.put(command, d);
            }
        });
        return new Measure(List.copyOf(sent), delta);
    }

    /** {@code INFO commandstats} as command → calls. */
    private Map<String, Long> commandStats() {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : commands.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String value = line.substring(line.indexOf("calls=") + "calls=".length());
                calls.put(name, Long.parseLong(value.substring(0, value.indexOf(','))));
            }
        }
        return calls;
    }

    @Override
    public void close() {
        try {
            monitor.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            connection.close();
            client.shutdown();
        }
    }
}
