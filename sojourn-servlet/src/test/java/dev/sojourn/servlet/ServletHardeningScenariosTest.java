package dev.sojourn.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.testing.AdapterFixture;
import dev.sojourn.testing.CountingStore;
import dev.sojourn.testing.HardeningScenarios;
import dev.sojourn.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Scenarios beyond the catalogue on the Servlet adapter, on a real Jetty 12, plus Servlet-API-specific ones. */
class ServletHardeningScenariosTest extends HardeningScenarios {
    @Override
    protected AdapterFixture fixture() {
        return new JettyServletFixture();
    }

    @Test
    @DisplayName("servlet: a Content-Length set as a plain header (addHeader) still lets the session be stored and its cookie sent first")
    void contentLengthAsHeader() throws Exception {
        CountingStore store = newStore();
        store.delayWrites(Duration.ofMillis(150));
        TestClient client = start(options(store).build(), ex -> {
            ex.session().set("views", 1);
            ex.addHeader("Content-Length", "5");
            ex.write("hello");
        });

        TestClient.Response response = client.get("/");

        assertThat(store.delegate().length()).as("stored when the response arrived").isEqualTo(1);
        assertThat(response.body()).isEqualTo("hello");
        assertThat(response.setCookie(NAME)).isPresent();
    }
}
