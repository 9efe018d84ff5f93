package dev.sojourn.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sojourn.example.ExampleApp;
import dev.sojourn.example.ExampleConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The example app in a real browser: Debian's headless Chromium, driven by Selenium through
 * ChromeDriver, against {@link ExampleApp} started in this JVM on a free loopback port.
 *
 * <p>One browser serves the whole class (a fresh profile, deleted afterwards); every test starts from
 * no cookies and a blank page, and starts its own app with the flags it needs. A screenshot of every
 * test is saved under {@code target/browser-screenshots/}.
 */
class BrowserSessionTest {
    private static final String COOKIE = "connect.sid";
    private static final String SECRET = "browser-test-secret-" + Long.toHexString(System.nanoTime());
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Json JSON = new Json();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();

    private static Chromium chromium;
    private static ChromeDriver driver;

    @RegisterExtension
    static final Screenshots SCREENSHOTS = new Screenshots(() -> driver, Screenshots.defaultDirectory());

    private final List<ExampleApp> running = new ArrayList<>();

    @BeforeAll
    static void startBrowser() throws Exception {
        chromium = Chromium.start(Screenshots.defaultDirectory().getParent());
        driver = chromium.driver();
        System.out.println("Browser under test: " + chromium.versions());
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
        driver = null;
    }

    @BeforeEach
    void freshBrowserState() {
        driver.get("about:blank");
        // Every cookie of the profile, whatever its host or port (WebDriver's own deleteAllCookies only
        // sees the current page's).
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        assertThat(allCookies()).as("cookies left by an earlier test").isEmpty();
        networkEvents(); // drains the performance log
    }

    @AfterEach
    void stopApps() {
        for (ExampleApp app : running) {
            app.close();
        }
        running.clear();
    }

    // ---- 1. the view count ----

    @Test
    void viewCount_navigatingAwayAndBackAndReloading_increasesByOneWithEveryPageTheServerRenders() throws Exception {
        ExampleApp app = startApp();

        driver.get(url(app, "/"));
        assertThat(views()).isEqualTo(1);
        assertThat(driver.findElement(By.id("anonymous")).getText()).isEqualTo("Not logged in.");
        String cookie = sessionCookie().getValue();
        driver.executeScript("window.sojournBrowserTestMarker = true");

        // Away to a page that never touches the session, and back in the history.
        driver.get(url(app, "/plain"));
        assertThat(driver.findElement(By.tagName("body")).getText()).isEqualTo("ok");
        driver.navigate().back();
        waiting().until(ExpectedConditions.urlToBe(url(app, "/")));
        // Chromium may restore the page from its back/forward cache (Chromium 150 and 156 do, though the
        // page is Cache-Control: no-store): the very same document, marker included, showing the count
        // it was rendered with, and no request to the server. Otherwise it fetches the page again, and
        // the server counts that view. Either way, each page the server renders counts one more.
        boolean restored = Boolean.TRUE.equals(driver.executeScript("return window.sojournBrowserTestMarker === true"));
        String how = restored ? "restored from the back/forward cache, not requested again" : "fetched again";
        System.out.println("Back to /: " + how);
        long rendered = restored ? 1 : 2;
        assertThat(views()).as("after going back to / (" + how + ")").isEqualTo(rendered);

        driver.navigate().refresh();
        assertThat(views()).as("after a reload").isEqualTo(rendered + 1);

        driver.get(url(app, "/"));
        assertThat(views()).as("after following a URL to / again").isEqualTo(rendered + 2);

        assertThat(sessionCookie().getValue()).as("one session throughout: the cookie never changed").isEqualTo(cookie);
        driver.get(url(app, "/read"));
        assertThat(driver.findElement(By.tagName("body")).getText()).isEqualTo("{\"views\":" + (rendered + 2) + "}");
    }

    // ---- 2. HttpOnly and SameSite ----

