package dev.sojourn.jdkhttp;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.SessionApiScenarios;

/** {@link SessionApiScenarios} on the JDK server adapter. */
class JdkHttpSessionApiScenariosTest extends SessionApiScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JdkHttpFixture();
    }
}
