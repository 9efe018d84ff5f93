package dev.sojourn.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Chromium driven by ChromeDriver, both the system's own (Debian's {@code chromium} and
 * {@code chromium-driver}, installed by {@code .ci/install-chromium.sh}), with a fresh profile that is
 * deleted on {@link #close()}.
 *
 * <p>Both executables are named explicitly, so Selenium Manager (which would try to download a browser
 * and a driver) is never run. Missing executables fail the tests with a message saying what to install;
 * they are never a reason to skip.
 */
final class Chromium implements AutoCloseable {
    /** Overrides {@link #DEFAULT_BROWSER}, e.g. {@code -Dsojourn.browser.chromium=/opt/chromium/chrome}. */
    static final String BROWSER_PROPERTY = "sojourn.browser.chromium";
    /** Overrides {@link #DEFAULT_DRIVER}. */
    static final String DRIVER_PROPERTY = "sojourn.browser.chromedriver";
    static final String DEFAULT_BROWSER = "/usr/bin/chromium";
    static final String DEFAULT_DRIVER = "/usr/bin/chromedriver";

    /**
     * Selenium looks for a DevTools binding matching the browser's major version (a
     * selenium-devtools-vNNN jar) and warns when there is none. None is needed: the tests send their
     * few DevTools commands through ChromeDriver ({@code executeCdpCommand}), which works for every
     * version. Held here so the setting is not garbage-collected with the logger.
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Starts the browser.
     *
     * @param logDirectory where ChromeDriver writes {@code chromedriver.log}
     * @throws IllegalStateException naming the missing executable and how to install it
     */
    static Chromium start(Path logDirectory) throws IOException {
        Path browser = executable(BROWSER_PROPERTY, DEFAULT_BROWSER);
        Path chromedriver = executable(DRIVER_PROPERTY, DEFAULT_DRIVER);
        // Selenium consults this property before ever considering Selenium Manager; the service below
        // names the driver too.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver.toString());

        Path profile = Files.createTempDirectory("sojourn-chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--disable-extensions",
                "--window-size=1024,768",
                "--user-data-dir=" + profile);
        // ChromeDriver's performance log carries the browser's network events (response headers as
        // the browser saw them), used to check what the server sent.
        options.setCapability("goog:loggingPrefs", Map.of("performance", "ALL"));
        options.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));

        Files.createDirectories(logDirectory);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogFile(logDirectory.resolve("chromedriver.log").toFile())
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
            return new Chromium(driver, profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw new IllegalStateException("could not start " + browser + " with " + chromedriver + ": " + e.getMessage(), e);
        }
    }

    private static Path executable(String property, String fallback) {
        Path path = Path.of(System.getProperty(property, fallback));
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is missing or not executable: the browser tests need Debian's "
                    + "chromium and chromium-driver packages (run .ci/install-chromium.sh as root, or "
                    + "apt-get install chromium chromium-driver), or -D" + property + "=<path>");
        }
        return path;
    }

    ChromeDriver driver() {
        return driver;
    }

    /** E.g. "chrome 156.0.8078.108 / ChromeDriver 156.0.8078.108 (…)", for the test output. */
    String versions() {
        Map<?, ?> chrome = (Map<?, ?>) driver.getCapabilities().getCapability("chrome");
        Object driverVersion = chrome == null ? "?" : chrome.get("chromedriverVersion");
        return driver.getCapabilities().getBrowserName() + " " + driver.getCapabilities().getBrowserVersion()
                + " / ChromeDriver " + driverVersion;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    /**
     * Deletes a directory tree, trying again for about a second while a helper process of the browser
     * may still be exiting; what cannot be deleted is reported, not thrown (it is only a temp dir).
     */
    static void deleteTree(Path root) {
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException | UncheckedIOException e) {
                // a file vanished or appeared while walking: try again
            }
            if (!Files.exists(root)) {
                return;
            }
            if (attempt == 10) {
                System.err.println("Could not delete the browser profile " + root);
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
