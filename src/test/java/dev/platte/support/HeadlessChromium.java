package dev.platte.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven headless, for the browser tests. In CI ({@code CI=true}) a missing browser fails the
 * test, since .ci/run installs it; elsewhere the test is skipped.
 */
public final class HeadlessChromium {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    public static ChromeDriver start() throws IOException {
        var installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI must install Debian's chromium and chromium-driver for the browser tests (.ci/run does)");
        }
        assumeTrue(installed, "install Debian's chromium and chromium-driver to run browser tests (.ci/run does)");
        Files.createDirectories(SCREENSHOTS);
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without the background-networking flags Chromium keeps calling out, and this network refuses it.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1600");
        var browser = new ChromeDriver(
                new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return browser;
    }
}
