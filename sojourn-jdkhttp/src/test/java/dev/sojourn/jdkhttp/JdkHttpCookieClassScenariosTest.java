package dev.sojourn.jdkhttp;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.CookieClassScenarios;

/** {@link CookieClassScenarios} on the JDK server adapter. */
class JdkHttpCookieClassScenariosTest extends CookieClassScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JdkHttpFixture();
    }
}
