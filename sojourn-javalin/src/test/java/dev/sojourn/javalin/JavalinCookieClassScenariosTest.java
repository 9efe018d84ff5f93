package dev.sojourn.javalin;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.CookieClassScenarios;

/** {@link CookieClassScenarios} on the Javalin plugin. */
class JavalinCookieClassScenariosTest extends CookieClassScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JavalinFixture();
    }
}
