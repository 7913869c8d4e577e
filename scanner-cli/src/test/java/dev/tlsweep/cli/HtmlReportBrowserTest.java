package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.LabServer;
import dev.tlsweep.lab.TestPki;
import dev.tlsweep.lab.TlsProvider;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The HTML report of a real lab sweep ({@code scan --html}), opened from {@code file://} in headless Chromium
 * (Debian's chromium and chromium-driver) through WebDriver: every endpoint is in the table, the findings are
 * there, filter and sort work with the keyboard too, the chain is a tree, and a certificate whose subject holds
 * {@code <script>} shows as text and runs nothing. The screenshot is kept in target/html-report/.
 */
class HtmlReportBrowserTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");
    private static final String HOSTILE_CN = "<script>window.pwned=1</script><img src=x onerror=alert(2)>";

    @TempDir
    static Path dir;

    private static Path html;
    private static String scriptTarget;
    private static String legacyTarget;
    private static String refusedTarget;
    private static WebDriver browser;

    @BeforeAll
    static void sweepTheLabAndOpenTheReport() throws Exception {
        assumeTrue(CHROMIUM.canExecute(), "chromium is not installed (.ci/run installs it)");
        assumeTrue(DRIVER.canExecute(), "chromium-driver is not installed (.ci/run installs it)");
        TestPki pki = TestPki.create();
        IssuedCertificate hostile = pki.leaf("localhost", "127.0.0.1").commonName(HOSTILE_CN).issue();
        IssuedCertificate plain = pki.leaf("localhost", "127.0.0.1").issue();
        Path root = pki.writeRoot(dir.resolve("root.pem"));
        html = dir.resolve("report.html");
        int refused;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = s.getLocalPort();
        }
        try (LabServer script = LabServer.builder().provider(TlsProvider.BORINGSSL).protocols("TLSv1.2", "TLSv1.3")
                .certificate(hostile).start();
                CannedResponder legacy = CannedResponder.builder().version(0x0301, 0xC013, 0x000A)
                        .version(0x0303, 0xC02F, 0x000A).serverPreference(true).certificateChain(der(plain.fullChain()))
                        .start()) {
            scriptTarget = "127.0.0.1:" + script.port();
            legacyTarget = "127.0.0.1:" + legacy.port();
            refusedTarget = "127.0.0.1:" + refused;
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "scan",
                    scriptTarget + " sni=localhost", legacyTarget + " sni=localhost", refusedTarget,
                    "--html", html.toString(), "--ca-file", root.toString(), "--no-aia", "--timeout", "2",
                    "--protocols", "tls1.0,tls1.1,tls1.2,tls1.3", "--no-progress");
            assertThat(code).as(err.toString()).isEqualTo(Main.UNSCANNED); // the refused port
        }
        assertThat(Files.readString(html)).doesNotContain(HOSTILE_CN).doesNotContain("<script>window");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1300,2200", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.get(html.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> "true".equals(
                d.findElement(By.tagName("html")).getAttribute("data-ready")));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static List<WebElement> visibleRows() {
        List<WebElement> out = new ArrayList<>();
        for (WebElement tr : browser.findElements(By.cssSelector("#table tbody tr"))) {
            if (tr.isDisplayed()) {
                out.add(tr);
            }
        }
        return out;
    }

    private static List<String> visibleTargets() {
        return visibleRows().stream().map(tr -> tr.findElement(By.cssSelector("button.target")).getText()).toList();
    }

    @Test
    void everyEndpointIsInTheTableWithItsFindings() {
        assertThat(visibleTargets()).containsExactlyInAnyOrder(scriptTarget + " sni=localhost",
                legacyTarget + " sni=localhost", refusedTarget);
        assertThat(browser.findElement(By.id("count")).getText()).isEqualTo("Showing 3 of 3 endpoints");
        WebElement legacy = row(legacyTarget);
        assertThat(legacy.getText()).contains("1.0").contains("1.2").contains("MEDIUM");
        assertThat(row(refusedTarget).getText()).contains("refused");
        assertThat(browser.findElement(By.id("chart-status")).getText()).contains("refused").contains("1 (33%)");
        assertThat(browser.findElement(By.id("chart-weak")).getText()).contains("CIPHER_3DES");
    }

    @Test
    void theFilterNarrowsTheTableAndClearsAgain() {
        WebElement q = browser.findElement(By.id("q"));
        q.sendKeys("cipher_3des");
        assertThat(visibleTargets()).containsExactly(legacyTarget + " sni=localhost");
        browser.findElement(By.id("f-clear")).click();
        new Select(browser.findElement(By.id("f-status"))).selectByVisibleText("refused");
        assertThat(visibleTargets()).containsExactly(refusedTarget);
        new Select(browser.findElement(By.id("f-status"))).selectByIndex(0);
        new Select(browser.findElement(By.id("f-version"))).selectByVisibleText("TLSv1.0");
        assertThat(visibleTargets()).containsExactly(legacyTarget + " sni=localhost");
        assertThat(browser.findElement(By.id("count")).getText()).isEqualTo("Showing 1 of 3 endpoints");
        browser.findElement(By.id("f-clear")).click();
        assertThat(visibleRows()).hasSize(3);
    }

    @Test
    void sortingByAHeaderOrdersTheRowsAndSaysSo() {
        WebElement byTarget = browser.findElement(By.cssSelector("button[data-sort=target]"));
        byTarget.click();
        List<String> up = visibleTargets();
        assertThat(up).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
        assertThat(byTarget.findElement(By.xpath("..")).getAttribute("aria-sort")).isEqualTo("ascending");
        byTarget.sendKeys(Keys.ENTER); // the keyboard works as the mouse does
        List<String> down = new ArrayList<>(up);
        java.util.Collections.reverse(down);
        assertThat(visibleTargets()).isEqualTo(down);
        assertThat(byTarget.findElement(By.xpath("..")).getAttribute("aria-sort")).isEqualTo("descending");
        browser.findElement(By.cssSelector("button[data-sort=worst]")).click();
        assertThat(visibleTargets().get(0)).isEqualTo(legacyTarget + " sni=localhost"); // medium before none
    }

    @Test
    void aHostileSubjectIsTextAndTheChainIsATree() throws Exception {
        WebElement open = row(scriptTarget).findElement(By.cssSelector("button.target"));
        open.sendKeys(Keys.ENTER);
        WebElement detail = browser.findElement(By.id("detail"));
        assertThat(detail.isDisplayed()).isTrue();
        assertThat(browser.switchTo().activeElement()).isEqualTo(detail);
        List<WebElement> items = detail.findElements(By.cssSelector("ul.tree li[role=treeitem]"));
        assertThat(items).hasSize(3); // anchor, intermediate, leaf, each under its issuer
        assertThat(items.get(0).findElement(By.cssSelector(".cert .name")).getText()).contains("CN=tlsweep lab root")
                .contains("trust anchor");
        // the subject as the report holds it (RFC 2253, so '<' is '\\<'): markup shown as text
        assertThat(items.get(2).findElement(By.cssSelector(".cert .name")).getText())
                .contains("CN=\\<script\\>window.pwned\\=1\\</script\\>\\<img src\\=x onerror\\=alert(2)\\>")
                .contains("leaf");
        assertThat(items.get(2).getAttribute("aria-level")).isEqualTo("3");
        assertThat(detail.getText()).contains("trusted, complete").contains("TLSv1.3");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertThat(js.executeScript("return window.pwned === undefined")).isEqualTo(true);
        assertThat(js.executeScript("return document.scripts.length")).isEqualTo(2L);
        assertThat(js.executeScript("return document.querySelectorAll('img').length")).isEqualTo(0L);
        Path shots = Path.of("target", "html-report");
        Files.createDirectories(shots);
        Files.write(shots.resolve("report.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        Files.copy(html, shots.resolve("report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        detail.sendKeys(Keys.ESCAPE);
        assertThat(detail.isDisplayed()).isFalse();
        assertThat(browser.switchTo().activeElement()).isEqualTo(open);
    }

    @Test
    void theLegacyEndpointsDetailListsItsFindingsWithTheirFix() {
        row(legacyTarget).findElement(By.cssSelector("button.target")).click();
        String text = browser.findElement(By.id("detail")).getText();
        assertThat(text).contains("PROTOCOL_TLS10").contains("Disable TLSv1.0").contains("CIPHER_3DES")
                .contains("TLS_RSA_WITH_3DES_EDE_CBC_SHA").contains("server order");
        browser.findElement(By.cssSelector("#detail button.close")).click();
    }

    private static WebElement row(String target) {
        for (WebElement tr : browser.findElements(By.cssSelector("#table tbody tr"))) {
            if (tr.findElement(By.cssSelector("button.target")).getText().startsWith(target)) {
                return tr;
            }
        }
        throw new AssertionError("no row for " + target);
    }

    private static List<byte[]> der(List<X509Certificate> chain) throws Exception {
        List<byte[]> out = new ArrayList<>();
        for (X509Certificate c : chain) {
            out.add(c.getEncoded());
        }
        return out;
    }
}
