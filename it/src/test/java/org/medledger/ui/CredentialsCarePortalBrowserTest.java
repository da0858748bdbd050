package org.medledger.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.care.contract.CareContract;
import org.medledger.apps.credentials.contract.CredentialsContract;
import org.medledger.apps.credentials.contract.view.Credential;
import org.medledger.apps.credentials.contract.view.CredentialStatus;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.apps.credentials.vc.ClinicianCredential;
import org.medledger.apps.credentials.vc.SignedCredential;
import org.medledger.apps.credentials.verify.CredentialPresentation;
import org.medledger.apps.credentials.verify.CredentialQr;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.RunningValidators;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The credentials and care pages of the portal in a real browser (Debian's headless chromium)
 * against four validators (two hospitals, a medical board, an insurer), one network for every
 * check: a credential's QR code opens the public check page, which shows VALID with the status
 * snapshot's block and age, and a changed code INVALID with its reason code; dr-wang sees her own
 * licences; the board's credential-issuer lists what it issued, suspends dr-wang's licence with a
 * transaction her browser signs, which the clinician and the check page then see, and issues a new
 * one, her browser computing and signing the credential's proof and then the transaction; the patient sees her care timeline with its milestones and
 * verifies a milestone's receipt in her browser. The cheats: the hospital's admin is refused the
 * issuer's screens and her forged form changes nothing; another patient is shown none of the
 * timeline, and her look is logged as refused; so is the hospital's own admin, whose hospital
 * cares for the patient (least privilege). Each page passes axe-core, the keyboard walk and
 * 320 px without horizontal scroll.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CredentialsCarePortalBrowserTest {
  private static final long DAY = 86_400_000L;
  private static final String BOARD = "org-2";
  @TempDir static Path dir;
  RunningValidators validators;
  BftTestNetwork net;
  PortalBrowser browser;
  PortalSession portal;
  String base;
  BftTestNetwork.Member issuer;
  BftTestNetwork.Member drWang;
  BftTestNetwork.Member admin;
  BftTestNetwork.Member alice;
  BftTestNetwork.Member bob;
  SignedCredential licence;
  Hash aliceId;
  Hash discharge;
  Hash outcome;

  @BeforeAll
  void start() throws Exception {
    net = new BftTestNetwork(dir, "intl", List.of(BftTestNetwork.HOSPITAL, BftTestNetwork.HOSPITAL,
        BftTestNetwork.REGULATOR, BftTestNetwork.INSURER));
    net.configs.replaceAll(c -> c.withPortalTokenSignIn(true));
    issuer = net.member(2, "credential-issuer", Role.REGULATOR);
    drWang = net.member(0, "dr-wang", Role.CLINICIAN);
    admin = net.member(0, "admin-ann", Role.ADMIN);
    alice = net.member(0, "patient-1", Role.PATIENT);
    bob = net.member(0, "patient-2", Role.PATIENT);
    validators = RunningValidators.start(net);
    for (BftTestNetwork.Member m : List.of(issuer, drWang, admin, alice, bob)) {
      validators.commit(net.register(m));
    }
    for (BftTestNetwork.Member p : List.of(alice, bob)) {
      PatientId id = PatientId.of(net.suite.hash(), p.keys().getPublic().getEncoded());
      validators.commit(net.tx(drWang, "patients", "register", "publicKey", Hex.encode(p.keys().getPublic().getEncoded()),
          "signature", CareRegistration.sign(p.signer(), net.genesis.chainId(), id, "org-0")));
    }
    aliceId = PatientId.of(net.suite.hash(), alice.keys().getPublic().getEncoded()).value();
    long today = System.currentTimeMillis() / DAY * DAY;
    licence = SignedCredential.sign(new ClinicianCredential(net.genesis.chainId(), BOARD, "MB-1001", drWang.id(), "org-0",
        "Physician", List.of("Emergency medicine"), List.of(Scope.PRESCRIBE, Scope.BREAK_GLASS), today - DAY,
        today + 365 * DAY), net.suite, issuer.signer(), issuer.id(), System.currentTimeMillis());
    ClinicianCredential k = licence.claims();
    validators.commit(net.tx(issuer, "credentials", "issue", "licence", k.licence(), "holder", k.holder().hex(),
        "profession", k.profession(), "specialties", String.join(";", k.specialties()), "scopes", Scope.wireNames(k.scopes()),
        "validFrom", Long.toString(k.validFrom()), "validUntil", Long.toString(k.validUntil()), "document",
        licence.hash(net.suite).hex()));
    Transaction discharged = net.tx(drWang, "care", "milestone", "patient", aliceId.hex(), "type", "discharge");
    validators.commit(discharged);
    discharge = discharged.id(net.suite.hash());
    Transaction reported = net.tx(alice, "care", "milestone", "patient", aliceId.hex(), "type", "patient-reported-outcome");
    validators.commit(reported);
    outcome = reported.id(net.suite.hash());
    base = "http://127.0.0.1:" + validators.node(0).apiPort();
    browser = PortalBrowser.start();
    portal = new PortalSession(browser, base, net.suite, dir, Duration.ofSeconds(60));
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

  @Test
  @Order(1)
  void aQrCodeOpensThePublicCheckWhichShowsValidWithTheSnapshotsBlockAndAgeAndAChangedCodeItsReason() throws Exception {
    browser.driver.manage().deleteAllCookies();
    String qr = link(licence.document());
    browser.driver.get(qr);
    portal.waiting().until(d -> "VALID".equals(d.findElement(By.id("verdict-heading")).getText()));
    assertThat(browser.driver.findElement(By.id("verdict-message")).getText())
        .startsWith("Physician licence MB-1001 of " + BOARD).contains("prescribe,break-glass");
    assertThat(browser.driver.findElement(By.id("verdict-snapshot")).getText()).matches("Status snapshot of block \\d+, \\d+ s old\\.");
    assertThat(browser.driver.findElement(By.id("verdict-credential")).getText()).contains("MB-1001").contains("org-0");
    assertThat(browser.driver.findElement(By.id("verdict")).getAttribute("class")).isEqualTo("verdict good");
    // The page read the code from the fragment, its space and '%' escapes undone (CredentialQr.link writes them).
    assertThat(browser.driver.findElement(By.id("code")).getAttribute("value")).startsWith(CredentialQr.COMPACT_PREFIX)
        .isEqualTo(qr.substring(qr.indexOf('#') + 1).replace("%20", " ").replace("%25", "%"));
    portal.checkPage("credential-check-valid");

    // The same credential claiming another profession: its proof no longer verifies.
    ObjectNode changed = licence.document().deepCopy();
    ((ObjectNode) changed.get("credentialSubject")).put("profession", "Surgeon");
    browser.js().executeScript("document.getElementById('code').value = arguments[0];", code(changed));
    browser.driver.findElement(By.cssSelector("#check-form button[type=submit]")).click();
    portal.waiting().until(d -> d.findElement(By.id("verdict-reason")).getText().equals("Reason: bad-signature"));
    assertThat(browser.driver.findElement(By.id("verdict-heading")).getText()).isEqualTo("INVALID");
    assertThat(browser.driver.findElement(By.id("verdict")).getAttribute("class")).isEqualTo("verdict danger");
    // The pasted code is now the address's fragment, as a QR code's is: the page opened again checks it again.
    browser.loadsNext(() -> browser.driver.navigate().refresh());
    portal.waiting().until(d -> d.findElement(By.id("verdict-reason")).getText().equals("Reason: bad-signature"));
    portal.checkPage("credential-check-invalid");

    // The verifier sets the oldest snapshot she accepts: a second is soon passed, a week is not.
    String code = code(licence.document());
    JsonNode stale = checkOverRest(code, "1s");
    for (int i = 0; i < 40 && stale.path("valid").asBoolean(); i++) {
      Thread.sleep(250); // the snapshot ages with the clock: poll until it is older than a second
      stale = checkOverRest(code, "1s");
    }
    assertThat(stale.path("reason").asText()).as(stale.toString()).isEqualTo("stale-status");
    assertThat(stale.path("snapshotAgeMillis").asLong()).isGreaterThan(1_000);
    assertThat(checkOverRest(code, "7d").path("valid").asBoolean()).isTrue();
    assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/v1/credentials/check"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"code\": \"" + code + "\", \"maxAge\": \"soon\"}")).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(400);

    // Without JavaScript the paste form asks the page itself: text that is no code reads as unreadable.
    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
        + "/ui/credentials/check?code=" + URLEncoder.encode("MLCRED1:not-a-code!", StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("INVALID").contains("unreadable");
  }

  @Test
  @Order(2)
  void theClinicianSeesHerOwnLicencesWithStandingScopesAndValidity() throws Exception {
    portal.signInAs(drWang);
    browser.clickToLoad(By.linkText("My credentials"));
    WebElement mb = browser.driver.findElement(By.cssSelector("section.credential[data-licence='MB-1001']"));
    assertThat(mb.getAttribute("data-standing")).isEqualTo("active");
    assertThat(mb.findElement(By.tagName("h2")).getText()).isEqualTo("Physician licence MB-1001: active");
    assertThat(mb.findElement(By.className("scopes")).getText()).contains("prescribe").contains("break-glass");
    assertThat(mb.findElement(By.className("validity")).getText()).matches("\\d{4}-\\d{2}-\\d{2} to \\d{4}-\\d{2}-\\d{2}");
    assertThat(mb.getText()).contains(BOARD).contains("Emergency medicine");
    assertThat(browser.driver.findElements(By.linkText("Issued credentials"))).isEmpty();
    portal.checkPage("clinician-credentials");
  }

  @Test
  @Order(3)
  void theIssuerSuspendsALicenceWithATransactionHerBrowserSignsAndTheClinicianAndTheCheckSeeIt() throws Exception {
    portal.signInAs(issuer);
    browser.clickToLoad(By.linkText("Issued credentials"));
    WebElement row = browser.driver.findElement(By.cssSelector("tr.credential-row[data-licence='MB-1001']"));
    assertThat(row.getAttribute("data-standing")).isEqualTo("active");
    assertThat(row.getText()).contains("org-0").contains(drWang.id().hex()).contains("prescribe");
    portal.checkPage("issuer-issued");
    browser.clickToLoad(By.linkText("Change MB-1001"));
    assertThat(browser.driver.findElement(By.id("standing")).getAttribute("data-standing")).isEqualTo("active");
    portal.checkPage("issuer-credential");
    new Select(browser.driver.findElement(By.id("change-action"))).selectByValue("suspend");
    browser.driver.findElement(By.id("change-reason")).sendKeys("complaint under review");
    browser.clickToLoad(By.cssSelector("#change-form button[type=submit]"));
    portal.waiting().until(d -> d.findElement(By.id("statement-decoded")).getText().contains("credentials.suspend"));
    assertThat(browser.driver.findElement(By.id("statement-decoded")).getText()).contains("MB-1001")
        .contains("complaint under review").contains(issuer.id().hex());
    portal.checkPage("issuer-sign-suspend");
    signInBrowser(issuer);
    portal.waiting().until(d -> d.getCurrentUrl().endsWith("/ui/credentials/change"));
    assertThat(browser.driver.findElement(By.id("credential-notice")).getText()).startsWith("Licence MB-1001 suspended in block");
    Credential onLedger = credential("MB-1001");
    assertThat(onLedger.status()).isEqualTo(CredentialStatus.SUSPENDED);
    assertThat(onLedger.statusReason()).isEqualTo("complaint under review");
    portal.checkPage("issuer-suspended");

    portal.signInAs(drWang);
    portal.open("/ui/credentials/mine");
    WebElement mb = browser.driver.findElement(By.cssSelector("section.credential[data-licence='MB-1001']"));
    assertThat(mb.getAttribute("data-standing")).isEqualTo("suspended");
    assertThat(mb.findElement(By.className("standing-reason")).getText()).contains("complaint under review");

    // A code with a fresh snapshot now fails, with the suspension's reason code.
    browser.driver.manage().deleteAllCookies();
    browser.driver.get(link(licence.document()));
    portal.waiting().until(d -> "INVALID".equals(d.findElement(By.id("verdict-heading")).getText()));
    assertThat(browser.driver.findElement(By.id("verdict-reason")).getText()).isEqualTo("Reason: suspended");
    assertThat(browser.driver.findElement(By.id("verdict-message")).getText()).contains("complaint under review");
  }

  @Test
  @Order(4)
  void theIssuerIssuesALicenceSigningItsProofAndItsTransactionInHerBrowserAndItsCodeChecksValid() throws Exception {
    portal.signInAs(issuer);
    portal.open("/ui/credentials/issued");
    browser.clickToLoad(By.id("issue-link"));
    portal.checkPage("issuer-issue-form");
    browser.driver.findElement(By.id("issue-holder")).sendKeys(drWang.id().hex());
    browser.driver.findElement(By.id("issue-licence")).sendKeys("MB-2002");
    browser.driver.findElement(By.id("issue-specialties")).sendKeys("Cardiology");
    browser.driver.findElement(By.id("scope-record-care")).click();
    browser.driver.findElement(By.id("scope-sign-claims")).click();
    browser.clickToLoad(By.cssSelector("#issue-form button[type=submit]"));
    // Her browser computed the proof's bytes from the document itself and found the node's the same.
    portal.waiting().until(d -> d.findElement(By.id("credential-decoded")).getText().contains("Cardiology"));
    assertThat(browser.driver.findElement(By.id("credential-decoded")).getText()).contains("MB-2002")
        .contains("sign-claims, record-care").contains("ecdsa-jcs-2019 by urn:medledger:certificate:" + issuer.id().hex());
    portal.checkPage("issuer-sign-credential");
    Path key = portal.keyFile(issuer.name(), issuer.keys().getPrivate());
    browser.driver.findElement(By.id("proof-key")).sendKeys(key.toAbsolutePath().toString());
    browser.driver.findElement(By.cssSelector("#proof-form button[type=submit]")).click();
    portal.waiting().until(d -> d.getCurrentUrl().endsWith("/ui/credentials/issue-transaction"));
    portal.waiting().until(d -> d.findElement(By.id("statement-decoded")).getText().contains("credentials.issue"));
    assertThat(browser.driver.findElement(By.id("statement-decoded")).getText()).contains("MB-2002").contains("Cardiology");
    signInBrowser(issuer);
    portal.waiting().until(d -> d.getCurrentUrl().endsWith("/ui/credentials/issue-submit"));
    assertThat(browser.driver.findElement(By.id("credential-notice")).getText())
        .startsWith("Licence MB-2002 issued to org-0 in block");
    SignedCredential shown = SignedCredential.parse(browser.driver.findElement(By.id("credential-document")).getText());
    Credential onLedger = credential("MB-2002");
    assertThat(onLedger.status()).isEqualTo(CredentialStatus.ACTIVE);
    assertThat(onLedger.issuedBy()).as("signed by her own key").isEqualTo(issuer.id());
    assertThat(onLedger.document()).as("the document she was given is the one on the ledger")
        .isEqualTo(shown.hash(net.suite));
    assertThat(onLedger.scopes()).containsExactly(Scope.SIGN_CLAIMS, Scope.RECORD_CARE);

    browser.clickToLoad(By.id("check-link"));
    portal.waiting().until(d -> "VALID".equals(d.findElement(By.id("verdict-heading")).getText()));
    assertThat(browser.driver.findElement(By.id("verdict-message")).getText()).startsWith("Physician licence MB-2002 of " + BOARD);
  }

  @Test
  @Order(5)
  void aHospitalAdminIsRefusedTheIssuerScreensAndHerForgedFormsChangeNothing() throws Exception {
    portal.signInAs(admin);
    assertThat(browser.driver.findElements(By.linkText("Issued credentials"))).isEmpty();
    portal.open("/ui/credentials/issued");
    assertThat(portal.text()).contains("Refused").contains("licensing authority").contains("you are admin of org-0")
        .doesNotContain("MB-1001");
    portal.checkPage("admin-refused-issuer");
    String csrf = portal.csrf();
    long height = validators.node(0).ledger().height();
    HttpResponse<String> refused = portal.postWithSession("/ui/credentials/change-review",
        Map.of("csrf", csrf, "licence", "MB-1001", "action", "reinstate", "reason", "our doctor is fine"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("licensing authority").doesNotContain("credentials.reinstate");
    HttpResponse<String> signed = portal.postWithSession("/ui/credentials/change",
        Map.of("csrf", csrf, "payload", "00", "signature", "00"));
    assertThat(signed.statusCode()).isEqualTo(403);
    portal.open("/ui/credentials/issue");
    assertThat(portal.text()).contains("Refused").contains("licensing authority").doesNotContain("Licence number");
    HttpResponse<String> issue = portal.postWithSession("/ui/credentials/issue-proof", Map.of("csrf", csrf, "holder",
        drWang.id().hex(), "licence", "ANN-1", "profession", "Physician", "scope", "break-glass", "validFrom", "2026-01-01",
        "validUntil", "2030-01-01"));
    assertThat(issue.statusCode()).isEqualTo(403);
    assertThat(CredentialsContract.find(validators.node(0).ledger().state(), "org-0", "ANN-1")).isEmpty();
    assertThat(credential("MB-1001").status()).isEqualTo(CredentialStatus.SUSPENDED);
    assertThat(validators.node(0).ledger().height()).as("nothing sent").isEqualTo(height);
  }

  @Test
  @Order(6)
  void thePatientSeesHerCareTimelineWithItsMilestonesAndVerifiesAReceipt() throws Exception {
    portal.signInAs(alice);
    browser.clickToLoad(By.linkText("My care"));
    List<WebElement> entries = browser.driver.findElements(By.cssSelector("li.care-entry"));
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).getAttribute("data-id")).isEqualTo(discharge.hex());
    assertThat(entries.get(0).getText()).contains("Discharged, signed by a clinician of org-0");
    assertThat(entries.get(1).getAttribute("data-id")).isEqualTo(outcome.hex());
    assertThat(entries.get(1).getText()).contains("Outcome reported, reported by the patient");
    String look = browser.driver.findElement(By.id("look-audit")).getText();
    assertThat(CareContract.viewsOf(validators.node(0).ledger().state(), aliceId)).as("her look is on the ledger")
        .anyMatch(v -> v.id().hex().equals(look) && v.served() && v.viewer().equals(alice.id()));
    portal.checkPage("patient-care-timeline");
    WebElement out = portal.verify("verify-" + discharge.hex());
    assertThat(out.getAttribute("data-verified")).as(out.getText()).isEqualTo("true");
    assertThat(out.getText()).contains("Verified in this browser");
    JsonNode receipt = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        portal.getWithSession("/ui/care/receipt?milestone=" + discharge.hex()).body());
    assertThat(receipt.path("kind").asText()).isEqualTo("transaction");
  }

  @Test
  @Order(7)
  void anotherPatientIsShownNoneOfTheTimelineAndHerLookIsLoggedAsRefused() throws Exception {
    portal.signInAs(bob);
    portal.open("/ui/care/timeline?patient=" + aliceId.hex());
    assertThat(portal.text()).contains("There is no care timeline of patient " + aliceId.hex() + " that you may see.")
        .doesNotContain("Discharged");
    portal.checkPage("other-patient-care-refused");
    assertThat(CareContract.viewsOf(validators.node(0).ledger().state(), aliceId)).as("her refused look is on the ledger")
        .anyMatch(v -> v.viewer().equals(bob.id()) && !v.served());
    assertThat(portal.getWithSession("/ui/care/receipt?milestone=" + discharge.hex()).statusCode()).isEqualTo(404);
    portal.open("/ui/care/timeline");
    assertThat(browser.driver.findElements(By.cssSelector("li.care-entry"))).isEmpty();
    assertThat(portal.text()).contains("No hospital has recorded care here yet.");
  }

  /**
   * Least privilege (issue 19 item 5): org-0 cares for alice, and its admin opens her timeline by
   * id. Shown none of it (every entry is clinical), her look on the ledger as refused; org-0's
   * clinician, on the same page, sees the discharge.
   */
  @Test
  @Order(8)
  void theCaringHospitalsAdminIsShownNoneOfThePatientsTimelineAndItsClinicianIs() throws Exception {
    portal.signInAs(admin);
    portal.open("/ui/care/timeline?patient=" + aliceId.hex());
    assertThat(portal.text()).contains("There is no care timeline of patient " + aliceId.hex() + " that you may see.")
        .doesNotContain("Discharged").doesNotContain("Outcome reported");
    portal.checkPage("admin-care-refused");
    assertThat(CareContract.viewsOf(validators.node(0).ledger().state(), aliceId)).as("her refused look is on the ledger")
        .anyMatch(v -> v.viewer().equals(admin.id()) && !v.served());
    portal.signInAs(drWang);
    portal.open("/ui/care/timeline?patient=" + aliceId.hex());
    assertThat(browser.driver.findElements(By.cssSelector("li.care-entry"))).extracting(e -> e.getAttribute("data-id"))
        .contains(discharge.hex());
  }

  /** A presentation of {@code document} with a status snapshot fetched now. */
  CredentialPresentation presentation(JsonNode document) {
    JsonNode snapshot = new MedLedgerClient(base).get("v1/credentials/" + BOARD + "/MB-1001/snapshot");
    return new CredentialPresentation(document, Pem.certificate(issuer.certificate()), snapshot);
  }

  /** Its code's text, as pasted. */
  String code(JsonNode document) {
    return CredentialQr.text(presentation(document));
  }

  /** {@code POST /v1/credentials/check}, as the page's script and any client call it, with no sign-in. */
  JsonNode checkOverRest(String code, String maxAge) throws Exception {
    String body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("code", code).put("maxAge", maxAge)
        .toString();
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/v1/credentials/check"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
  }

  /** The check page's link a QR code of it opens, the code in the fragment. */
  String link(JsonNode document) {
    return CredentialQr.link(base + "/ui/credentials/check", presentation(document));
  }

  Credential credential(String number) {
    return CredentialsContract.find(validators.node(0).ledger().state(), BOARD, number).orElseThrow();
  }

  /** Picks the member's key file on a sign page and sends the form her browser signs. */
  void signInBrowser(BftTestNetwork.Member m) throws Exception {
    portal.signStatement(portal.keyFile(m.name(), m.keys().getPrivate()));
  }
}
