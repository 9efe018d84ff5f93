package dev.sojourn.servlet;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.SessionApiScenarios;

/** Catalogue items 100–136 on the Servlet adapter, on a real Jetty 12. */
class ServletSessionApiScenariosTest extends SessionApiScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JettyServletFixture();
    }
}
