package dev.platte.admin.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.platte.support.ApiFixture;
import dev.platte.support.HeadlessChromium;
import dev.platte.support.IntegrationTest;
import dev.platte.support.ServerTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In a real headless Chromium: a group's enrollment block loads into its page, and its copy button puts the
 * update.conf on the clipboard; the Reboots page lists a reboot group with its holder. Screenshots go to
 * target/screenshots.
 */
class EnrollmentBrowserTests extends ServerTest {

    private static final Path SCREENSHOTS = HeadlessChromium.SCREENSHOTS;

    private ChromeDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        browser = HeadlessChromium.start();
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void copiesTheGroupsUpdateConfToTheClipboard() throws Exception {
        var release = fixture.release("5000.0.0");
        signIn();
        browser.setPermission("clipboard-read", "granted");
        browser.setPermission("clipboard-write", "granted");

        open("/apps/" + release.appId() + "/groups/" + release.groupId());
        waitFor(By.id("enroll-update-conf"));
        var conf = browser.findElement(By.id("enroll-update-conf")).getText();
        assertThat(conf).contains("SERVER=http://localhost:" + port + "/v1/update/", "GROUP=" + release.track());
        ((JavascriptExecutor) browser).executeScript("document.getElementById('enrollment').scrollIntoView()");
        screenshot("group-enrollment");

        browser.findElement(By.cssSelector("[data-copy='#enroll-update-conf']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(
                By.cssSelector("[data-copy='#enroll-update-conf']"), "Copied"));
        var clipboard = (String) ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('error: ' + e));");
        assertThat(clipboard).isEqualTo("SERVER=http://localhost:" + port + "/v1/update/\nGROUP=" + release.track() + "\n");
    }

    @Test
    void listsRebootGroupsWithTheirHolders() throws Exception {
        var group = ApiFixture.unique("rg");
        var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/fleetlock/v1/pre-reboot"))
                .header("fleet-lock-protocol", "true")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_params\":{\"id\":\"node-7\",\"group\":\"" + group + "\"}}"))
                .build(), BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        signIn();

        open("/reboot-groups?name=" + group);
        waitFor(By.id("group-" + group));

        assertThat(browser.findElement(By.id("group-" + group)).getText())
                .contains("1 of 1 slot(s) in use").contains("node-7").contains("Release");
        screenshot("reboot-groups");
    }

    private void signIn() {
        open("/login");
        browser.findElement(By.id("username")).sendKeys(IntegrationTest.ADMIN);
        browser.findElement(By.id("password")).sendKeys(IntegrationTest.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    private void waitFor(By locator) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
