package dev.sojourn.servlet;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.OptionScenarios;

/** Catalogue items 60–96 on the Servlet adapter, on a real Jetty 12. */
class ServletOptionScenariosTest extends OptionScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JettyServletFixture();
    }
}
