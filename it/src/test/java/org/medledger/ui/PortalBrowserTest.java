package org.medledger.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.RunningValidators;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The portal in a real browser (Debian's headless chromium) against four running validators:
 * sign-in by a pasted token, by a key file and by a PKCS#12 file signed with WebCrypto (a wrong
 * password and a legacy 3DES file refused in plain words), each explorer page opened
 * with its content asserted, run through axe-core (WCAG 2.0/2.1/2.2 A and AA) and walked by
 * keyboard, no horizontal scroll at 320 CSS pixels, search (and a script typed into it shown as
 * text), CSV rows against the ledger, a form without its CSRF token refused, a forged session
 * sent to sign in. One browser and one network for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalBrowserTest {
  @TempDir static Path dir;
  RunningValidators validators;
  BftTestNetwork net;
  PortalBrowser browser;
  PortalSession portal;
  String base;
  final List<Hash> anchors = new ArrayList<>();
  static final String GTIN = "09506000134352";

  @BeforeAll
  void start() throws Exception {
    net = new BftTestNetwork(dir, "intl", 4);
    net.configs.replaceAll(c -> c.withPortalTokenSignIn(true));
    validators = RunningValidators.start(net);
    validators.commit(net.registerClinician());
    for (int i = 0; i < 3; i++) {
      Transaction anchor = net.anchor("portal browser test " + i);
      validators.commit(anchor);
      anchors.add(anchor.id(net.suite.hash()));
    }
    // A maker's packs for the public drug check page: the regulator records the company prefix first.
    BftTestNetwork.Member maker = net.member(0, "maker-admin", org.medledger.crypto.x509.Role.ADMIN);
    BftTestNetwork.Member regulator = net.member(1, "inspector", org.medledger.crypto.x509.Role.REGULATOR);
    validators.commit(net.register(maker));
    validators.commit(net.register(regulator));
    validators.commit(net.tx(regulator, "drugs", "recordPrefix", "prefix", "9506000", "organisation", "org-0"));
    validators.commit(net.tx(maker, "drugs", "registerGtin", "gtin", GTIN));
    validators.commit(net.tx(maker, "drugs", "commission", "gtin", GTIN, "lot", "L7", "expiry", "301231", "serials", "100..105"));
    validators.commit(net.tx(maker, "drugs", "dispense", "gtin", GTIN, "serials", "101"));
    base = "http://127.0.0.1:" + node().apiPort();
    browser = PortalBrowser.start();
    portal = new PortalSession(browser, base, net.suite, dir, Duration.ofSeconds(30));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (validators != null) {
      validators.close();
    }
  }

  MedLedgerNode node() {
    return validators.node(0);
  }

  String clinicianToken() {
    MedLedgerClient c = new MedLedgerClient(base);
    return c.login(new ClientIdentity(net.suite, net.clinicianCert, net.clinicianKey));
  }

  /**
   * Waits for the page a click loads: on two shared cores the next page can arrive after the
   * test's next line, which then reads the old page or one half replaced.
   */
  void settled(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> loaded) {
    new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(15))
        .ignoring(org.openqa.selenium.WebDriverException.class).until(loaded::apply);
  }

  @Test
  @Order(1)
  void signInPageIsAccessibleAndAMemberPageLeadsThere() throws Exception {
    portal.open("/ui/blocks");
    assertThat(browser.driver.getCurrentUrl()).endsWith("/ui/signin?reason=signin");
    assertThat(portal.text()).contains("Sign in to see that page.").contains("With your certificate and key")
        .contains("With an API token (development)");
    portal.checkPage("signin");
  }

  @Test
  @Order(2)
  void theDrugCheckPageAnswersAScannedCodeAndATypedOne() throws Exception {
    // What a phone's camera app opens: the Digital Link on the node, sent on to the check page.
    portal.open("/01/" + GTIN + "/21/100?10=L7&17=301231");
    assertThat(browser.driver.getCurrentUrl()).contains("/ui/drugs/check?code=");
    WebElement verdict = browser.driver.findElement(By.id("verdict"));
    assertThat(verdict.getAttribute("class")).isEqualTo("verdict good");
    assertThat(verdict.getText()).contains("Genuine").contains("Use it as directed");
    assertThat(browser.driver.findElement(By.id("pack-maker")).getText()).isEqualTo("org-0");
    assertThat(browser.driver.findElement(By.id("pack-lot")).getText()).isEqualTo("L7");
    assertThat(browser.driver.findElement(By.id("timeline")).getText()).contains("commissioned by org-0");
    portal.checkPage("drug-check-genuine");
    WebElement code = browser.driver.findElement(By.id("code"));
    code.clear();
    code.sendKeys("(01)" + GTIN + "(21)101");
    browser.loadsNext(code::submit);
    assertThat(browser.driver.findElement(By.id("verdict")).getText()).contains("Already dispensed").contains("Do not take it");
    portal.checkPage("drug-check-dispensed");
    code = browser.driver.findElement(By.id("code"));
    code.clear();
    code.sendKeys("not a code <b>");
    browser.loadsNext(code::submit);
    assertThat(browser.driver.findElement(By.id("code-error")).getText()).contains("This code could not be read");
    assertThat(browser.driver.findElement(By.id("code")).getAttribute("aria-describedby")).isEqualTo("code-error");
    portal.checkPage("drug-check-bad-code");
  }

  @Test
  @Order(3)
  void signsInWithAPastedToken() throws Exception {
    portal.open("/ui/signin");
    browser.driver.findElement(By.id("token")).sendKeys(clinicianToken());
    browser.clickToLoad(By.cssSelector("form[action='/ui/signin/token'] button"));
    settled(d -> d.getCurrentUrl().equals(base + "/ui"));
    assertThat(browser.driver.getCurrentUrl()).isEqualTo(base + "/ui");
    assertThat(portal.text()).contains("dr-wang · clinician · org-0").contains("Chain bft-test");
  }

  @Test
  @Order(4)
  void dashboardShowsTheHeadAndTheValidators() throws Exception {
    portal.open("/ui");
    long height = node().ledger().height();
    assertThat(Long.parseLong(browser.driver.findElement(By.id("stat-height")).getText())).isBetween(height, height + 5);
    for (int i = 0; i < 4; i++) {
      assertThat(portal.text()).contains("org-" + i + "-node");
    }
    assertThat(browser.driver.findElement(By.id("stat-tps")).getText()).matches("\\d+\\.\\d.*");
    portal.checkPage("dashboard");
  }

  @Test
  @Order(5)
  void blocksBlockTransactionAndValidatorsPages() throws Exception {
    portal.open("/ui/blocks");
    assertThat(browser.driver.findElements(By.cssSelector("table.blocks tbody tr"))).isNotEmpty();
    portal.checkPage("blocks");
    var committed = node().ledger().transaction(anchors.get(0)).orElseThrow();
    portal.open("/ui/blocks/" + committed.height());
    assertThat(browser.driver.findElement(By.id("block-hash")).getText())
        .isEqualTo(node().ledger().block(committed.height()).orElseThrow().header().hash(node().ledger().hashFunction()).hex());
    assertThat(portal.text()).contains(anchors.get(0).hex()).contains("notary · anchor");
    portal.checkPage("block");
    browser.clickToLoad(By.linkText(anchors.get(0).hex()));
    assertThat(browser.driver.findElement(By.id("tx-outcome")).getText()).startsWith("ok");
    assertThat(browser.driver.findElement(By.id("tx-call")).getText()).isEqualTo("notary · anchor");
    assertThat(browser.driver.findElement(By.id("tx-receipt")).getAttribute("href"))
        .endsWith("/ui/tx/" + anchors.get(0).hex() + "/receipt.json");
    portal.checkPage("transaction");
    portal.open("/ui/validators");
    assertThat(portal.text()).contains(node().membership().validatorIds().get(0).hex());
    portal.checkPage("validators");
  }

  @Test
  @Order(6)
  void searchFindsATransactionAndShowsAScriptAsText() throws Exception {
    portal.open("/ui");
    WebElement box = browser.driver.findElement(By.id("search-q"));
    box.sendKeys(anchors.get(1).hex());
    browser.loadsNext(box::submit);
    assertThat(browser.driver.getCurrentUrl()).endsWith("/ui/tx/" + anchors.get(1).hex());
    box = browser.driver.findElement(By.id("search-q"));
    box.sendKeys("<script>alert('x')</script>");
    browser.loadsNext(box::submit);
    assertThat(portal.text()).contains("Nothing found").contains("<script>alert('x')</script>");
    try {
      browser.driver.switchTo().alert();
      throw new AssertionError("a script typed into the search box ran");
    } catch (NoAlertPresentException expected) {
      // shown as text, never run
    }
    portal.checkPage("nothing-found");
  }

  @Test
  @Order(7)
  void csvExportRowsMatchTheLedger() throws Exception {
    long head = node().ledger().height();
    portal.open("/ui/blocks");
    browser.driver.findElement(By.id("export-from")).sendKeys("0");
    browser.driver.findElement(By.id("export-to")).sendKeys(Long.toString(head));
    // The browser would save the file; the same request with the browser's session cookie reads it.
    HttpResponse<String> r = portal.getWithSession("/ui/export.csv?from=0&to=" + head);
    assertThat(r.statusCode()).isEqualTo(200);
    List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(r.body())).getRecords();
    List<String> expected = new ArrayList<>();
    var ledger = node().ledger();
    for (long h = 0; h <= head; h++) {
      for (Transaction t : ledger.block(h).orElseThrow().transactions()) {
        Hash id = t.id(ledger.hashFunction());
        expected.add(h + " " + id.hex() + " " + t.contract() + "." + t.method() + " "
            + ledger.transaction(id).orElseThrow().outcome().code());
      }
    }
    assertThat(rows).extracting(c -> c.get("height") + " " + c.get("tx_id") + " " + c.get("contract") + "." + c.get("method")
        + " " + c.get("outcome_code")).containsExactlyElementsOf(expected);
    // Too long a range: refused in plain words.
    browser.driver.findElement(By.id("export-to")).clear();
    browser.driver.findElement(By.id("export-to")).sendKeys("5000");
    browser.driver.findElement(By.cssSelector("form.export button")).click();
    settled(d -> d.findElement(By.tagName("body")).getText().contains("Export refused"));
    assertThat(portal.text()).contains("Export refused").contains("past the chain's height");
  }

  @Test
  @Order(8)
  void aFormWithoutItsCsrfTokenIsRefused() throws Exception {
    portal.open("/ui");
    browser.js().executeScript("document.querySelector('form.signout input[name=csrf]').remove();");
    browser.clickToLoad(By.cssSelector("form.signout button"));
    assertThat(portal.text()).contains("Refused").contains("security token (CSRF) is missing");
    portal.open("/ui");
    assertThat(portal.text()).as("still signed in").contains("dr-wang · clinician");
    portal.checkPage("csrf-refused-then-dashboard");
  }

  @Test
  @Order(9)
  void aForgedSessionIsSentToSignIn() throws Exception {
    browser.driver.manage().deleteAllCookies();
    portal.open("/ui/signin");
    browser.driver.manage().deleteAllCookies();
    browser.driver.manage().addCookie(new Cookie("medledger-session", "forged" + "x".repeat(37), "/"));
    portal.open("/ui/blocks");
    assertThat(browser.driver.getCurrentUrl()).endsWith("/ui/signin?reason=expired");
    assertThat(portal.text()).contains("Your session has ended");
  }

  @Test
  @Order(10)
  void signsInWithAKeyFileSignedInTheBrowser() throws Exception {
    portal.submitKeyFiles(portal.certificateFile("dr-wang", net.clinicianCert), portal.keyFile("dr-wang", net.clinicianKey));
    portal.waiting().until(d -> d.getCurrentUrl().equals(base + "/ui") || !d.findElement(By.tagName("body")).getText()
        .contains("Sign in with key"));
    assertThat(browser.driver.getCurrentUrl()).as(portal.text()).isEqualTo(base + "/ui");
    assertThat(portal.text()).contains("dr-wang · clinician · org-0");
    browser.screenshot("dashboard-after-key-signin");
  }

  @Test
  @Order(11)
  void aWrongKeyIsRefusedInPlainWords() throws Exception {
    java.security.KeyPair other = net.suite.signatures().generateKeyPair(new java.security.SecureRandom());
    portal.submitKeyFiles(portal.certificateFile("dr-wang", net.clinicianCert), portal.keyFile("other", other.getPrivate()));
    settled(d -> d.findElement(By.tagName("body")).getText().contains("Not signed in"));
    assertThat(portal.text()).contains("Not signed in: signature does not verify");
    browser.screenshot("signin-refused");
  }

  /** Dr Wang's certificate and key in a PKCS#12 file as Java's KeyStore writes it by default. */
  Path pkcs12(String name, char[] password, KeyStore.PasswordProtection keyProtection) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setEntry("dr-wang", new KeyStore.PrivateKeyEntry(net.clinicianKey,
        new java.security.cert.Certificate[] {net.clinicianCert}), keyProtection);
    Path file = dir.resolve(name);
    try (var out = Files.newOutputStream(file)) {
      store.store(out, password);
    }
    return file;
  }

  void submitPkcs12(Path file, String password) {
    browser.driver.manage().deleteAllCookies();
    portal.open("/ui/signin");
    browser.driver.findElement(By.id("p12-file")).sendKeys(file.toAbsolutePath().toString());
    browser.driver.findElement(By.id("p12-password")).sendKeys(password);
  }

  String pkcs12Refusal() {
    settled(d -> browser.bodyText().contains("Not signed in"));
    return browser.driver.findElement(By.id("p12-status")).getText();
  }

  @Test
  @Order(12)
  void signsInWithAPkcs12FileFromJavasKeyStore() throws Exception {
    char[] password = "correct horse".toCharArray();
    Path p12 = pkcs12("dr-wang.p12", password, new KeyStore.PasswordProtection(password));
    submitPkcs12(p12, "correct horse");
    browser.clickToLoad(By.cssSelector("#p12-signin button"));
    assertThat(browser.driver.getCurrentUrl()).as(portal.text()).isEqualTo(base + "/ui");
    assertThat(portal.text()).contains("dr-wang · clinician · org-0");
  }

  @Test
  @Order(13)
  void aPkcs12FileWithAWrongPasswordIsRefusedInPlainWords() throws Exception {
    char[] password = "correct horse".toCharArray();
    Path p12 = pkcs12("dr-wang-2.p12", password, new KeyStore.PasswordProtection(password));
    submitPkcs12(p12, "battery staple");
    browser.driver.findElement(By.cssSelector("#p12-signin button")).click();
    assertThat(pkcs12Refusal()).isEqualTo("Not signed in: wrong password for this .p12 file");
    assertThat(browser.driver.getCurrentUrl()).isEqualTo(base + "/ui/signin");
    browser.screenshot("signin-p12-wrong-password");
  }

  @Test
  @Order(14)
  void aLegacyTripleDesPkcs12FileIsRefusedAskingForAReExport() throws Exception {
    char[] password = "correct horse".toCharArray();
    Path p12 = pkcs12("dr-wang-legacy.p12", password,
        new KeyStore.PasswordProtection(password, "PBEWithSHA1AndDESede", null));
    submitPkcs12(p12, "correct horse");
    browser.driver.findElement(By.cssSelector("#p12-signin button")).click();
    assertThat(pkcs12Refusal()).contains("protected with 3DES with SHA-1", "re-export it with AES-256");
  }
}
