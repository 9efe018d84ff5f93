package dev.sojourn.servlet;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.SessionScenarios;

/** The adapter-neutral scenario suite on the Servlet adapter, on a real Jetty 12. */
class ServletSessionScenariosTest extends SessionScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JettyServletFixture();
    }
}
