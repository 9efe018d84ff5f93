package dev.sojourn.jdkhttp;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.HardeningScenarios;

/** {@link HardeningScenarios} on the JDK server adapter. */
class JdkHttpHardeningScenariosTest extends HardeningScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JdkHttpFixture();
    }
}
