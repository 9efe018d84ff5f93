package dev.sojourn.javalin;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.SessionScenarios;

/** The adapter-neutral scenario suite on the Javalin plugin. */
class JavalinSessionScenariosTest extends SessionScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JavalinFixture();
    }
}
