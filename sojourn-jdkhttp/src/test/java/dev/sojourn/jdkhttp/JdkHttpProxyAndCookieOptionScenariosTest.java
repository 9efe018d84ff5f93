package dev.sojourn.jdkhttp;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.ProxyAndCookieOptionScenarios;

/** Catalogue items 30–59 (proxy and cookie options) on the JDK server adapter. */
class JdkHttpProxyAndCookieOptionScenariosTest extends ProxyAndCookieOptionScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JdkHttpFixture();
    }
}
