package dev.sojourn.jdkhttp;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.SessionScenarios;

/** {@link SessionScenarios} (the catalogue's top level) on the JDK server adapter. */
class JdkHttpSessionScenariosTest extends SessionScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JdkHttpFixture();
    }
}
