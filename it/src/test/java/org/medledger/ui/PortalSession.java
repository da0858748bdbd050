package org.medledger.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.BftTestNetwork;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every portal browser test does around its own pages, in one place: open a path of its
 * node's portal, read the page's text, wait, sign a member in (a token from a real login, pasted
 * into the sign-in form as a member would), check a page (axe-core, the keyboard walk, no scroll
 * at 320 CSS px, a screenshot), sign a statement with her key file, verify a receipt in the
 * browser, call the portal with the browser's session cookie and its CSRF token, and write a
 * member's key or certificate as the PEM file she would pick in a file input. The browser rules
 * of the preamble hold here: a page load goes through {@link PortalBrowser#clickToLoad}, text
 * through {@link PortalBrowser#bodyText}, and waits are for a condition, never a fixed sleep.
 */
final class PortalSession {
  final PortalBrowser browser;
  private final String base;
  private final CryptoSuite suite;
  private final Path files;
  private final Duration patience;

  /**
   * @param base the node's portal address, {@code http://127.0.0.1:PORT}
   * @param files where member key and certificate files are written (the test's temporary folder)
   * @param patience how long {@link #waiting()} waits for a condition
   */
  PortalSession(PortalBrowser browser, String base, CryptoSuite suite, Path files, Duration patience) {
    this.browser = browser;
    this.base = base;
    this.suite = suite;
    this.files = files;
    this.patience = patience;
  }

  String base() {
    return base;
  }

  /**
   * The same browser and files at another node of the test's network: a test that signs in at
   * two nodes sends its requests outside the browser to the node it signed in at.
   */
  PortalSession at(String nodeBase) {
    return new PortalSession(browser, nodeBase, suite, files, patience);
  }

  void open(String path) {
    browser.driver.get(base + path);
  }

  String text() {
    return browser.bodyText();
  }

  /**
   * Waits for a condition; a condition that reads an element of a page being replaced (a form just
   * sent) is "not yet" rather than an error, whichever way the browser reports the replaced page.
   */
  WebDriverWait waiting() {
    return new WebDriverWait(browser.driver, patience) {
      @Override
      public <V> V until(Function<? super WebDriver, ? extends V> condition) {
        return super.until(d -> {
          try {
            return condition.apply(d);
          } catch (WebDriverException e) {
            if (PortalBrowser.replacedMidCall(e)) {
              return null;
            }
            throw e;
          }
        });
      }
    };
  }

  /** Signs the member in at this session's node, from a fresh browser (no earlier session's cookie). */
  void signInAs(BftTestNetwork.Member m) {
    signInAt(base, new ClientIdentity(suite, m.certificate(), m.keys().getPrivate()));
  }

  /** Signs {@code id} in at the node at {@code nodeBase} (one of several the test runs), from a fresh browser. */
  void signInAt(String nodeBase, ClientIdentity id) {
    browser.driver.manage().deleteAllCookies();
    String token = new MedLedgerClient(nodeBase).login(id);
    browser.driver.get(nodeBase + "/ui/signin");
    browser.driver.findElement(By.id("token")).sendKeys(token);
    browser.clickToLoad(By.cssSelector("form[action='/ui/signin/token'] button"));
    waiting().until(d -> d.getCurrentUrl().equals(nodeBase + "/ui"));
  }

  /**
   * From a fresh browser, picks her certificate and key files on the sign-in page and sends the
   * form her browser signs the challenge in; what follows (her dashboard, or the page's refusal)
   * is the caller's to wait for, since a refused key loads no next page.
   */
  void submitKeyFiles(Path certificate, Path key) {
    browser.driver.manage().deleteAllCookies();
    open("/ui/signin");
    browser.driver.findElement(By.id("certificate-file")).sendKeys(certificate.toAbsolutePath().toString());
    browser.driver.findElement(By.id("key-file")).sendKeys(key.toAbsolutePath().toString());
    browser.driver.findElement(By.cssSelector("#key-signin button")).click();
  }

  /**
   * On a page that asks her to sign a statement: picks her key file in its file input and sends the
   * form her browser signs it in. What follows (the next page, or the page's own refusal when the
   * key is not hers) is the caller's to wait for.
   */
  void signStatement(Path key) {
    browser.driver.findElement(By.id("sign-key")).sendKeys(key.toAbsolutePath().toString());
    browser.driver.findElement(By.cssSelector("#sign-form button[type=submit]")).click();
  }

  /** Clicks the Verify button of a receipt's result element and answers that element once it holds a verdict. */
  WebElement verify(String resultId) {
    browser.driver.findElement(By.cssSelector("button[aria-controls='" + resultId + "']")).click();
    WebElement out = browser.driver.findElement(By.id(resultId));
    waiting().until(d -> out.getAttribute("data-verified") != null);
    return out;
  }

  /** The session's CSRF token, as the layout leaves it in the page's forms: for a form sent outside the browser. */
  String csrf() {
    String token = (String) browser.js().executeScript("var m = document.querySelector('input[name=csrf]'); return m ? m.value : null;");
    assertThat(token).as("the layout's session token").isNotBlank();
    return token;
  }

  /** axe-core at zero violations, the keyboard walk reaching every focusable element, no scroll at 320 px, a screenshot. */
  void checkPage(String name) throws Exception {
    assertThat(browser.axeViolations()).as("axe-core on " + name).isEmpty();
    PortalBrowser.KeyboardWalk walk = browser.keyboardWalk();
    assertThat(walk.problems()).as("keyboard walk on " + name).isEmpty();
    assertThat(walk.visited()).as("focus stops on " + name).isEqualTo((int) walk.focusable()).isPositive();
    browser.screenshot(name);
    assertThat(browser.overflowAt(320, name + "-320px")).as("horizontal scroll at 320 CSS px on " + name).isLessThanOrEqualTo(0);
  }

  /** The browser's session cookie as a request header's value. */
  String cookie() {
    Cookie c = browser.driver.manage().getCookieNamed("medledger-session");
    assertThat(c).as("a signed-in browser's session cookie").isNotNull();
    return "medledger-session=" + c.getValue();
  }

  /** A GET of this node's {@code path} outside the browser, with its session: to read what a page links to. */
  HttpResponse<String> getWithSession(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A form POST outside the browser, with its session: for what a member could send that no page offers. */
  HttpResponse<String> postWithSession(String path, Map<String, String> form) throws Exception {
    StringBuilder body = new StringBuilder();
    form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie())
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code NAME-key.pem}, the member's private key as she keeps it, written once; the path a file input takes. */
  Path keyFile(String name, PrivateKey key) throws IOException {
    return written(files.resolve(name + "-key.pem"), Pem.privateKey(key));
  }

  /** {@code NAME-cert.pem}, her certificate, written once. */
  Path certificateFile(String name, X509Certificate certificate) throws IOException {
    return written(files.resolve(name + "-cert.pem"), Pem.certificate(certificate));
  }

  private static Path written(Path file, String pem) throws IOException {
    if (!Files.exists(file)) {
      Files.writeString(file, pem);
    } else if (!Files.readString(file).equals(pem)) {
      throw new IllegalStateException(file + " already holds another key or certificate: give each member her own name");
    }
    return file.toAbsolutePath();
  }
}
