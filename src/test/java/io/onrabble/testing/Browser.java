package io.onrabble.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;


/**
 * Debian's headless Chromium driven by Debian's chromedriver (no browser download), with a fresh
 * profile per instance, plus what the web app tests need: waiting for elements, screenshots under
 * {@code target/screenshots/}, and axe-core (from its WebJar) for accessibility checks.
 */
public final class Browser implements AutoCloseable {
    public static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String AXE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A new browser window of the given size (CSS pixels). */
    public static Browser open(int width, int height) {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("Debian's chromium and chromium-driver are needed: apt-get install chromium chromium-driver");
        }
        try {
            var profile = Files.createTempDirectory("onrabble-chromium");
            var options = new ChromeOptions()
                    .setBinary(CHROMIUM)
                    .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile,
                            "--window-size=" + width + "," + height);
            options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
            var service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
            var driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(new Dimension(width, height));
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void get(String url) {
        driver.get(url);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until an element matching {@code css} is displayed, and returns it. */
    public WebElement shown(String css) {
        org.awaitility.Awaitility.await().atMost(PATIENCE).ignoreExceptions().until(() -> find(css).isDisplayed());
        return find(css);
    }

    /** The visible text of the first element matching {@code css}, or "" when there is none. */
    public String text(String css) {
        var found = all(css);
        return found.isEmpty() ? "" : found.getFirst().getText();
    }

    public void click(String css) {
        shown(css).click();
    }

    public void type(String css, String text) {
        var field = shown(css);
        field.clear();
        field.sendKeys(text);
    }

    public Object script(String javascript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javascript, args);
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves a PNG of the viewport as {@code target/screenshots/<name>.png} (a test artifact). */
    public Path screenshot(String name) {
        try {
            var dir = Files.createDirectories(Path.of("target", "screenshots"));
            var file = dir.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs axe-core on the current page; returns the serious and critical violations, one line each. */
    public List<String> seriousAccessibilityViolations() {
        try (var in = Browser.class.getClassLoader().getResourceAsStream(AXE)) {
            if (in == null) {
                throw new IllegalStateException(AXE + " is not on the test class path");
            }
            script(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var json = (String) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, { resultTypes: ['violations'] }).then(r => done(JSON.stringify(r.violations)),"
                        + " e => done(JSON.stringify([{ impact: 'critical', id: 'axe-failed', help: String(e), nodes: [] }])));");
        try {
            var found = new ArrayList<String>();
            for (JsonNode violation : JSON.readTree(json)) {
                var impact = violation.path("impact").asText();
                if (impact.equals("serious") || impact.equals("critical")) {
                    var targets = new ArrayList<String>();
                    violation.path("nodes").forEach(node -> targets.add(node.path("target").toString()));
                    found.add(impact + " " + violation.path("id").asText() + ": " + violation.path("help").asText() + " " + targets);
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Messages the page logged as errors (CSP refusals, script errors). */
    public List<String> consoleErrors() {
        var errors = new ArrayList<String>();
        for (var entry : driver.manage().logs().get("browser")) {
            if (entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> paths = Files.walk(profile)) {
                for (var p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException ignored) {
                // a profile file Chromium still held is left in the temp directory
            }
        }
    }
}
