package org.medledger.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.node.RecordVault;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.ReceiptVerifier;
import org.medledger.client.Verification;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.RunningValidators;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The patient's pages in a real browser (Debian's headless chromium) against four validators: a
 * patient signs in with her key file, sees her records, downloads a report by its link, grants a
 * consent to another hospital and revokes it through the page (her browser signs both) with that
 * hospital's clinician's next read served and then refused, sees who read her data (filtered and
 * as CSV), and verifies receipts in the browser, where a tampered receipt fails on the same check
 * the Java verifier names. Bad input: another patient's ids in a URL, script in a form field, a
 * form without its CSRF token, a grant for another patient, a clinician on a patient's page. Each
 * page passes axe-core, the keyboard walk and 320 px without horizontal scroll.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatientPortalBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  RunningValidators validators;
  BftTestNetwork net;
  PortalBrowser browser;
  PortalSession portal;
  String base;
  BftTestNetwork.Member ana;
  BftTestNetwork.Member bo;
  BftTestNetwork.Member drLi;
  PatientId anaId;
  PatientId boId;
  Hash anaRecord;
  Hash boRecord;
  Path anaKey;
  final byte[] discharge = "discharge summary of ana".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  @BeforeAll
  void start() throws Exception {
    net = new BftTestNetwork(dir, "intl", 4);
    net.configs.replaceAll(c -> c.withPortalTokenSignIn(true));
    validators = RunningValidators.start(net);
    validators.commit(net.registerClinician());
    ana = net.member(0, "patient-ana", Role.PATIENT);
    bo = net.member(0, "patient-bo", Role.PATIENT);
    drLi = net.member(1, "dr-li", Role.CLINICIAN);
    validators.commit(net.register(ana));
    validators.commit(net.register(bo));
    validators.commit(net.register(drLi));
    anaId = registerPatient(ana);
    boId = registerPatient(bo);
    anaRecord = RecordVault.of(validators.node(0)).store(net.clinicianId, discharge, anaId, "Binary", "summary").record();
    boRecord = RecordVault.of(validators.node(0)).store(net.clinicianId, "bo's".getBytes(), boId, "Binary", "summary").record();
    // The custodian's clinician reads it: her access history has a served read to show.
    MedLedgerClient wang = new MedLedgerClient(base(0));
    wang.login(new ClientIdentity(net.suite, net.clinicianCert, net.clinicianKey));
    wang.get("v1/records/" + anaRecord.hex() + "?purpose=TREAT");
    base = base(0);
    browser = PortalBrowser.start();
    portal = new PortalSession(browser, base, net.suite, dir, Duration.ofSeconds(30));
    anaKey = portal.keyFile("ana", ana.keys().getPrivate());
  }

  private PatientId registerPatient(BftTestNetwork.Member m) throws Exception {
    PatientId id = PatientId.of(net.suite.hash(), m.keys().getPublic().getEncoded());
    validators.commit(net.tx("patients", "register", "publicKey", Hex.encode(m.keys().getPublic().getEncoded()),
        "signature", CareRegistration.sign(net.suite.signatures().signer(m.keys()), net.genesis.chainId(), id, "org-0"),
        "custody", "self", "encryptionKeyCertificate", net.encryptionKeyCertificate(m.keys())));
    return id;
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

  String base(int node) {
    return "http://127.0.0.1:" + validators.node(node).apiPort();
  }

  /** dr-li of org-1 reads ana's record through his own node: true when served, false when refused. */
  boolean drLiReads() {
    MedLedgerClient li = new MedLedgerClient(base(1));
    li.login(new ClientIdentity(net.suite, drLi.certificate(), drLi.keys().getPrivate()));
    try {
      return "served".equals(li.get("v1/records/" + anaRecord.hex() + "?purpose=TREAT").get("outcome").asText());
    } catch (ApiException e) {
      assertThat(e.status()).as(e.getMessage()).isEqualTo(403);
      return false;
    }
  }

  /** Signs the key file into the file input and submits the page's statement form; waits for the next page. */
  void signAndSend() {
    portal.signStatement(anaKey);
    portal.waiting().until(d -> !d.getCurrentUrl().contains("review") || d.findElement(By.id("sign-status")).getText().startsWith("Not signed"));
  }

  /** The browser's verifier on a receipt and the genesis this node serves: [verified, failed check]. */
  @SuppressWarnings("unchecked")
  Map<String, Object> verifyInBrowser(JsonNode receipt) throws Exception {
    String genesis = portal.getWithSession("/ui/genesis.json").body();
    return (Map<String, Object>) browser.driver.executeAsyncScript(
        "var done = arguments[arguments.length - 1];"
            + "MedLedgerReceipts.verify(JSON.parse(arguments[0]), JSON.parse(arguments[1])).then(done, function (e) {"
            + " done({verified: false, check: 'error', message: String(e)}); });", JSON.writeValueAsString(receipt), genesis);
  }

  @Test
  @Order(1)
  void aPatientSignsInWithHerKeyFileAndSeesHerRecords() throws Exception {
    portal.submitKeyFiles(portal.certificateFile("ana", ana.certificate()), anaKey);
    portal.waiting().until(d -> d.getCurrentUrl().equals(base + "/ui"));
    assertThat(portal.text()).contains("patient-ana · patient · org-0");
    // Her navigation offers her own pages and the explorer, never another role's.
    assertThat(navigation()).contains("My records", "My consents", "Who read my data", "Dashboard")
        .doesNotContain("Access audit", "Recalls", "Find a patient", "Pharmacy", "Claims queue", "Billing");
    browser.clickToLoad(By.linkText("My records"));
    WebElement table = browser.driver.findElement(By.id("records"));
    assertThat(table.getText()).contains("Binary").contains("summary").contains("org-0");
    assertThat(table.getText()).doesNotContain(boRecord.hex());
    assertThat(browser.driver.findElements(By.cssSelector("#records tbody tr"))).hasSize(1);
    portal.checkPage("patient-records");
  }

  @Test
  @Order(2)
  void verifiesARecordsReceiptInTheBrowserAndATamperedOneFailsAsInJava() throws Exception {
    portal.open("/ui/records/mine");
    WebElement out = portal.verify("verify-" + anaRecord.hex());
    assertThat(out.getAttribute("data-verified")).as(out.getText()).isEqualTo("true");
    assertThat(out.getText()).contains("Verified in this browser").contains("stateProof").contains("certificate")
        .contains("sealed by").contains("document");
    browser.screenshot("patient-record-verified");

    ReceiptVerifier java = new ReceiptVerifier(net.genesis);
    JsonNode receipt = JSON.readTree(portal.getWithSession("/ui/records/receipt?record=" + anaRecord.hex()).body());
    assertThat(java.verify(receipt).ok()).isTrue();
    assertThat(verifyInBrowser(receipt)).containsEntry("verified", true);
    // How long the browser's check takes (genesis hashed, four validators' keys imported, proof and seals checked).
    @SuppressWarnings("unchecked")
    List<Number> ms = (List<Number>) browser.driver.executeAsyncScript(
        "var done = arguments[arguments.length - 1], r = JSON.parse(arguments[0]), g = JSON.parse(arguments[1]), t = [];"
            + "(function next(i) { if (i === 20) { done(t); return; } var s = performance.now();"
            + " MedLedgerReceipts.verify(r, g).then(function () { t.push(performance.now() - s); next(i + 1); }); })(0);",
        JSON.writeValueAsString(receipt), portal.getWithSession("/ui/genesis.json").body());
    List<Double> sorted = ms.stream().map(Number::doubleValue).sorted().toList();
    System.out.printf("state receipt verified in headless chromium, 20 runs: median %.1f ms, max %.1f ms%n",
        sorted.get(10), sorted.get(19));

    // The same tampered copies, the same verdicts and the same failed check on both sides.
    ObjectNode value = receipt.deepCopy();
    String v = value.get("value").asText();
    value.put("value", v.substring(0, v.length() - 1) + (v.endsWith("0") ? "1" : "0"));
    ObjectNode height = receipt.deepCopy();
    ((ObjectNode) height.get("signedHeader")).put("timestamp", receipt.get("signedHeader").get("timestamp").asLong() + 1);
    ObjectNode seal = receipt.deepCopy();
    String encoded = seal.get("signedHeader").get("encoded").asText();
    ((ObjectNode) seal.get("signedHeader")).put("encoded", encoded.substring(0, encoded.length() - 2)
        + (encoded.endsWith("00") ? "01" : "00"));
    for (JsonNode tampered : List.of(value, height, seal)) {
      Verification j = java.verify(tampered);
      Map<String, Object> b = verifyInBrowser(tampered);
      assertThat(j.ok()).isFalse();
      assertThat(b).as("browser on " + j).containsEntry("verified", false).containsEntry("check", ((Verification.Failed) j).check());
    }
  }

  @Test
  @Order(3)
  void theReportPageShowsTheLinksQrAndTheLinkDownloadsTheRecord() throws Exception {
    portal.open("/ui/records/mine");
    browser.clickToLoad(By.linkText("Report and QR"));
    assertThat(browser.driver.findElement(By.id("report-qr")).getTagName()).isEqualTo("svg");
    String link = browser.driver.findElement(By.id("report-link")).getAttribute("href");
    assertThat(link).startsWith(base + "/v1/download/");
    HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(discharge);
    HttpResponse<String> svg = portal.getWithSession("/ui/records/report.svg?record=" + anaRecord.hex());
    assertThat(svg.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
    assertThat(svg.body()).startsWith("<svg").contains("<path d=\"M");
    // The code a phone scans is the link the page shows.
    String path = browser.driver.findElement(By.cssSelector("#report-qr path")).getAttribute("d");
    int size = Integer.parseInt(((String) browser.js().executeScript(
        "return document.getElementById('report-qr').getAttribute('viewBox');")).split(" ")[2]);
    assertThat(org.medledger.client.ReceiptQr.readText(png(path, size))).isEqualTo(link);
    portal.checkPage("patient-report");
  }

  /** The SVG path's unit squares ("Mx yh1v1h-1z") drawn 8 pixels each, as a PNG a QR reader takes. */
  static byte[] png(String path, int size) throws java.io.IOException {
    int scale = 8;
    var img = new java.awt.image.BufferedImage(size * scale, size * scale, java.awt.image.BufferedImage.TYPE_INT_RGB);
    var g = img.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, size * scale, size * scale);
    g.setColor(java.awt.Color.BLACK);
    var m = java.util.regex.Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(path);
    int squares = 0;
    while (m.find()) {
      g.fillRect(Integer.parseInt(m.group(1)) * scale, Integer.parseInt(m.group(2)) * scale, scale, scale);
      squares++;
    }
    assertThat(squares).isPositive();
    var out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  @Test
  @Order(4)
  void grantsAndRevokesAConsentThroughThePageWithTheNextReadRefused() throws Exception {
    assertThat(drLiReads()).as("org-1 reads before any consent").isFalse();
    portal.open("/ui/records/consents");
    assertThat(portal.text()).contains("You have given no consent");
    portal.checkPage("patient-consents-empty");
    new Select(browser.driver.findElement(By.id("organisation"))).selectByValue("org-1");
    browser.clickToLoad(By.cssSelector("#grant-form button[type=submit]"));
    portal.waiting().until(d -> d.getCurrentUrl().endsWith("/ui/records/consents/review"));
    assertThat(browser.driver.findElement(By.id("statement-facts")).getText()).contains("org-1").contains("TREAT");
    // What the browser read from the bytes it signs, not what the node wrote beside them.
    assertThat(browser.driver.findElement(By.id("statement-decoded")).getText()).contains("org:org-1").contains("TREAT")
        .contains(anaId.toString()).contains("categories: all");
    portal.checkPage("patient-consent-sign");
    signAndSend();
    assertThat(browser.driver.findElement(By.id("consent-notice")).getText()).as(portal.text()).contains("Consent granted to org-1");
    assertThat(browser.driver.findElement(By.cssSelector(".consent-row .consent-state")).getText()).isEqualTo("in force");
    assertThat(drLiReads()).as("org-1 reads under the consent").isTrue();
    // Opened afresh, so the keyboard walk starts at the top (a click moves where Tab starts from).
    portal.open("/ui/records/consents");
    portal.checkPage("patient-consents");
    String consent = browser.driver.findElement(By.cssSelector(".consent-row")).getAttribute("data-consent");
    WebElement out = portal.verify("verify-" + consent);
    assertThat(out.getAttribute("data-verified")).as(out.getText()).isEqualTo("true");
    browser.screenshot("patient-consent-verified");

    browser.clickToLoad(By.cssSelector(".consent-row button.revoke"));
    portal.waiting().until(d -> d.getCurrentUrl().endsWith("/ui/records/consents/revoke-review"));
    assertThat(browser.driver.findElement(By.id("statement-facts")).getText()).contains(consent);
    assertThat(browser.driver.findElement(By.id("statement-decoded")).getText()).contains("Revokes consent").contains(consent);
    signAndSend();
    assertThat(browser.driver.findElement(By.id("consent-notice")).getText()).as(portal.text()).contains("revoked");
    assertThat(browser.driver.findElement(By.cssSelector(".consent-row .consent-state")).getText()).startsWith("revoked");
    assertThat(drLiReads()).as("org-1's next read after the revocation").isFalse();
  }

  @Test
  @Order(5)
  void seesWhoReadHerDataFilteredAndAsCsvAndVerifiesAnAccessEvent() throws Exception {
    // dr-li breaks the glass: no consent now, an emergency and its reason.
    MedLedgerClient li = new MedLedgerClient(base(1));
    li.login(new ClientIdentity(net.suite, drLi.certificate(), drLi.keys().getPrivate()));
    assertThat(li.readRecord(anaRecord.hex(), "ETREAT", "unconscious in the emergency room").get("outcome").asText())
        .isEqualTo("served");
    // dr-li's events were committed through his node: the page's node has them once it is as high.
    long height = validators.node(1).ledger().height();
    portal.waiting().until(d -> validators.node(0).ledger().height() >= height);
    portal.open("/ui/records/access");
    String table = browser.driver.findElement(By.id("access")).getText();
    assertThat(table).contains("org-0: dr-wang (clinician)").contains("org-1: dr-li (clinician)").contains("Served")
        .contains("Refused").contains("TREAT").contains("Served (consent)").contains("ETREAT")
        .contains("Break-glass: unconscious in the emergency room");
    int events = AuditContract.ofPatient(validators.node(0).ledger().state(), anaId).size();
    assertThat(browser.driver.findElements(By.cssSelector("tr.access-row"))).hasSize(events);
    portal.checkPage("patient-access");

    new Select(browser.driver.findElement(By.id("outcome"))).selectByValue("refused");
    browser.clickToLoad(By.cssSelector("form.filters button"));
    portal.waiting().until(d -> d.getCurrentUrl().contains("outcome=refused"));
    List<WebElement> refused = browser.driver.findElements(By.cssSelector("tr.access-row"));
    assertThat(refused).isNotEmpty().allSatisfy(r -> assertThat(r.getText()).contains("Refused").doesNotContain("Served"));

    String csvPath = browser.driver.findElement(By.id("access-csv")).getAttribute("href").substring(base.length());
    HttpResponse<String> csv = portal.getWithSession(csvPath);
    assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("who-read-my-data.csv");
    List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(csv.body())).getRecords();
    long refusedOnLedger = AuditContract.ofPatient(validators.node(0).ledger().state(), anaId).stream().filter(e -> !e.served()).count();
    assertThat(rows).hasSize((int) refusedOnLedger).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("refused"));

    WebElement first = browser.driver.findElement(By.cssSelector("tr.access-row button[data-receipt]"));
    WebElement out = portal.verify(first.getAttribute("aria-controls"));
    assertThat(out.getAttribute("data-verified")).as(out.getText()).isEqualTo("true");
    assertThat(out.getText()).contains("auditPath").contains("signature").contains("certificate");
    browser.screenshot("patient-access-verified");

    // A transaction receipt tampered in its outcome fails in the browser where Java fails it.
    String tx = first.getAttribute("data-receipt").substring(first.getAttribute("data-receipt").indexOf("access=") + 7);
    JsonNode receipt = JSON.readTree(portal.getWithSession("/ui/records/receipt?access=" + tx).body());
    ObjectNode outcome = receipt.deepCopy();
    ((ObjectNode) outcome.get("outcome")).put("code", "ok-but-not");
    Verification j = new ReceiptVerifier(net.genesis).verify(outcome);
    assertThat(j.ok()).isFalse();
    assertThat(verifyInBrowser(receipt)).containsEntry("verified", true);
    assertThat(verifyInBrowser(outcome)).containsEntry("verified", false).containsEntry("check", ((Verification.Failed) j).check());
  }

  @Test
  @Order(6)
  void anotherPatientsIdsInAUrlAreRefused() throws Exception {
    portal.open("/ui/records/mine?patient=" + boId);
    assertThat(portal.text()).contains("Refused").contains("only your own").doesNotContain(boRecord.hex());
    portal.open("/ui/records/report?record=" + boRecord.hex());
    assertThat(portal.text()).contains("Not found").contains("You have no record");
    assertThat(portal.getWithSession("/ui/records/receipt?record=" + boRecord.hex()).statusCode()).isEqualTo(404);
    assertThat(portal.getWithSession("/ui/records/access.csv?patient=" + boId).statusCode()).isEqualTo(403);
    portal.checkPage("patient-refused");
  }

  @Test
  @Order(7)
  void scriptInAFormFieldIsShownAsTextNextToTheField() throws Exception {
    portal.open("/ui/records/consents");
    new Select(browser.driver.findElement(By.id("organisation"))).selectByValue("org-1");
    WebElement categories = browser.driver.findElement(By.id("categories"));
    categories.clear();
    categories.sendKeys("<script>alert('x')</script>");
    browser.clickToLoad(By.cssSelector("#grant-form button[type=submit]"));
    portal.waiting().until(d -> !d.findElements(By.id("categories-error")).isEmpty());
    assertThat(browser.driver.findElement(By.id("categories-error")).getText()).contains("Categories are words");
    assertThat(browser.driver.findElement(By.id("categories")).getAttribute("value")).isEqualTo("<script>alert('x')</script>");
    assertThat(browser.driver.findElement(By.id("categories")).getAttribute("aria-describedby")).isEqualTo("categories-error");
    try {
      browser.driver.switchTo().alert();
      throw new AssertionError("a script typed into a form field ran");
    } catch (NoAlertPresentException expected) {
      // shown as text, never run
    }
    portal.checkPage("patient-consent-form-error");
  }

  @Test
  @Order(8)
  void aFormWithoutItsCsrfTokenOrAGrantForAnotherPatientChangesNothing() throws Exception {
    int before = ConsentContract.ofPatient(validators.node(0).ledger().state(), anaId).size();
    portal.open("/ui/records/consents");
    new Select(browser.driver.findElement(By.id("organisation"))).selectByValue("org-1");
    browser.js().executeScript("document.querySelector('#grant-form input[name=csrf]').remove();");
    browser.clickToLoad(By.cssSelector("#grant-form button[type=submit]"));
    portal.waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Refused"));
    assertThat(portal.text()).contains("Refused").contains("security token (CSRF) is missing");

    // The cheat: ana relays a grant naming bo, signed with her own key, with a valid CSRF token.
    portal.open("/ui/records/consents");
    String csrf = browser.driver.findElement(By.cssSelector("#grant-form input[name=csrf]")).getAttribute("value");
    var grant = new org.medledger.apps.records.contract.consent.ConsentGrant(net.genesis.chainId(), boId,
        org.medledger.apps.records.contract.consent.Grantee.organisation("org-1"), new java.util.TreeSet<>(List.of("all")),
        new java.util.TreeSet<>(), new java.util.TreeSet<>(List.of(org.medledger.apps.records.contract.consent.PurposeOfUse.TREAT)),
        System.currentTimeMillis(), System.currentTimeMillis() + 86_400_000L, false, "cheat-1");
    byte[] bytes = grant.encode();
    HttpResponse<String> cheat = portal.postWithSession("/ui/records/consents/grant", Map.of("csrf", csrf, "grant", Hex.encode(bytes),
        "signature", Hex.encode(net.suite.signatures().signer(ana.keys()).sign(bytes))));
    assertThat(cheat.statusCode()).isEqualTo(403);
    assertThat(cheat.body()).contains("only to your own records");
    // Her own grant with a signature her key did not make: refused before the ledger.
    var own = new org.medledger.apps.records.contract.consent.ConsentGrant(net.genesis.chainId(), anaId,
        org.medledger.apps.records.contract.consent.Grantee.organisation("org-1"), new java.util.TreeSet<>(List.of("all")),
        new java.util.TreeSet<>(), new java.util.TreeSet<>(List.of(org.medledger.apps.records.contract.consent.PurposeOfUse.TREAT)),
        System.currentTimeMillis(), System.currentTimeMillis() + 86_400_000L, false, "forged-1");
    HttpResponse<String> forged = portal.postWithSession("/ui/records/consents/grant", Map.of("csrf", csrf, "grant", Hex.encode(own.encode()),
        "signature", Hex.encode(net.suite.signatures().signer(bo.keys()).sign(own.encode()))));
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body()).contains("does not verify with your registered key");
    assertThat(ConsentContract.ofPatient(validators.node(0).ledger().state(), anaId)).hasSize(before);
    assertThat(ConsentContract.ofPatient(validators.node(0).ledger().state(), boId)).isEmpty();
  }

  @Test
  @Order(9)
  void aClinicianOnAPatientsPageIsRefused() throws Exception {
    portal.signInAt(base, new ClientIdentity(net.suite, net.clinicianCert, net.clinicianKey));
    assertThat(navigation()).contains("Find a patient", "Dashboard").doesNotContain("My records", "Who read my data", "Access audit");
    // A link left out is not a door left open: typed by hand, the patient's page still refuses him.
    portal.open("/ui/records/access");
    assertThat(portal.text()).contains("Refused").contains("These pages are for patients");
    assertThat(portal.getWithSession("/ui/records/receipt?record=" + anaRecord.hex()).statusCode()).isEqualTo(403);
  }

  /** The labels of the shared navigation on the page now. */
  List<String> navigation() {
    return browser.driver.findElements(By.cssSelector("nav[aria-label='Main'] a")).stream().map(WebElement::getText).toList();
  }
}
