package dev.sojourn.javalin;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.ProxyAndCookieOptionScenarios;

/** Catalogue items 30–59 (proxy and cookie options) on the Javalin plugin. */
class JavalinProxyAndCookieOptionScenariosTest extends ProxyAndCookieOptionScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JavalinFixture();
    }
}
