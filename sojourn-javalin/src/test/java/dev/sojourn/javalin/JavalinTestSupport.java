package dev.sojourn.javalin;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.ScenarioSupport;
import dev.sojourn.testing.TestClient;
import io.javalin.config.JavalinConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * Base of the Javalin-specific tests: the scenario suite's helpers (options, clock, cookie and
 * store readers) plus {@link #startJavalin}, which runs an application of the test's own routes
 * and plugins on a free loopback port.
 */
abstract class JavalinTestSupport extends ScenarioSupport {
    private final List<AdapterFixture.RunningServer> apps = new ArrayList<>();

    @Override
    protected AdapterFixture fixture() {
        return new JavalinFixture();
    }

    /** Starts Javalin with this set-up (the test registers the plugin itself); stopped after the test. */
    protected TestClient startJavalin(Consumer<JavalinConfig> setup) {
        AdapterFixture.RunningServer app = JavalinFixture.startApp(setup);
        apps.add(app);
        return new TestClient(app.baseUrl());
    }

    @AfterEach
    void stopApps() throws Exception {
        for (AdapterFixture.RunningServer app : apps) {
            app.close();
        }
        apps.clear();
    }
}
