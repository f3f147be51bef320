package dev.platte.admin.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.platte.support.ApiFixture;
import dev.platte.support.HeadlessChromium;
import dev.platte.support.OmahaRequests;
import dev.platte.support.ServerTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver, which .ci/run
 * installs): an SRE signs in, opens a group with data, pauses it with a reason, sees the reason, and
 * resumes it; a viewer sees no controls. Screenshots go to target/screenshots.
 */
class DashboardBrowserTests extends ServerTest {

    private static final Path SCREENSHOTS = HeadlessChromium.SCREENSHOTS;

    private WebDriver browser;
    private ApiFixture.Release release;

    @BeforeEach
    void startBrowser() throws IOException {
        browser = HeadlessChromium.start();
        release = rolloutWithData();
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void letsAnSrePauseARolloutWithAReasonAndResumeIt() throws IOException {
        signIn("admin", dev.platte.support.IntegrationTest.PASSWORD);
        screenshot("overview");

        open("/apps/" + release.appId() + "/groups/" + release.groupId());
        waitFor(By.id("rollout-state"));
        assertThat(text(By.id("rollout-state"))).contains("Rolling out 2.0.0").contains("1 of 4 updated");
        screenshot("group");

        browser.findElement(By.id("pause-reason")).sendKeys("kernel panic on r5 instances");
        browser.findElement(By.id("pause")).click();
        waitFor(By.id("resume-form"));

        assertThat(text(By.id("rollout-state")))
                .contains("paused by admin")
                .contains("kernel panic on r5 instances");
        screenshot("group-paused");

        browser.findElement(By.id("resume-reason")).sendKeys("fixed in the new kernel");
        browser.findElement(By.id("resume")).click();
        waitFor(By.id("pause-form"));
        assertThat(text(By.id("rollout-state"))).doesNotContain("paused");
        screenshot("group-resumed");

        open("/apps/" + release.appId());
        screenshot("application");
        open("/instances?app=" + release.appId());
        screenshot("instances");
        open("/activity");
        assertThat(browser.getPageSource()).contains("kernel panic on r5 instances");
        screenshot("activity");
        open("/audit");
        screenshot("audit");
    }

    @Test
    void showsAViewerNoWriteControls() throws IOException {
        var viewer = ApiFixture.unique("viewer");
        client.ok("POST", "/api/v1/users", Map.of("username", viewer, "password", "viewer-password-1", "role", "viewer"));
        signIn(viewer, "viewer-password-1");

        open("/apps/" + release.appId() + "/groups/" + release.groupId());
        waitFor(By.id("rollout-state"));

        assertThat(browser.findElements(By.id("pause-form"))).isEmpty();
        assertThat(browser.findElements(By.id("controls"))).isEmpty();
        assertThat(browser.findElements(By.linkText("Audit"))).isEmpty();
        browser.manage().window().setSize(new Dimension(390, 1400));
        screenshot("group-viewer-phone");
    }

    private ApiFixture.Release rolloutWithData() {
        var rollout = fixture.release("2.0.0");
        for (int i = 0; i < 3; i++) {
            client.check(OmahaRequests.flatcarNode(rollout.appId(), ApiFixture.machineId(), rollout.track())
                    .check("1.0.0", ""));
        }
        var done = OmahaRequests.flatcarNode(rollout.appId(), ApiFixture.machineId(), rollout.track());
        client.check(done.check("1.0.0", ""));
        client.check(done.check("2.0.0", "1.0.0"));
        return rollout;
    }

    private void signIn(String user, String password) {
        open("/login");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.not(
                ExpectedConditions.urlContains("/login")));
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    private void waitFor(By locator) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    private String text(By locator) {
        return browser.findElement(locator).getText();
    }

    private void screenshot(String name) throws IOException {
        var png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }
}
