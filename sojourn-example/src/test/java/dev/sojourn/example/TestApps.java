package dev.sojourn.example;

import dev.sojourn.SessionStore;
import dev.sojourn.example.ExampleConfig.Adapter;
import dev.sojourn.testing.TestClient;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Starting the example app in the tests: on a free loopback port, with a test secret, on a chosen adapter. */
final class TestApps {
    static final String SECRET = "example test secret";

    private TestApps() {
    }

    /** A test that runs once per {@link Adapter}: servlet, javalin, jdk. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @EnumSource(Adapter.class)
    @interface EveryAdapter {
    }

    /** The flags for a loopback app on a free port with the test secret on {@code adapter}, then {@code more}. */
    static List<String> args(Adapter adapter, String... more) {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--secret", SECRET,
                "--adapter", adapter.flagValue()));
        args.addAll(Arrays.asList(more));
        return args;
    }

    static ExampleConfig config(Adapter adapter, String... more) throws UsageException {
        return ExampleConfig.parse(args(adapter, more), Map.of());
    }

    /** Starts the app with the store its flags name. */
    static ExampleApp start(Adapter adapter, String... more) throws Exception {
        return ExampleApp.start(config(adapter, more));
    }

    /** Starts the app with the given store (e.g. a counting one). */
    static ExampleApp start(SessionStore store, Adapter adapter, String... more) throws Exception {
        return ExampleApp.start(config(adapter, more), store);
    }

    /** A fresh client (empty cookie jar) of the app. */
    static TestClient client(ExampleApp app) {
        String uri = app.uri().toString();
        return new TestClient(uri.substring(0, uri.length() - 1));
    }
}
