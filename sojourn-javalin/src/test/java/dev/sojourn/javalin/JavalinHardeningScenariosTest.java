package dev.sojourn.javalin;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.HardeningScenarios;

/** {@link HardeningScenarios} on the Javalin plugin. */
class JavalinHardeningScenariosTest extends HardeningScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JavalinFixture();
    }
}
