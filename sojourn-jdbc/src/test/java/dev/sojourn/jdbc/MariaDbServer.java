package dev.sojourn.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The MariaDB server the MariaDB tests use, found in this order:
 *
 * <ol>
 *   <li>{@code SOJOURN_TEST_MARIADB_URL} in the environment (a JDBC URL with user and password);</li>
 *   <li>the same variable in {@code /tmp/sojourn-mariadb.env}, written by {@code .ci/start-mariadb.sh},
 *       if that server answers;</li>
 *   <li>a private {@code mariadbd} this class starts from the installed binaries (Debian's
 *       {@code mariadb-server}) on a free port with a temporary data directory, stopped and deleted
 *       when the JVM exits.</li>
 * </ol>
 *
 * When none is possible, {@link #jdbcUrl()} throws with a message saying what to do: the tests fail,
 * they never skip.
 */
final class MariaDbServer {
    static final String URL_VARIABLE = "SOJOURN_TEST_MARIADB_URL";
    static final Path ENV_FILE = Path.of("/tmp/sojourn-mariadb.env");
    private static final List<String> BINARY_DIRECTORIES =
            List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/usr/local/mysql/bin");
    private static final String USER = "sojourn";
    private static final String PASSWORD = "sojourn-test";
    private static final String DATABASE = "sojourn_test";

    private static @Nullable String url;

    private MariaDbServer() {
    }

    /** The JDBC URL of a running server with an empty-enough database {@code sojourn_test}. */
    static synchronized String jdbcUrl() {
        if (url == null) {
            url = locate();
        }
        return url;
    }

    private static String locate() {
        String fromEnvironment = System.getenv(URL_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        String fromFile = readEnvFile();
        if (fromFile != null && answers(fromFile)) {
            return fromFile;
        }
        Path server = find("mariadbd", "mysqld");
        Path installDb = find("mariadb-install-db", "mysql_install_db");
        if (server == null || installDb == null) {
            throw new IllegalStateException("No MariaDB server for the MariaDB tests: " + URL_VARIABLE
                    + " is not set, " + ENV_FILE + " names no running server, and mariadbd/mariadb-install-db are not"
                    + " installed. Run .ci/start-mariadb.sh (as root: installs Debian's mariadb-server if missing, starts"
                    + " a server on a free port and writes " + ENV_FILE + "), or set " + URL_VARIABLE
                    + "=jdbc:mariadb://HOST:PORT/DB?user=U&password=P.");
        }
        try {
            return start(server, installDb);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a private MariaDB server with " + server, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting MariaDB", e);
        }
    }

    private static @Nullable String readEnvFile() {
        if (!Files.isRegularFile(ENV_FILE)) {
            return null;
        }
        try {
            for (String line : Files.readAllLines(ENV_FILE, StandardCharsets.UTF_8)) {
                String assignment = line.strip();
                if (assignment.startsWith("export ")) {
                    assignment = assignment.substring("export ".length()).strip();
                }
                if (assignment.startsWith(URL_VARIABLE + "=")) {
                    String value = assignment.substring(URL_VARIABLE.length() + 1).strip();
                    if (value.length() >= 2 && (value.startsWith("'") || value.startsWith("\""))) {
                        value = value.substring(1, value.length() - 1);
                    }
                    return value.isEmpty() ? null : value;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static boolean answers(String jdbcUrl) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private static @Nullable Path find(String... names) {
        List<Path> directories = new ArrayList<>();
        BINARY_DIRECTORIES.forEach(d -> directories.add(Path.of(d)));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    directories.add(Path.of(entry));
                }
            }
        }
        for (String name : names) {
            for (Path directory : directories) {
                Path candidate = directory.resolve(name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static String start(Path server, Path installDb) throws IOException, InterruptedException {
        Path base = Files.createTempDirectory("sojourn-mariadb-");
        Path data = base.resolve("data");
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> install = new ArrayList<>(List.of(installDb.toString(), "--no-defaults", "--datadir=" + data,
                "--auth-root-authentication-method=normal", "--skip-test-db"));
        if (root) {
            install.add("--user=root");
        }
        Process installer = new ProcessBuilder(install).redirectErrorStream(true)
                .redirectOutput(base.resolve("install.log").toFile()).start();
        if (!installer.waitFor(180, TimeUnit.SECONDS) || installer.exitValue() != 0) {
            installer.destroyForcibly();
            throw new IllegalStateException("mariadb-install-db failed; its log:\n" + tail(base.resolve("install.log")));
        }
        Path init = base.resolve("init.sql");
        Files.writeString(init, String.join("\n",
                "CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET utf8mb4;",
                "CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "';",
                "GRANT ALL PRIVILEGES ON " + DATABASE + ".* TO '" + USER + "'@'%';", ""));
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(server.toString(), "--no-defaults", "--datadir=" + data,
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + base.resolve("mysqld.sock"),
                "--pid-file=" + base.resolve("mysqld.pid"), "--log-error=" + base.resolve("error.log"),
                "--skip-name-resolve", "--skip-log-bin", "--innodb-buffer-pool-size=64M",
                "--innodb-flush-log-at-trx-commit=2",
                "--max-connections=200", "--init-file=" + init));
        if (root) {
            command.add("--user=root");
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(base.resolve("console.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, base), "sojourn-mariadb-stop"));
        String jdbcUrl = "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER + "&password=" + PASSWORD;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!answers(jdbcUrl)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + process.exitValue() + "; its error log:\n"
                        + tail(base.resolve("error.log")));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("mariadbd did not answer on port " + port + " within 90 s; its error log:\n"
                        + tail(base.resolve("error.log")));
            }
            Thread.sleep(100);
        }
        return jdbcUrl;
    }

    private static void stop(Process process, Path base) {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no " + file + ": " + e.getMessage() + ")";
        }
    }
}
