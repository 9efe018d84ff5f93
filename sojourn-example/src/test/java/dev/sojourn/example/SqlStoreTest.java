package dev.sojourn.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sojourn.example.ExampleConfig.Adapter;
import dev.sojourn.jdbc.Dialect;
import dev.sojourn.testing.TestClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --store jdbc:…} end to end: the app creates its table and keeps sessions in it. */
class SqlStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static long views(TestClient.Response response) throws Exception {
        assertThat(response.status()).isEqualTo(200);
        return JSON.readTree(response.body()).path("views").asLong();
    }

    private static Dialect dialect(ExampleApp app) {
        return ((StoreSpec.PooledJdbcStore) app.store()).jdbcStore().dialect();
    }

    @Test
    void h2InMemory() throws Exception {
        try (ExampleApp app = TestApps.start(Adapter.SERVLET, "--store", "jdbc:h2:mem:example-test")) {
            assertThat(dialect(app)).isEqualTo(Dialect.H2);
            TestClient browser = TestApps.client(app);
            assertThat(views(browser.get("/write"))).isEqualTo(1);
            assertThat(views(browser.get("/write"))).isEqualTo(2);
            assertThat(JSON.readTree(browser.get("/read").body()).path("views").asLong()).isEqualTo(2);
        }
    }

    @Test
    void sqliteFileSurvivesARestart(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("sessions.db");
        TestClient browser;
        try (ExampleApp app = TestApps.start(Adapter.JDK, "--store", url)) {
            assertThat(dialect(app)).isEqualTo(Dialect.SQLITE);
            browser = TestApps.client(app);
            assertThat(views(browser.get("/write"))).isEqualTo(1);
            assertThat(views(browser.get("/write"))).isEqualTo(2);
        }
        try (ExampleApp again = TestApps.start(Adapter.JDK, "--store", url)) {
            TestClient sameBrowser = TestApps.client(again);
            sameBrowser.setCookie("connect.sid", browser.cookie("connect.sid").orElseThrow());
            assertThat(views(sameBrowser.get("/write"))).as("the table was there already, with the session").isEqualTo(3);
        }
    }

    @Test
    void postgresql() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            try (ExampleApp app = TestApps.start(Adapter.JAVALIN, "--store", url)) {
                assertThat(dialect(app)).isEqualTo(Dialect.POSTGRESQL);
                TestClient browser = TestApps.client(app);
                assertThat(views(browser.get("/write"))).isEqualTo(1);
                assertThat(views(browser.get("/write"))).isEqualTo(2);
                try (Connection connection = DriverManager.getConnection(url);
                        ResultSet rows = connection.createStatement().executeQuery("SELECT sess FROM session")) {
                    assertThat(rows.next()).as("connect-pg-simple's table, created by the app").isTrue();
                    assertThat(JSON.readTree(rows.getString(1)).path("views").asLong()).isEqualTo(2);
                }
            }
        }
    }
}
