package dev.sojourn.servlet;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.ProxyAndCookieOptionScenarios;

/** Catalogue items 30–59 on the Servlet adapter, on a real Jetty 12. */
class ServletProxyAndCookieOptionScenariosTest extends ProxyAndCookieOptionScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JettyServletFixture();
    }
}
