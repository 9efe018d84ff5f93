package dev.sojourn.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that is malformed or unreachable at start-up, in a real JVM (as {@code java -jar} runs it,
 * logging set up by the app's simplelogger.properties): exit status 2 or 1 and exactly one line on
 * stderr naming {@code --store}, with no stack trace and no library log lines. The processes run in
 * parallel.
 */
class StoreStartupFailureTest {

    private record Outcome(int status, String stdout, List<String> stderr) {
    }

    @Test
    void oneLineNamingTheFlagAndTheRightStatus(@TempDir Path dir) throws Exception {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("redis://127.0.0.1:1", 1);
        expected.put("redis-sentinel://127.0.0.1:1#mymaster", 1);
        expected.put("redis-cluster://127.0.0.1:1,127.0.0.1:2", 1);
        expected.put("jdbc:postgresql://127.0.0.1:1/x", 1);
        expected.put("jdbc:mariadb://127.0.0.1:1/x?user=u&password=hunter2", 1);
        expected.put("redis://127.0.0.1:99999", 2);
        expected.put("jdbc:postgresql://[bad", 2);
        expected.put("cassandra://x", 2);

        record Run(String store, Path dir, Process process) {
        }
        List<Run> runs = new ArrayList<>();
        for (String store : expected.keySet()) {
            Path run = dir.resolve("run-" + runs.size());
            runs.add(new Run(store, run, launch(run, "--port", "0", "--secret", "s", "--store", store)));
        }
        for (Run run : runs) {
            Outcome outcome = await(run.process(), run.dir());
            assertThat(outcome.status()).as("exit status for %s (stderr %s)", run.store(), outcome.stderr())
                    .isEqualTo(expected.get(run.store()));
            assertThat(outcome.stderr()).as("stderr for %s", run.store()).singleElement().asString()
                    .startsWith("sojourn-example: error: --store: ")
                    .doesNotContain("Exception", "\tat ", "hunter2");
            assertThat(outcome.stdout()).isEmpty();
        }
    }

    /** Starts the app's main class in a new JVM with the test class path and no SOJOURN_* variables. */
    private static Process launch(Path run, String... args) throws IOException {
        Files.createDirectories(run);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ExampleApp.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(run.toFile())
                .redirectOutput(run.resolve("stdout").toFile())
                .redirectError(run.resolve("stderr").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SOJOURN_"));
        return builder.start();
    }

    private static Outcome await(Process process, Path run) throws Exception {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the app did not exit within 60 s; stderr: " + read(run.resolve("stderr").toFile()));
        }
        return new Outcome(process.exitValue(), read(run.resolve("stdout").toFile()),
                read(run.resolve("stderr").toFile()).lines().toList());
    }

    private static String read(File file) throws IOException {
        return Files.readString(file.toPath(), StandardCharsets.UTF_8);
    }
}
