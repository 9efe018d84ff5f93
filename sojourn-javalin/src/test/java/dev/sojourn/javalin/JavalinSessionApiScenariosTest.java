package dev.sojourn.javalin;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.SessionApiScenarios;

/** {@link SessionApiScenarios} on the Javalin plugin. */
class JavalinSessionApiScenariosTest extends SessionApiScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JavalinFixture();
    }
}
