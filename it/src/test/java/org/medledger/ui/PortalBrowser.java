package org.medledger.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Debian chromium, driven through Debian's chromedriver, both named by path so
 * Selenium Manager never runs (it would download a browser). Adds what the portal's tests check
 * on every page: axe-core (vendored under it/src/test/resources, injected here, never served),
 * the keyboard walk, horizontal overflow at a given width, and screenshots.
 */
final class PortalBrowser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final List<String> AXE_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
  static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

  final ChromeDriver driver;
  private final String axe;

  private PortalBrowser(ChromeDriver driver, String axe) {
    this.driver = driver;
    this.axe = axe;
  }

  static PortalBrowser start() throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("the portal's browser tests need Debian's chromium and chromedriver: "
          + "apt-get install -y chromium chromium-driver (bin/test installs them when run as root)");
    }
    // Nothing is fetched: no Selenium Manager (the driver is given), no statistics sent.
    System.setProperty("SE_AVOID_STATS", "true");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=1280,1000", "--no-first-run", "--disable-extensions", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--metrics-recording-only", "--no-default-browser-check");
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
    String axe;
    try (InputStream in = PortalBrowser.class.getResourceAsStream("/vendor/axe-core-4.11.0/axe.min.js")) {
      axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Files.createDirectories(SCREENSHOTS);
    return new PortalBrowser(driver, axe);
  }

  JavascriptExecutor js() {
    return driver;
  }

  /**
   * Does what loads the next page (a link's click, a form's submit) and returns once that page has
   * replaced this one and finished loading: on two shared cores the next page can arrive after the
   * test's next line, which then reads the old page, or an element of it that is gone by the time
   * its text is asked for.
   */
  void loadsNext(Runnable action) {
    WebElement old = driver.findElement(By.tagName("html"));
    action.run();
    new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(60))
        .until(d -> gone(old) && "complete".equals(js().executeScript("return document.readyState")));
  }

  /** Clicks what {@code target} finds and waits for the page it loads ({@link #loadsNext}). */
  void clickToLoad(By target) {
    loadsNext(() -> driver.findElement(target).click());
  }

  /** The page's visible text, read again if the page was replaced while it was being read. */
  String bodyText() {
    for (int attempt = 0; ; attempt++) {
      try {
        return driver.findElement(By.tagName("body")).getText();
      } catch (org.openqa.selenium.WebDriverException e) {
        if (!replacedMidCall(e) || attempt == 20) {
          throw e;
        }
      }
    }
  }

  private static boolean gone(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (org.openqa.selenium.WebDriverException e) {
      if (replacedMidCall(e)) {
        return true;
      }
      throw e;
    }
  }

  /**
   * True when a call on an element failed because its page was replaced while the call ran: a
   * stale element, or, as Chromium answers when the page is torn down mid-call, an "unknown error"
   * that the node "does not belong to the document".
   */
  static boolean replacedMidCall(org.openqa.selenium.WebDriverException e) {
    return e instanceof StaleElementReferenceException
        || String.valueOf(e.getMessage()).contains("does not belong to the document");
  }

  /** axe-core's violations of the WCAG 2.0/2.1/2.2 A and AA rules on the page now, each as "rule: nodes". */
  List<String> axeViolations() {
    js().executeScript(axe);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> violations = (List<Map<String, Object>>) driver.executeAsyncScript(
        "var done = arguments[arguments.length - 1];"
            + "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then(function (r) {"
            + "  done(r.violations.map(function (v) { return {id: v.id, help: v.help,"
            + "    nodes: v.nodes.map(function (n) { return n.target.join(' '); })}; }));"
            + "}, function (e) { done([{id: 'axe-error', help: String(e), nodes: []}]); });", AXE_TAGS);
    List<String> out = new ArrayList<>();
    for (Map<String, Object> v : violations) {
      out.add(v.get("id") + " (" + v.get("help") + "): " + v.get("nodes"));
    }
    return out;
  }

  /**
   * Tabs through the page from its start; each element that takes focus must be a link, button,
   * input or summary and drawn with a visible focus indicator (an outline or a box shadow). Returns
   * the problems found and how many stops were visited, until focus leaves the page or returns.
   */
  KeyboardWalk keyboardWalk() {
    @SuppressWarnings("unchecked")
    Map<String, Object> r = (Map<String, Object>) js().executeScript(
        "var all = Array.prototype.slice.call(document.querySelectorAll('a[href], button, input:not([type=hidden]),"
            + " select, textarea, summary, [tabindex]')).filter(function (e) {"
            + "  return !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0; });"
            + "return {count: all.length};");
    long count = ((Number) r.get("count")).longValue();
    List<String> problems = new ArrayList<>();
    org.openqa.selenium.interactions.Actions tab = new org.openqa.selenium.interactions.Actions(driver);
    js().executeScript("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
    int visited = 0;
    String last = "none";
    for (int i = 0; i < count; i++) {
      tab.sendKeys(org.openqa.selenium.Keys.TAB).perform();
      @SuppressWarnings("unchecked")
      Map<String, Object> f = (Map<String, Object>) js().executeScript(
          "var e = document.activeElement; if (!e || e === document.body) { return null; }"
              + "var s = getComputedStyle(e);"
              + "return {tag: e.tagName.toLowerCase(), text: (e.textContent || e.name || e.id || '').trim().slice(0, 40),"
              + "  outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,"
              + "  shadow: s.boxShadow && s.boxShadow !== 'none', visible: e.matches(':focus-visible')};");
      if (f == null) {
        problems.add("focus left the page after " + visited + " of " + count + " stops, the last " + last);
        break;
      }
      last = f.get("tag") + " '" + f.get("text") + "'";
      visited++;
      if (!Boolean.TRUE.equals(f.get("outline")) && !Boolean.TRUE.equals(f.get("shadow"))) {
        problems.add(f.get("tag") + " '" + f.get("text") + "' shows no focus indicator");
      }
    }
    return new KeyboardWalk(count, visited, problems);
  }

  record KeyboardWalk(long focusable, int visited, List<String> problems) {}

  /** The page's width beyond the viewport at {@code cssPixels} wide (0: no horizontal scroll), with a screenshot there. */
  long overflowAt(int cssPixels, String screenshotName) throws IOException {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", cssPixels, "height", 800,
        "deviceScaleFactor", 1, "mobile", true));
    try {
      driver.navigate().refresh();
      long overflow = ((Number) js().executeScript(
          "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth;"))
          .longValue();
      screenshot(screenshotName);
      return overflow;
    } finally {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  /** A full-window PNG of the page now, as {@code name}.png in target/ui-screenshots. */
  Path screenshot(String name) throws IOException {
    Path file = SCREENSHOTS.resolve(name + ".png");
    Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
