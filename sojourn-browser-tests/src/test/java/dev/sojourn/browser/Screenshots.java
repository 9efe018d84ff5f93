package dev.sojourn.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * Saves a PNG of the browser window after every test, passed or failed, as
 * {@code target/browser-screenshots/<Class>.<method>[<invocation>].png}. It runs before
 * {@code @AfterEach}, so the picture shows the page as the test left it, with the app still running.
 * A screenshot that cannot be taken or saved fails the test.
 */
final class Screenshots implements AfterTestExecutionCallback {
    private final Supplier<WebDriver> driver;
    private final Path directory;

    Screenshots(Supplier<WebDriver> driver, Path directory) {
        this.driver = driver;
        this.directory = directory;
    }

    /** {@code <module>/target/browser-screenshots} (Surefire sets {@code basedir}). */
    static Path defaultDirectory() {
        return Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("browser-screenshots");
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws IOException {
        WebDriver browser = driver.get();
        if (browser == null) {
            return; // the browser never started; the test already failed saying why
        }
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(directory);
        Path file = directory.resolve(fileName(context));
        Files.write(file, png);
        context.publishReportEntry("screenshot", file.toString());
    }

    static String fileName(ExtensionContext context) {
        String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        String display = context.getDisplayName();
        if (display.startsWith("[")) { // a parameterized invocation: "[1] strict"
            name += "-" + display;
        }
        return name.replaceAll("[^A-Za-z0-9._-]+", "_") + ".png";
    }
}
