package dev.sojourn.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code main} prints and which status it exits with, for the cases that do not start a server. */
class LaunchTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int launch(Map<String, String> env, String... args) {
        return ExampleApp.launch(List.of(args), env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        assertThat(launch(Map.of(), "--help")).isZero();
        assertThat(out()).startsWith("Usage:").contains("--port").contains("SOJOURN_PORT").contains("/incr/{key}")
                .contains("--adapter servlet|javalin|jdk").contains("SOJOURN_ADAPTER")
                .contains("--transport cookie|header|both").contains("--header-name").contains("--touch-after")
                .contains("--proxy").contains("redis-cluster://").contains("jdbc:postgresql:").contains("jdbc:sqlite:")
                .contains("CREATES its sessions table").contains("Exit status");
        assertThat(out().lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(120));
        assertThat(err()).isEmpty();
    }

    @Test
    void aBadFlagExitsTwoWithOneLineNamingIt() {
        assertThat(launch(Map.of(), "--port", "abc")).isEqualTo(2);
        assertThat(err()).isEqualTo("sojourn-example: error: --port: 'abc' is not a port number (0-65535) (see --help)"
                + System.lineSeparator());
        assertThat(out()).isEmpty();
    }

    @Test
    void anUnknownStoreExitsTwo() {
        assertThat(launch(Map.of(), "--store", "cassandra://x")).isEqualTo(2);
        assertThat(err().lines().toList()).singleElement().asString().contains("--store").contains("unknown store");
    }

    @Test
    void aStoreValueOnlyTheStoreRejectsExitsTwo() {
        assertThat(launch(Map.of(), "--store", "redis://127.0.0.1:99999")).isEqualTo(2);
        assertThat(err().lines().toList()).singleElement().asString()
                .startsWith("sojourn-example: error: --store: ").contains("invalid port").endsWith("(see --help)");
    }

    @Test
    void aStoreFromTheEnvironmentNamesTheVariable() {
        assertThat(launch(Map.of("SOJOURN_STORE", "jdbc:postgresql://127.0.0.1:1/x"), "--port", "0", "--secret", "s"))
                .isEqualTo(1);
        assertThat(err().lines().toList()).singleElement().asString()
                .startsWith("sojourn-example: error: --store (SOJOURN_STORE): cannot connect to jdbc:postgresql://127.0.0.1:1/x: ")
                .contains("refused");
    }

    @Test
    void sameSiteNoneWithoutSecureExitsTwo() {
        assertThat(launch(Map.of(), "--same-site", "none")).isEqualTo(2);
        assertThat(err().lines().toList()).singleElement().asString().contains("--same-site");
    }

    @Test
    void aBadEnvironmentValueNamesTheVariable() {
        assertThat(launch(Map.of("SOJOURN_MAX_AGE", "forever"))).isEqualTo(2);
        assertThat(err().lines().toList()).singleElement().asString()
                .contains("--max-age (SOJOURN_MAX_AGE)").doesNotContain("Exception");
    }

    @TestApps.EveryAdapter
    void aBusyPortExitsOneWithOneLine(ExampleConfig.Adapter adapter) throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int status = launch(Map.of(), "--host", "127.0.0.1", "--port", String.valueOf(busy.getLocalPort()), "--secret", "s",
                    "--store", "memory", "--adapter", adapter.flagValue());
            assertThat(status).isEqualTo(1);
            assertThat(err().lines().toList()).singleElement().asString().contains("--port").contains("cannot listen");
        }
    }
}
