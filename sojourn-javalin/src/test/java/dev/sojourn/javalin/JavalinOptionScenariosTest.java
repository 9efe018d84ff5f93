package dev.sojourn.javalin;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.OptionScenarios;

/** {@link OptionScenarios} on the Javalin plugin. */
class JavalinOptionScenariosTest extends OptionScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JavalinFixture();
    }
}
