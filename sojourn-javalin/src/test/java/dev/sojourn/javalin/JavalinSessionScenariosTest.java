package dev.sojourn.javalin;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.SessionScenarios;

/** {@link SessionScenarios} (the catalogue's top level) on the Javalin plugin. */
class JavalinSessionScenariosTest extends SessionScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JavalinFixture();
    }
}
