package dev.sojourn.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --store}: every form parses without I/O; malformed values are usage errors naming the flag. */
class StoreSpecTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "memory                                         | Memory",
            "MEMORY                                         | Memory",
            "file:/tmp/sessions                             | File",
            "redis://127.0.0.1:6379                         | Redis",
            "redis://localhost                              | Redis",
            "redis://:secret@cache.internal:6380/2          | Redis",
            "rediss://user:secret@cache.internal:6380       | Redis",
            "redis-sentinel://s1:26379,s2:26379/0#mymaster  | Redis",
            "redis-cluster://10.0.0.1:7000,10.0.0.2:7000    | Redis",
            "redis-socket:///var/run/redis.sock             | Redis",
            "jdbc:postgresql://db:5432/app?user=u&password=p | Jdbc",
            "jdbc:mariadb://db:3306/app                     | Jdbc",
            "jdbc:mysql://db:3306/app                       | Jdbc",
            "jdbc:h2:mem:sessions                           | Jdbc",
            "jdbc:h2:./sessions                             | Jdbc",
            "jdbc:sqlite:sessions.db                        | Jdbc",
    })
    void everyFormParses(String value, String kind) throws Exception {
        StoreSpec spec = ExampleConfig.parse(List.of("--store", value), Map.of()).store();
        assertThat(spec.getClass().getSimpleName()).isEqualTo(kind);
        assertThat(ExampleConfig.parse(List.of(), Map.of("SOJOURN_STORE", value)).store()).isEqualTo(spec);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://db/app    | POSTGRESQL",
            "JDBC:PostgreSQL://db/app    | POSTGRESQL",
            "jdbc:mariadb://db/app       | MARIADB",
            "jdbc:mysql://db/app         | MYSQL",
            "jdbc:h2:mem:x               | H2",
            "jdbc:sqlite:x.db            | SQLITE",
    })
    void jdbcUrlsNameTheirDatabase(String url, StoreSpec.Database database) {
        assertThat(((StoreSpec.Jdbc) StoreSpec.parse(url)).database()).isEqualTo(database);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:mysql://db/app                          | jdbc:mysql://db/app?permitMysqlScheme",
            "jdbc:mysql://db/app?user=u                   | jdbc:mysql://db/app?user=u&permitMysqlScheme",
            "jdbc:h2:mem:x                                | jdbc:h2:mem:x;DB_CLOSE_DELAY=-1",
            "jdbc:h2:mem:x;DB_CLOSE_DELAY=10              | jdbc:h2:mem:x;DB_CLOSE_DELAY=10",
            "jdbc:h2:./x                                  | jdbc:h2:./x",
            "jdbc:postgresql://db/app                     | jdbc:postgresql://db/app",
    })
    void driverUrls(String url, String driverUrl) {
        assertThat(((StoreSpec.Jdbc) StoreSpec.parse(url)).driverUrl()).isEqualTo(driverUrl);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "redis://:hunter2@cache:6379/1                          | redis://****@cache:6379/1",
            "rediss://user:hunter2@cache:6380                       | rediss://****@cache:6380",
            "redis://cache:6379                                     | redis://cache:6379",
            "jdbc:postgresql://db/app?user=u&password=hunter2       | jdbc:postgresql://db/app?user=u&password=****",
            "jdbc:h2:tcp://db/x;USER=sa;PASSWORD=hunter2            | jdbc:h2:tcp://db/x;USER=sa;PASSWORD=****",
            "jdbc:mariadb://u:hunter2@db/app                        | jdbc:mariadb://****@db/app",
    })
    void shownWithoutCredentials(String value, String shown) throws Exception {
        StoreSpec spec = StoreSpec.parse(value);
        assertThat(spec.toString()).isEqualTo(shown).doesNotContain("hunter2");
        assertThat(ExampleConfig.parse(List.of("--store", value), Map.of()).toString()).doesNotContain("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bogus", "file:", "redis://", "redis://:pw@", "rediss://:6379", "redis-cluster://",
            "redis://host name", "jdbc:oracle:thin:@db", "jdbc:", "jdbc:h2:", "jdbc:sqlite:", "mongodb://x", "postgres://db"})
    void malformedValuesAreUsageErrorsNamingTheFlag(String value) {
        assertThatThrownBy(() -> ExampleConfig.parse(List.of("--store", value), Map.of()))
                .isInstanceOfSatisfying(UsageException.class, e -> {
                    assertThat(e.flag()).isEqualTo("--store");
                    assertThat(e.getMessage()).startsWith("--store: ").doesNotContain("\n");
                });
        assertThatThrownBy(() -> ExampleConfig.parse(List.of(), Map.of("SOJOURN_STORE", value)))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--store (SOJOURN_STORE): ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://h:99999", "jdbc:postgresql://[bad"})
    void valuesOnlyTheStoreCanRejectFailWithIllegalArgumentOnOpen(String value) {
        assertThatThrownBy(() -> StoreSpec.parse(value).open())
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @org.junit.jupiter.api.Test
    void theDefaultIsAFileStore() throws Exception {
        assertThat(ExampleConfig.parse(List.of(), Map.of()).store()).isEqualTo(new StoreSpec.File(Path.of(".sojourn-sessions")));
    }
}
