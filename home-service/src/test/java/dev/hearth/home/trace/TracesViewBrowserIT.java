package dev.hearth.home.trace;

import static dev.hearth.home.testing.Http.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.testing.HearthApp;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The traces page in a real headless Chromium (Debian's {@code chromium} and {@code chromedriver}, which
 * {@code .ci/run} installs; nothing is downloaded): it draws the hanging banners call as an orange TIMEOUT bar that
 * ends at its deadline marker. The screenshot goes to {@code target/waterfall.png}; with
 * {@code -Dhearth.docs.screenshot=true} also to {@code docs/waterfall.png}, the README's picture.
 */
class TracesViewBrowserIT {
    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig();
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where one pixel is rounding: a bar and its deadline marker may differ by that much. */
    static final double PIXEL_SLACK = 3;

    @AfterEach
    void resetSandbox() {
        APP.sandboxReset();
    }

    @Test
    void theWaterfallDrawsTheHangingBannersCallAsATimeoutCutAtItsDeadline(@TempDir Path profile) throws IOException {
        requireChromium();
        APP.sandboxFault("cardDetails", "errorRate", "1");
        String requestId = TracesIT.hangingBannersRequest(APP);
        String page = APP.admin() + "/traces/view?id="
                + URLEncoder.encode(requestId, StandardCharsets.UTF_8);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver browser = new ChromeDriver(service, options(profile));
        try {
            browser.get(page);
            new WebDriverWait(browser, Duration.ofSeconds(15)).until(
                    b -> "true".equals(b.findElement(By.id("detail")).getDomAttribute("data-rendered")));

            assertThat(browser.findElement(By.id("detail")).getDomAttribute("data-request-id")).isEqualTo(requestId);
            WebElement banners = browser.findElement(By.cssSelector(".bar[data-port='banners']"));
            assertThat(banners.getDomAttribute("data-outcome")).isEqualTo("TIMEOUT");
            assertThat(banners.getCssValue("background-color")).as("orange").isEqualTo("rgba(240, 140, 0, 1)");
            WebElement deadline = banners.findElement(By.xpath("following-sibling::div[contains(@class, 'deadline')]"));
            Rectangle bar = banners.getRect();
            double barEnd = bar.getX() + bar.getWidth();
            assertThat(barEnd).as("the bar ends at its deadline marker").isCloseTo(deadline.getRect().getX(),
                    org.assertj.core.data.Offset.offset(PIXEL_SLACK + pixels(browser, banners)));
            assertThat(browser.findElement(By.cssSelector(".bar[data-port='profile']")).getCssValue("background-color"))
                    .as("green").isEqualTo("rgba(47, 158, 68, 1)");
            assertThat(browser.findElement(By.cssSelector(".bar[data-port='cardDetails']")).getCssValue("background-color"))
                    .as("red").isEqualTo("rgba(224, 49, 49, 1)");
            assertThat(browser.findElements(By.cssSelector(".bar"))).hasSizeGreaterThanOrEqualTo(10);

            byte[] png = browser.getScreenshotAs(OutputType.BYTES);
            save(png, Path.of("target", "waterfall.png"));
            if (Boolean.getBoolean("hearth.docs.screenshot")) {
                save(png, Path.of("..", "docs", "waterfall.png"));
            }
        } finally {
            browser.quit();
            service.stop();
        }
    }

    @Test
    void thePageFiltersByScreenStatusAndRequestIdShowsTheTraceIdAndListsTimesInUtc(@TempDir Path profile) {
        requireChromium();
        String requestId = TracesIT.hangingBannersRequest(APP);
        JsonNode trace = body(APP.adminGet("/traces/" + requestId), 200);
        String page = APP.admin() + "/traces/view?screen=home&status=degraded&requestId="
                + URLEncoder.encode(requestId, StandardCharsets.UTF_8);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of("TZ", "Asia/Tokyo")) // a browser far from UTC: the page must not care
                .build();
        ChromeDriver browser = new ChromeDriver(service, options(profile));
        try {
            browser.get(page);
            new WebDriverWait(browser, Duration.ofSeconds(15)).until(
                    b -> "true".equals(b.findElement(By.id("detail")).getDomAttribute("data-rendered")));

            List<WebElement> rows = browser.findElements(By.cssSelector("tr.trace"));
            assertThat(rows).as("only the request the filters name").hasSize(1);
            assertThat(rows.getFirst().getDomAttribute("data-request-id")).isEqualTo(requestId);
            assertThat(rows.getFirst().getDomAttribute("data-status")).isEqualTo("degraded");
            String utc = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC)
                    .format(Instant.parse(trace.get("start").asText()));
            assertThat(rows.getFirst().findElement(By.cssSelector("td.time")).getText()).isEqualTo(utc);
            assertThat(browser.findElement(By.cssSelector("#trace-id code")).getText())
                    .isEqualTo(trace.get("traceId").asText()).matches("[0-9a-f]{32}");
            assertThat(browser.findElement(By.id("summary")).getText()).contains(" UTC");
            assertThat(browser.findElement(By.id("filter-status")).getDomProperty("value")).isEqualTo("degraded");

            WebElement status = browser.findElement(By.id("filter-status"));
            new org.openqa.selenium.support.ui.Select(status).selectByValue("complete");
            browser.findElement(By.id("refresh")).click();
            new WebDriverWait(browser, Duration.ofSeconds(15)).until(b -> b.findElements(By.cssSelector("tr.trace"))
                    .isEmpty());
            assertThat(browser.getCurrentUrl()).contains("status=complete");
        } finally {
            browser.quit();
            service.stop();
        }
    }

    /**
     * How many pixels the engine's reporting slack ({@link TracesIT#DEADLINE_SLACK_MS}) is on this page's time axis:
     * a call is reported a scheduler hop after its deadline, so its bar may reach that much past the marker.
     */
    private static double pixels(ChromeDriver browser, WebElement bar) {
        double endMs = Double.parseDouble(bar.getDomAttribute("data-end-ms"));
        double deadlineMs = Double.parseDouble(bar.getDomAttribute("data-deadline-ms"));
        double trackWidth = ((Number) browser.executeScript(
                "return arguments[0].parentElement.getBoundingClientRect().width", bar)).doubleValue();
        double barWidth = bar.getRect().getWidth();
        double startMs = Double.parseDouble(bar.getDomAttribute("data-start-ms"));
        double pxPerMs = barWidth / Math.max(0.1, endMs - startMs);
        assertThat(trackWidth).isPositive();
        return Math.abs(endMs - deadlineMs) * pxPerMs;
    }

    private static ChromeOptions options(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Headless as root on a machine with a closed network: no sandbox, no GPU, nothing that phones home.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1400,820", "--hide-scrollbars");
        return options;
    }

    /** In CI the browser is part of the build's contract: its absence fails. On a developer machine it skips. */
    private static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (present) {
            return;
        }
        String missing = CHROMIUM + " and " + CHROMEDRIVER + " are needed (Debian: apt-get install chromium chromium-driver)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but " + missing + "; .ci/run installs them before Maven runs");
        }
        Assumptions.abort("skipped: " + missing);
    }

    private static void save(byte[] png, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, png);
    }
}
