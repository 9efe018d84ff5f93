package dev.sojourn.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sojourn.CookieSecure;
import dev.sojourn.SameSite;
import dev.sojourn.SessionOptions;
import dev.sojourn.TrustProxy;
import dev.sojourn.store.MemoryStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExampleConfigTest {

    private static ExampleConfig parse(String... args) throws UsageException {
        return ExampleConfig.parse(List.of(args), Map.of());
    }

    private static ExampleConfig parse(Map<String, String> env, String... args) throws UsageException {
        return ExampleConfig.parse(List.of(args), env);
    }

    @Test
    void defaults() throws Exception {
        ExampleConfig config = parse();
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.secrets()).containsExactly(ExampleConfig.DEVELOPMENT_SECRET);
        assertThat(config.developmentSecret()).isTrue();
        assertThat(config.name()).isEqualTo("connect.sid");
        assertThat(config.maxAgeMillis()).isNull();
        assertThat(config.rolling()).isFalse();
        assertThat(config.resave()).isFalse();
        assertThat(config.saveUninitialized()).isFalse();
        assertThat(config.secure()).isNull();
        assertThat(config.sameSite()).isNull();
        assertThat(config.store()).isEqualTo(new StoreSpec.File(java.nio.file.Path.of(".sojourn-sessions")));
        assertThat(config.cookieOptions().maxAge()).isNull();
        assertThat(config.adapter()).isEqualTo(ExampleConfig.Adapter.SERVLET);
        assertThat(config.transport()).isEqualTo(ExampleConfig.Transport.COOKIE);
        assertThat(config.headerName()).isEqualTo("X-Session-Id");
        assertThat(config.touchAfterMillis()).isEqualTo(60_000L);
        assertThat(config.proxy()).isNull();
        SessionOptions options = config.sessionOptions(MemoryStore.create());
        assertThat(options.touchAfter()).isEqualTo(SessionOptions.DEFAULT_TOUCH_AFTER);
        assertThat(options.proxy()).isEqualTo(TrustProxy.CONTAINER);
        assertThat(options.transport().toString()).isEqualTo("CookieTransport[connect.sid]");
    }

    @Test
    void theFirstVersionsConstructorTakesTheNewDefaults() throws Exception {
        ExampleConfig old = new ExampleConfig("127.0.0.1", 0, List.of("s"), false, "sid", null, false, false, false,
                null, null, new StoreSpec.Memory());
        assertThat(old.adapter()).isEqualTo(ExampleConfig.Adapter.SERVLET);
        assertThat(old.transport()).isEqualTo(ExampleConfig.Transport.COOKIE);
        assertThat(old.touchAfterMillis()).isEqualTo(60_000L);
        assertThat(old).isEqualTo(parse("--host", "127.0.0.1", "--port", "0", "--secret", "s", "--name", "sid", "--store", "memory"));
    }

    @ParameterizedTest
    @CsvSource({"servlet, SERVLET", "javalin, JAVALIN", "jdk, JDK", "JDK, JDK", "' Javalin ', JAVALIN"})
    void adapterValues(String value, ExampleConfig.Adapter expected) throws Exception {
        assertThat(parse("--adapter", value).adapter()).isEqualTo(expected);
        assertThat(parse("--adapter=" + value).adapter()).isEqualTo(expected);
        assertThat(parse(Map.of("SOJOURN_ADAPTER", value)).adapter()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "cookie, COOKIE, CookieTransport[connect.sid]",
            "header, HEADER, HeaderTransport[X-Session-Id]",
            "both,   BOTH,   CompositeTransport[HeaderTransport[X-Session-Id] then CookieTransport[connect.sid]]",
            "Header, HEADER, HeaderTransport[X-Session-Id]",
    })
    void transportValues(String value, ExampleConfig.Transport expected, String transport) throws Exception {
        ExampleConfig config = parse("--transport", value);
        assertThat(config.transport()).isEqualTo(expected);
        assertThat(config.idTransport().toString()).isEqualTo(transport);
        assertThat(config.sessionOptions(MemoryStore.create()).transport().toString()).isEqualTo(transport);
        assertThat(parse(Map.of("SOJOURN_TRANSPORT", value)).transport()).isEqualTo(expected);
    }

    @Test
    void headerNameAndCookieNameReachTheTransport() throws Exception {
        assertThat(parse("--transport", "header", "--header-name", "X-Token").idTransport().toString())
                .isEqualTo("HeaderTransport[X-Token]");
        assertThat(parse("--transport=both", "--header-name=X-Token", "--name=sid").idTransport().toString())
                .isEqualTo("CompositeTransport[HeaderTransport[X-Token] then CookieTransport[sid]]");
        ExampleConfig fromEnv = parse(Map.of("SOJOURN_TRANSPORT", "header", "SOJOURN_HEADER_NAME", "Authorization-Session"));
        assertThat(fromEnv.headerName()).isEqualTo("Authorization-Session");
        assertThat(fromEnv.idTransport().toString()).isEqualTo("HeaderTransport[Authorization-Session]");
        assertThat(parse("--header-name", "X-Token").idTransport().toString())
                .as("with the cookie transport the header name is unused").isEqualTo("CookieTransport[connect.sid]");
    }

    @Test
    void touchAfter() throws Exception {
        assertThat(parse("--touch-after", "0").touchAfterMillis()).isZero();
        assertThat(parse("--touch-after=5000").sessionOptions(MemoryStore.create()).touchAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parse(Map.of("SOJOURN_TOUCH_AFTER", "120000")).touchAfterMillis()).isEqualTo(120_000L);
        assertThat(parse(Map.of("SOJOURN_TOUCH_AFTER", "120000"), "--touch-after", "1").touchAfterMillis()).isEqualTo(1L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "--proxy              | true  | FORWARDED_PROTO",
            "--proxy true         | true  | FORWARDED_PROTO",
            "--proxy=TRUE         | true  | FORWARDED_PROTO",
            "--proxy false        | false | NEVER",
            "--proxy=false        | false | NEVER",
            "--port 1             | null  | CONTAINER",
    })
    void proxyValues(String args, Boolean proxy, TrustProxy trust) throws Exception {
        ExampleConfig config = parse(args.trim().split("\\s+"));
        assertThat(config.proxy()).isEqualTo(proxy);
        assertThat(config.trustProxy()).isEqualTo(trust);
        assertThat(config.sessionOptions(MemoryStore.create()).proxy()).isEqualTo(trust);
    }

    @Test
    void proxyFromTheEnvironment() throws Exception {
        assertThat(parse(Map.of("SOJOURN_PROXY", "true")).trustProxy()).isEqualTo(TrustProxy.FORWARDED_PROTO);
        assertThat(parse(Map.of("SOJOURN_PROXY", "false")).trustProxy()).isEqualTo(TrustProxy.NEVER);
        assertThat(parse(Map.of("SOJOURN_PROXY", "")).trustProxy()).isEqualTo(TrustProxy.CONTAINER);
        assertThat(parse(Map.of("SOJOURN_PROXY", "true"), "--proxy", "false").trustProxy()).isEqualTo(TrustProxy.NEVER);
    }

    @Test
    void everyFlagInBothForms() throws Exception {
        ExampleConfig spaced = parse("--port", "9000", "--host", "127.0.0.1", "--secret", "new", "--secret", "old",
                "--name", "sid", "--max-age", "60000", "--rolling", "--resave", "--save-uninitialized",
                "--secure", "auto", "--same-site", "none", "--store", "memory", "--adapter", "jdk", "--transport", "both",
                "--header-name", "X-T", "--touch-after", "10", "--proxy", "false");
        ExampleConfig joined = parse("--port=9000", "--host=127.0.0.1", "--secret=new", "--secret=old",
                "--name=sid", "--max-age=60000", "--rolling=true", "--resave=true", "--save-uninitialized=true",
                "--secure=auto", "--same-site=none", "--store=memory", "--adapter=jdk", "--transport=both",
                "--header-name=X-T", "--touch-after=10", "--proxy=false");
        for (ExampleConfig config : List.of(spaced, joined)) {
            assertThat(config.port()).isEqualTo(9000);
            assertThat(config.host()).isEqualTo("127.0.0.1");
            assertThat(config.secrets()).containsExactly("new", "old");
            assertThat(config.developmentSecret()).isFalse();
            assertThat(config.name()).isEqualTo("sid");
            assertThat(config.maxAgeMillis()).isEqualTo(60000L);
            assertThat(config.rolling()).isTrue();
            assertThat(config.resave()).isTrue();
            assertThat(config.saveUninitialized()).isTrue();
            assertThat(config.secure()).isEqualTo(CookieSecure.AUTO);
            assertThat(config.sameSite()).isEqualTo("none");
            assertThat(config.adapter()).isEqualTo(ExampleConfig.Adapter.JDK);
            assertThat(config.transport()).isEqualTo(ExampleConfig.Transport.BOTH);
            assertThat(config.headerName()).isEqualTo("X-T");
            assertThat(config.touchAfterMillis()).isEqualTo(10L);
            assertThat(config.proxy()).isFalse();
        }
        assertThat(spaced).isEqualTo(joined);
    }

    @Test
    void theFlagsReachTheSessionOptions() throws Exception {
        ExampleConfig config = parse("--name", "sid", "--secret", "s1", "--max-age", "1500", "--rolling",
                "--secure", "true", "--same-site", "strict");
        SessionOptions options = config.sessionOptions(MemoryStore.create());
        assertThat(options.name()).isEqualTo("sid");
        assertThat(options.secrets()).hasSize(1);
        assertThat(options.rolling()).isTrue();
        assertThat(options.resave()).isFalse();
        assertThat(options.saveUninitialized()).isFalse();
        assertThat(config.cookieOptions().maxAge()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.cookieOptions().secure()).isEqualTo(CookieSecure.TRUE);
        assertThat(config.cookieOptions().sameSite()).isEqualTo(SameSite.STRICT);
    }

    @ParameterizedTest
    @CsvSource({"true, STRICT", "strict, STRICT", "LAX, LAX", "auto, AUTO"})
    void sameSiteValues(String value, SameSite expected) throws Exception {
        assertThat(parse("--same-site", value).cookieOptions().sameSite()).isEqualTo(expected);
    }

    @Test
    void sameSiteFalseLeavesItUnset() throws Exception {
        assertThat(parse("--same-site=false").cookieOptions().sameSite()).isNull();
    }

    @Test
    void sameSiteNoneNeedsSecure() throws Exception {
        assertThat(parse("--same-site", "none", "--secure", "true").cookieOptions().sameSite()).isEqualTo(SameSite.NONE);
        assertThat(parse("--secure", "auto", "--same-site", "none").cookieOptions().secure()).isEqualTo(CookieSecure.AUTO);
        assertThatThrownBy(() -> parse("--same-site", "none"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--same-site: ").hasMessageContaining("--secure");
        assertThatThrownBy(() -> parse("--same-site", "none", "--secure", "false"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--same-site: ");
    }

    @Test
    void booleanFlagForms() throws Exception {
        assertThat(parse("--rolling").rolling()).isTrue();
        assertThat(parse("--rolling=true").rolling()).isTrue();
        assertThat(parse("--rolling=FALSE").rolling()).isFalse();
        assertThat(parse("--rolling", "true").rolling()).isTrue();
        assertThat(parse("--rolling", "false").rolling()).isFalse();
        ExampleConfig both = parse("--rolling", "--resave", "--port", "1");
        assertThat(both.rolling()).isTrue();
        assertThat(both.resave()).isTrue();
        assertThat(both.port()).isEqualTo(1);
        assertThat(parse("--save-uninitialized", "false", "--rolling").saveUninitialized()).isFalse();
    }

    @Test
    void environmentVariablesAreTheFallback() throws Exception {
        ExampleConfig config = parse(Map.of(
                "SOJOURN_PORT", "9001",
                "SOJOURN_HOST", "127.0.0.1",
                "SOJOURN_SECRET", "new, old,older",
                "SOJOURN_NAME", "app.sid",
                "SOJOURN_MAX_AGE", "3600000",
                "SOJOURN_ROLLING", "TRUE",
                "SOJOURN_RESAVE", "false",
                "SOJOURN_SAVE_UNINITIALIZED", "true",
                "SOJOURN_SECURE", "auto",
                "SOJOURN_SAME_SITE", "none"));
        assertThat(config.port()).isEqualTo(9001);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.secrets()).containsExactly("new", "old", "older");
        assertThat(config.developmentSecret()).isFalse();
        assertThat(config.name()).isEqualTo("app.sid");
        assertThat(config.maxAgeMillis()).isEqualTo(3_600_000L);
        assertThat(config.rolling()).isTrue();
        assertThat(config.resave()).isFalse();
        assertThat(config.saveUninitialized()).isTrue();
        assertThat(config.secure()).isEqualTo(CookieSecure.AUTO);
        assertThat(config.sameSite()).isEqualTo("none");
        assertThat(parse(Map.of("SOJOURN_STORE", "memory")).store()).isInstanceOf(StoreSpec.Memory.class);
        assertThat(parse("--store", "file:/tmp/sessions").store()).isEqualTo(new StoreSpec.File(java.nio.file.Path.of("/tmp/sessions")));
    }

    @Test
    void theCommandLineWinsOverTheEnvironment() throws Exception {
        Map<String, String> env = Map.of("SOJOURN_PORT", "9001", "SOJOURN_SECRET", "a,b", "SOJOURN_ROLLING", "true",
                "SOJOURN_MAX_AGE", "not a number");
        ExampleConfig config = parse(env, "--port", "9002", "--secret", "c", "--rolling=false", "--max-age", "5");
        assertThat(config.port()).isEqualTo(9002);
        assertThat(config.secrets()).containsExactly("c");
        assertThat(config.rolling()).isFalse();
        assertThat(config.maxAgeMillis()).isEqualTo(5L);
    }

    @Test
    void blankEnvironmentValuesCountAsAbsent() throws Exception {
        ExampleConfig config = parse(Map.of("SOJOURN_PORT", "", "SOJOURN_SECRET", " ", "SOJOURN_ROLLING", ""));
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.developmentSecret()).isTrue();
        assertThat(config.rolling()).isFalse();
    }

    @Test
    void unrelatedEnvironmentVariablesAreIgnored() throws Exception {
        assertThat(parse(Map.of("SOJOURN_HOME", "/opt/sojourn", "PORT", "1")).port()).isEqualTo(8080);
    }

    @Test
    void theLastValueOfASingleFlagWins() throws Exception {
        assertThat(parse("--port", "1", "--port", "2").port()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--port abc                    | --port",
            "--port=70000                  | --port",
            "--port -1                     | --port",
            "--port                        | --port",
            "--port --rolling              | --port",
            "--max-age -5                  | --max-age",
            "--max-age=soon                | --max-age",
            "--rolling=maybe               | --rolling",
            "--save-uninitialized=yes      | --save-uninitialized",
            "--secure maybe                | --secure",
            "--same-site sideways          | --same-site",
            "--store bogus                 | --store",
            "--store=redis://              | --store",
            "--store jdbc:oracle:thin:@x   | --store",
            "--adapter tomcat              | --adapter",
            "--adapter                     | --adapter",
            "--transport=carrier-pigeon    | --transport",
            "--header-name=X:Y             | --header-name",
            "--header-name=                | --header-name",
            "--touch-after -1              | --touch-after",
            "--touch-after=1m              | --touch-after",
            "--proxy=maybe                 | --proxy",
            "--name a;b                    | --name",
            "--name=                       | --name",
            "--secret=                     | --secret",
            "--host=                       | --host",
            "--bogus                       | --bogus",
            "--bogus=1                     | --bogus",
            "-p 80                         | -p",
            "extra                         | extra",
    })
    void badFlagsAreNamed(String args, String flag) {
        String[] argv = args.isBlank() ? new String[0] : args.trim().split("\\s+");
        assertThatThrownBy(() -> ExampleConfig.parse(Arrays.asList(argv), Map.of()))
                .isInstanceOfSatisfying(UsageException.class, e -> {
                    assertThat(e.flag()).isEqualTo(flag);
                    assertThat(e.getMessage()).startsWith(flag + ": ").doesNotContain("\n");
                });
    }

    @ParameterizedTest
    @CsvSource({
            "SOJOURN_PORT, http",
            "SOJOURN_MAX_AGE, 1h",
            "SOJOURN_ROLLING, yes",
            "SOJOURN_SECURE, always",
            "SOJOURN_SAME_SITE, sideways",
            "SOJOURN_STORE, mongodb://x",
            "SOJOURN_ADAPTER, tomcat",
            "SOJOURN_TRANSPORT, smoke-signals",
            "SOJOURN_HEADER_NAME, 'X Token'",
            "SOJOURN_TOUCH_AFTER, soon",
            "SOJOURN_PROXY, yes",
            "SOJOURN_NAME, 'a b'",
            "SOJOURN_SECRET, 'a,,b'",
    })
    void badEnvironmentValuesNameTheFlagAndTheVariable(String variable, String value) {
        String flag = "--" + variable.substring("SOJOURN_".length()).toLowerCase().replace('_', '-');
        assertThatThrownBy(() -> parse(Map.of(variable, value)))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(flag + " (" + variable + "): ");
    }

    @Test
    void everyFlagHasItsEnvironmentVariable() {
        assertThat(ExampleConfig.Flag.SAVE_UNINITIALIZED.envVar()).isEqualTo("SOJOURN_SAVE_UNINITIALIZED");
        assertThat(ExampleConfig.Flag.MAX_AGE.envVar()).isEqualTo("SOJOURN_MAX_AGE");
        assertThat(ExampleConfig.Flag.SAME_SITE.envVar()).isEqualTo("SOJOURN_SAME_SITE");
        assertThat(ExampleConfig.Flag.HEADER_NAME.envVar()).isEqualTo("SOJOURN_HEADER_NAME");
        assertThat(ExampleConfig.Flag.TOUCH_AFTER.envVar()).isEqualTo("SOJOURN_TOUCH_AFTER");
        String usage = ExampleConfig.usage();
        for (ExampleConfig.Flag flag : ExampleConfig.Flag.values()) {
            assertThat(usage).contains(flag.flag).contains(flag.envVar());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void helpIsRecognised(String flag) {
        assertThat(ExampleConfig.wantsHelp(List.of("--port", "1", flag))).isTrue();
        assertThat(ExampleConfig.wantsHelp(List.of("--port", "1"))).isFalse();
    }

    @Test
    void toStringHidesTheSecrets() throws Exception {
        assertThat(parse("--secret", "hunter2").toString()).doesNotContain("hunter2");
    }
}
