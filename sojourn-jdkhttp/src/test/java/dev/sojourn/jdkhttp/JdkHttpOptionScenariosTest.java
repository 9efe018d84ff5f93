package dev.sojourn.jdkhttp;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.OptionScenarios;

/** {@link OptionScenarios} on the JDK server adapter. */
class JdkHttpOptionScenariosTest extends OptionScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JdkHttpFixture();
    }
}