    @ParameterizedTest(name = "[{index}] --same-site {0}")
    @CsvSource({"strict, Strict", "lax, Lax"})
    void sessionCookie_sameSiteConfigured_isHttpOnlyAndCarriesThatSameSite(String flag, String expected) throws Exception {
        ExampleApp app = startApp("--same-site", flag);
        driver.get(url(app, "/"));
        assertThat(views()).isEqualTo(1);

        // A cookie scripts may see, as a control: document.cookie works on this page...
        driver.executeScript("document.cookie = 'script_visible=yes; path=/'");
        String documentCookie = (String) driver.executeScript("return document.cookie");
        assertThat(documentCookie).contains("script_visible=yes");
        // ...yet the session cookie is not in it,
        assertThat(documentCookie).as("document.cookie must not expose the HttpOnly session cookie")
                .doesNotContain(COOKIE);
        // while the browser holds it, HttpOnly, with the configured SameSite.
        Cookie cookie = sessionCookie();
        assertThat(cookie.isHttpOnly()).as("HttpOnly").isTrue();
        assertThat(cookie.getSameSite()).as("SameSite as WebDriver reports it").isEqualTo(expected);
        assertThat(cookie.isSecure()).as("Secure (not configured, plain HTTP)").isFalse();
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(cookie.getExpiry()).as("no --max-age: a browser-session cookie").isNull();
        assertThat(URLDecoder.decode(cookie.getValue(), StandardCharsets.UTF_8)).as("a signed value s:<id>.<signature>")
                .matches("s:[A-Za-z0-9_-]{32}\\.[A-Za-z0-9+/]+");

        // The same, from the browser's cookie jar itself (DevTools protocol).
        Map<String, Object> jar = allCookies().stream()
                .filter(c -> COOKIE.equals(c.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Network.getAllCookies has no " + COOKIE + ": " + allCookies()));
        assertThat(jar).containsEntry("httpOnly", true).containsEntry("sameSite", expected)
                .containsEntry("value", cookie.getValue()).containsEntry("domain", "127.0.0.1");

        // And the browser sends it back: the count goes on.
        driver.navigate().refresh();
        assertThat(views()).isEqualTo(2);
    }

    // ---- 3. login and logout ----

    @Test
    void login_submittingTheLoginForm_changesTheSessionIdAndShowsTheUser() throws Exception {
        ExampleApp app = startApp("--same-site", "lax");
        driver.get(url(app, "/"));
        driver.navigate().refresh();
        assertThat(views()).isEqualTo(2);
        Cookie before = sessionCookie();

        submit("login", "alice");

        assertThat(driver.findElement(By.id("user")).getText()).isEqualTo("alice");
        assertThat(driver.findElements(By.id("anonymous"))).isEmpty();
        assertThat(views()).as("login regenerates the session: the old data (views 2) is gone").isEqualTo(1);
        Cookie after = sessionCookie();
        assertThat(after.getValue()).as("the cookie value after login").isNotEqualTo(before.getValue());
        assertThat(sessionId(after)).as("the session id after login").isNotEqualTo(sessionId(before));
        assertThat(after.isHttpOnly()).isTrue();
        assertThat(after.getSameSite()).isEqualTo("Lax");

        // The id from before login is worth nothing now (no session fixation): sent by another
        // client, it names no session, while the new one names alice's.
        assertThat(readWithCookie(app, before.getValue())).as("/read with the cookie from before login").isEqualTo("{}");
        assertThat(readWithCookie(app, after.getValue())).as("/read with the cookie from after login")
                .contains("\"user\":\"alice\"");

        // The session stays logged in across requests.
        driver.navigate().refresh();
        assertThat(driver.findElement(By.id("user")).getText()).isEqualTo("alice");
        assertThat(views()).isEqualTo(2);
    }

    @Test
    void logout_submittingTheLogoutForm_clearsTheCookieAndShowsAFreshAnonymousPage() throws Exception {
        ExampleApp app = startApp();
        driver.get(url(app, "/"));
        submit("login", "bob");
        assertThat(driver.findElement(By.id("user")).getText()).isEqualTo("bob");
        driver.navigate().refresh();
        assertThat(views()).isEqualTo(2);
        String loggedIn = sessionCookie().getValue();
        networkEvents(); // drains the log: only what follows counts

        submit("logout", null);

        // POST /logout answers 303 to /, and the browser follows it: the home page, nobody logged in,
        // a count from 1, in a new session with a new cookie.
        assertThat(driver.getCurrentUrl()).isEqualTo(url(app, "/"));
        assertThat(driver.findElements(By.id("user"))).isEmpty();
        assertThat(driver.findElement(By.id("anonymous")).getText()).isEqualTo("Not logged in.");
        assertThat(views()).isEqualTo(1);
        assertThat(sessionCookie().getValue()).isNotEqualTo(loggedIn);

        // In between, as the browser's network log shows: the answer to POST /logout expired the
        // cookie, the browser accepted that, and it followed the redirect without any session cookie.
        List<Map<String, Object>> events = networkEvents();
        String requestId = events.stream()
                .filter(e -> "Network.requestWillBeSent".equals(e.get("method")))
                .map(BrowserSessionTest::params)
                .filter(p -> "POST".equals(map(p.get("request")).get("method"))
                        && url(app, "/logout").equals(map(p.get("request")).get("url")))
                .map(p -> (String) p.get("requestId"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no POST /logout in the browser's network log"));
        Map<String, Object> logoutResponse = extraInfo(events, "Network.responseReceivedExtraInfo", requestId).stream()
                .filter(p -> ((Number) p.get("statusCode")).intValue() == 303)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no 303 answer to POST /logout in the network log"));
        assertThat(header(logoutResponse, "Set-Cookie")).as("Set-Cookie of the answer to POST /logout")
                .startsWith(COOKIE + "=;").contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT").contains("HttpOnly");
        assertThat((List<?>) logoutResponse.get("blockedCookies")).as("cookies the browser refused").isEmpty();
        List<Map<String, Object>> sent = extraInfo(events, "Network.requestWillBeSentExtraInfo", requestId);
        assertThat(sent).as("requests sent for the form submission: POST /logout, then GET / (the redirect)").hasSize(2);
        assertThat(header(sent.get(0), "Cookie")).as("Cookie header of POST /logout").contains(COOKIE + "=" + loggedIn);
        assertThat(header(sent.get(1), "Cookie")).as("Cookie header of the redirected GET /").doesNotContain(COOKIE);

        // The logged-in session is gone from the store too: its cookie, sent again, names nothing.
        assertThat(readWithCookie(app, loggedIn)).as("/read with the logged-in cookie after logout").isEqualTo("{}");
    }

    @Test
    void logout_formPostedWithoutFollowingTheRedirect_leavesNoSessionCookie() throws Exception {
        ExampleApp app = startApp("--same-site", "strict");
        driver.get(url(app, "/"));
        submit("login", "carol");
        assertThat(driver.findElement(By.id("user")).getText()).isEqualTo("carol");
        String loggedIn = sessionCookie().getValue();

        // The logout form's own request (its action, method and fields), posted by script with
        // redirect: 'manual': the browser applies the answer's Set-Cookie but does not go on to load /,
        // which would start a new anonymous session at once. So what is left is what logout leaves.
        Object outcome = driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "const form = document.getElementById('logout');"
                        + "fetch(form.action, {method: form.method, body: new URLSearchParams(new FormData(form)),"
                        + " credentials: 'same-origin', redirect: 'manual'})"
                        + ".then(r => done(r.type), e => done('failed: ' + e));");
        assertThat(outcome).as("the answer to POST /logout (a redirect, not followed)").isEqualTo("opaqueredirect");

        assertThat(driver.manage().getCookieNamed(COOKIE)).as("the session cookie after logout").isNull();
        assertThat(allCookies()).as("the browser's whole cookie jar after logout").isEmpty();

        driver.navigate().refresh();
        assertThat(driver.findElements(By.id("user"))).isEmpty();
        assertThat(views()).as("the count in the new session").isEqualTo(1);
        assertThat(sessionCookie().getValue()).isNotEqualTo(loggedIn);
    }

    // ---- 4. restarts ----

    @Test
    void restart_fileStore_keepsTheSessionAndItsCookie(@TempDir Path sessions) throws Exception {
        ExampleApp first = startApp("--store", "file:" + sessions);
        int port = first.port();
        driver.get(url(first, "/"));
        driver.navigate().refresh();
        assertThat(views()).isEqualTo(2);
        String cookie = sessionCookie().getValue();
        assertThat(sessionFiles(sessions)).as("session files (*.json) in " + sessions).hasSize(1);

        stop(first);
        ExampleApp second = startApp("--store", "file:" + sessions, "--port", Integer.toString(port));
        assertThat(second).isNotSameAs(first);
        assertThat(second.port()).isEqualTo(port);

        driver.navigate().refresh();
        assertThat(views()).as("the view count after the restart").isEqualTo(3);
        assertThat(sessionCookie().getValue()).as("the cookie after the restart").isEqualTo(cookie);
    }

    /** The control for the test above: the restart is real, and without a persistent store the session is lost. */
    @Test
    void restart_memoryStore_losesTheSession() throws Exception {
        ExampleApp first = startApp();
        int port = first.port();
        driver.get(url(first, "/"));
        driver.navigate().refresh();
        assertThat(views()).isEqualTo(2);
        String cookie = sessionCookie().getValue();

        stop(first);
        startApp("--port", Integer.toString(port));

        driver.navigate().refresh();
        assertThat(views()).as("the view count after restarting a memory-store app").isEqualTo(1);
        assertThat(sessionCookie().getValue()).as("a new session, so a new cookie").isNotEqualTo(cookie);
    }

    // ---- helpers ----

    /**
     * Starts the app on a free port of 127.0.0.1 with a memory store and this class's secret; later
     * flags override those defaults (the last value of a flag wins). Stopped after the test.
     */
    private ExampleApp startApp(String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--host", "127.0.0.1", "--port", "0", "--secret", SECRET, "--store", "memory"));
        args.addAll(Arrays.asList(flags));
        // No environment: SOJOURN_* variables of whoever runs the build must not change the app.
        ExampleApp app = ExampleApp.start(ExampleConfig.parse(args, Map.of()));
        running.add(app);
        return app;
    }

    private void stop(ExampleApp app) {
        running.remove(app);
        app.close();
    }

    private static String url(ExampleApp app, String path) {
        URI base = app.uri();
        return base.resolve(path).toString();
    }

    /** Waits up to {@link #WAIT}, looking every 50 ms (WebDriverWait's default is every 500 ms). */
    private static WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(50));
    }

    /** The view count the home page shows. */
    private static long views() {
        String text = waiting()
                .until(ExpectedConditions.presenceOfElementLocated(By.id("views")))
                .getText();
        assertThat(text).as("the view count on " + driver.getCurrentUrl()).matches("\\d+");
        return Long.parseLong(text);
    }

    private static Cookie sessionCookie() {
        Cookie cookie = driver.manage().getCookieNamed(COOKIE);
        assertThat(cookie).as("the browser's " + COOKIE + " cookie on " + driver.getCurrentUrl()).isNotNull();
        return cookie;
    }

    /** {@code <id>} of the cookie value {@code s%3A<id>.<signature>}. */
    private static String sessionId(Cookie cookie) {
        String value = URLDecoder.decode(cookie.getValue(), StandardCharsets.UTF_8);
        assertThat(value).startsWith("s:").contains(".");
        return value.substring(2, value.lastIndexOf('.'));
    }

    /** Fills and submits one of the home page's forms ({@code login} or {@code logout}) and waits for the next page. */
    private static void submit(String formId, String user) {
        WebElement form = driver.findElement(By.id(formId));
        if (user != null) {
            WebElement field = form.findElement(By.name("user"));
            field.clear();
            field.sendKeys(user);
        }
        WebElement page = driver.findElement(By.tagName("html"));
        form.findElement(By.cssSelector("button[type=submit]")).click();
        waiting().until(ExpectedConditions.stalenessOf(page));
        waiting().until(d -> "complete".equals(
                ((ChromeDriver) d).executeScript("return document.readyState")));
    }

    /** Every cookie of the browser's profile, whatever its host, as DevTools reports them. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> allCookies() {
        Map<String, Object> result = driver.executeCdpCommand("Network.getAllCookies", Map.of());
        return (List<Map<String, Object>>) result.get("cookies");
    }

    /**
     * {@code GET /read} from outside the browser (the JDK's HTTP client) with this session cookie:
     * what the server holds for it, {@code {}} when it names no session.
     */
    private static String readWithCookie(ExampleApp app, String cookieValue) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(app.uri().resolve("/read"))
                .header("Cookie", COOKIE + "=" + cookieValue)
                .timeout(WAIT)
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("status of GET /read").isEqualTo(200);
        return response.body();
    }

