package dev.sojourn.servlet;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.CookieClassScenarios;

/** Catalogue items 143–160 on the Servlet adapter, on a real Jetty 12. */
class ServletCookieClassScenariosTest extends CookieClassScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JettyServletFixture();
    }
}