    /**
     * The browser's DevTools network events ({@code {"method": "Network.…", "params": {…}}}) since
     * the last call, from ChromeDriver's performance log.
     */
    private static List<Map<String, Object>> networkEvents() {
        List<Map<String, Object>> events = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            Map<?, ?> logged = JSON.toType(entry.getMessage(), Map.class);
            Map<String, Object> message = map(logged.get("message"));
            if (String.valueOf(message.get("method")).startsWith("Network.")) {
                events.add(message);
            }
        }
        return events;
    }

    /** The params of the events {@code method} about {@code requestId}, in the order they happened. */
    private static List<Map<String, Object>> extraInfo(List<Map<String, Object>> events, String method, String requestId) {
        return events.stream()
                .filter(e -> method.equals(e.get("method")))
                .map(BrowserSessionTest::params)
                .filter(p -> requestId.equals(p.get("requestId")))
                .toList();
    }

    private static Map<String, Object> params(Map<String, Object> event) {
        return map(event.get("params"));
    }

    /** A header of a DevTools request or response ({@code ""} when absent); several values are joined by newlines. */
    private static String header(Map<String, Object> params, String name) {
        return map(params.get("headers")).entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(h -> String.valueOf(h.getValue()))
                .findFirst()
                .orElse("");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static List<Path> sessionFiles(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
        }
    }
}
