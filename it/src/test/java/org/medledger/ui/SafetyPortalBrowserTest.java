package org.medledger.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.safety.contract.IssuingAgency;
import org.medledger.apps.safety.contract.Udi;
import org.medledger.apps.safety.contract.events.AdverseEventQueries;
import org.medledger.client.ReceiptVerifier;
import org.medledger.client.Verification;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.RunningValidators;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The device-safety pages in a real browser (Debian's headless chromium) against a real validator (one, ordering alone)
 * whose organisation holds every role: a lot commissioned, two packs dispensed to alice and bob
 * and recorded, alice agreeing to be reached about a recall. The regulator sets a threshold of two
 * reports on the lot; alice reports her own reaction (and is refused reporting in bob's name: the
 * contract's refusal on the page) and downloads her receipt, which verifies against the genesis;
 * a clinician's report on a lot the ledger never saw is refused by name, his report on bob's pack
 * crosses the threshold; a pharmacist reports harm from a home monitor by its UDI, counted against
 * its model; the regulator sees the counts and the signal, opens the lot (its holder,
 * alice by id, bob counted) and recalls it, each act signed in her browser. The cheat: a
 * clinician opening the regulator's screens gets 403. Each page passes axe-core, the keyboard
 * walk and 320 px without horizontal scroll.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SafetyPortalBrowserTest {
  private static final String GTIN = "09506000134352";
  private static final String PUMP_DI = "51022222233336";
  /** An infusion pump's unit, labelled by the UDI codec so its check digit is right. */
  private static final String UDI = new Udi(IssuingAgency.GS1, PUMP_DI, Optional.of("A213B1"),
      Optional.of(LocalDate.of(2028, 7, 7)), Optional.of("PX0001"), Optional.empty()).render();
  @TempDir static Path dir;
  MedLedgerNode node;
  BftTestNetwork net;
  PortalBrowser browser;
  PortalSession portal;
  String base;
  BftTestNetwork.Member regulator;
  BftTestNetwork.Member maker;
  BftTestNetwork.Member pharmacist;
  BftTestNetwork.Member clinician;
  BftTestNetwork.Member alice;
  BftTestNetwork.Member bob;

  @BeforeAll
  void start() throws Exception {
    net = new BftTestNetwork(dir, "intl", List.of(List.of(Role.values())));
    net.configs.replaceAll(c -> c.withPortalTokenSignIn(true));
    regulator = net.member(0, "inspector", Role.REGULATOR);
    maker = net.member(0, "factory", Role.MAKER);
    pharmacist = net.member(0, "pharmacist", Role.PHARMACY);
    clinician = net.member(0, "dr-li", Role.CLINICIAN);
    alice = net.member(0, "alice", Role.PATIENT);
    bob = net.member(0, "bob", Role.PATIENT);
    node = MedLedgerNode.start(net.configs.get(0));
    // Independent transactions go in together, one wait a step, so the setup costs a few blocks, not one a transaction.
    List<Transaction> members = new ArrayList<>();
    for (BftTestNetwork.Member m : List.of(regulator, maker, pharmacist, clinician, alice, bob)) {
      members.add(net.register(m));
    }
    commitAll(members);
    List<Transaction> patients = new ArrayList<>(List.of(net.tx(regulator, "drugs", "recordPrefix", "prefix", "9506000",
        "organisation", "org-0")));
    for (BftTestNetwork.Member p : List.of(alice, bob)) {
      patients.add(net.tx(clinician, "patients", "register", "publicKey", Hex.encode(p.keys().getPublic().getEncoded()), "custody",
          "self", "signature", CareRegistration.sign(p.signer(), net.genesis.chainId(), PatientId.of(net.suite.hash(),
              p.keys().getPublic().getEncoded()), "org-0")));
    }
    commitAll(patients);
    commitAll(List.of(net.tx(maker, "drugs", "registerGtin", "gtin", GTIN), net.tx(maker, "devices", "registerModel", "di", PUMP_DI,
        "name", "Infusion pump X", "deviceClass", "IIb", "kind", "home-monitor")));
    commitAll(List.of(net.tx(maker, "drugs", "commission", "gtin", GTIN, "lot", "L1", "expiry", "301231", "serials", "1..4"),
        net.tx(maker, "devices", "registerUnit", "udi", UDI)));
    commit(net.tx(pharmacist, "drugs", "dispense", "gtin", GTIN, "serials", "1,2"));
    commitAll(List.of(net.tx(pharmacist, "adverseEvents", "recordDispensing", "gtin", GTIN, "serial", "1", "patient", id(alice)),
        net.tx(pharmacist, "adverseEvents", "recordDispensing", "gtin", GTIN, "serial", "2", "patient", id(bob)),
        net.tx(alice, "adverseEvents", "setRecallContact", "granted", "true")));
    base = "http://127.0.0.1:" + node.apiPort();
    browser = PortalBrowser.start();
    portal = new PortalSession(browser, base, net.suite, dir, Duration.ofSeconds(30));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  @Order(1)
  void theRegulatorSetsAThresholdOnTheLotSignedInHerBrowser() throws Exception {
    portal.signInAs(regulator);
    browser.clickToLoad(By.linkText("Safety signals"));
    assertThat(browser.bodyText()).contains("No signal is raised.").contains("No threshold is set");
    portal.checkPage("safety-signals-empty");
    fill("threshold-gtin", GTIN);
    fill("threshold-lot", "L1");
    fill("threshold-reports", "2");
    browser.clickToLoad(By.cssSelector("#threshold-form button[type=submit]"));
    waitUntilDecoded("adverseEvents.setThreshold");
    assertThat(browser.driver.findElement(By.id("statement-facts")).getText()).contains("GTIN " + GTIN + ", lot L1");
    portal.checkPage("safety-sign-threshold");
    signAndSend(regulator);
    assertThat(notice()).contains("The threshold of 2 report(s) is committed");
  }

  @Test
  @Order(2)
  void aliceReportsHerOwnReactionAndKeepsAReceiptButCannotReportInBobsName() throws Exception {
    portal.signInAs(alice);
    browser.clickToLoad(By.linkText("Report an adverse event"));
    assertThat(browser.driver.findElement(By.id("report-patient")).getAttribute("value")).isEqualTo(id(alice));
    portal.checkPage("safety-report-form");

    // In bob's name: the page prepares it, her browser signs it, the contract refuses it, nothing changes.
    fillReport(id(bob), "L1", "", "rash", "urticaria");
    browser.clickToLoad(By.cssSelector("#report-form button[type=submit]"));
    waitUntilDecoded("adverseEvents.report");
    signAndSend(alice);
    assertThat(browser.bodyText()).contains("the ledger refused the report (forbidden)")
        .contains("a patient reports her own adverse events only").contains("Nothing changed.");
    assertThat(AdverseEventQueries.casesOfPatient(node.ledger().state(), id(bob))).isEmpty();

    portal.open("/ui/safety/report");
    fillReport(id(alice), "L1", "", "rash", "urticaria");
    browser.clickToLoad(By.cssSelector("#report-form button[type=submit]"));
    waitUntilDecoded("adverseEvents.report");
    assertThat(browser.driver.findElement(By.id("statement-facts")).getText()).contains("Rash, Urticaria (hives)")
        .contains("GTIN " + GTIN + ", lot L1");
    portal.checkPage("safety-sign-report");
    signAndSend(alice);
    List<String> cases = AdverseEventQueries.casesOfPatient(node.ledger().state(), id(alice));
    assertThat(cases).hasSize(1);
    assertThat(notice()).contains("The report is committed as case " + cases.get(0)).contains("Keep its receipt");

    // Her receipt, downloaded with her session, checks against the genesis alone.
    String href = browser.driver.findElement(By.id("receipt-link")).getAttribute("href");
    HttpResponse<String> receipt = portal.getWithSession(URI.create(href).getRawPath() + "?" + URI.create(href).getRawQuery());
    assertThat(receipt.statusCode()).isEqualTo(200);
    Verification checked = new ReceiptVerifier(net.genesis).verify(new ObjectMapper().readTree(receipt.body()));
    assertThat(checked).isInstanceOf(Verification.Verified.class);
    // Nobody else's: bob is told there is no such case of his.
    portal.signInAs(bob);
    assertThat(portal.getWithSession(URI.create(href).getRawPath() + "?" + URI.create(href).getRawQuery()).statusCode()).isEqualTo(404);
  }

  @Test
  @Order(3)
  void aClinicianIsRefusedBadInputByNameHisReportCrossesTheThresholdAndTheRegulatorsScreensAre403ToHim() throws Exception {
    portal.signInAs(clinician);
    assertThat(portal.getWithSession("/ui/safety/signals").statusCode()).isEqualTo(403);
    assertThat(portal.getWithSession(lotPath()).statusCode()).isEqualTo(403);
    assertThat(portal.getWithSession("/ui/safety/signal-receipt?key=signal%2Flot%2F" + GTIN + "%2FL1%2F0000000002").statusCode()).isEqualTo(403);
    portal.open("/ui/safety/signals");
    assertThat(browser.bodyText()).contains("are the regulator's screens; the ledger holds you as clinician of org-0")
        .doesNotContain("Set a threshold");

    portal.open("/ui/safety/report");
    fillReport(id(bob), "L1", "", new String[0]);
    browser.clickToLoad(By.cssSelector("#report-form button[type=submit]"));
    assertThat(browser.bodyText()).contains("reactions: tick at least one reaction term");

    portal.open("/ui/safety/report");
    fillReport(id(bob), "NOPE", "", "rash");
    browser.clickToLoad(By.cssSelector("#report-form button[type=submit]"));
    waitUntilDecoded("adverseEvents.report");
    signAndSend(clinician);
    assertThat(browser.bodyText()).contains("the ledger refused the report (unknown_lot)").contains("lot NOPE of GTIN " + GTIN);

    portal.open("/ui/safety/report");
    fillReport(id(bob), "L1", "2", "angioedema");
    browser.clickToLoad(By.cssSelector("#report-form button[type=submit]"));
    waitUntilDecoded("adverseEvents.report");
    signAndSend(clinician);
    assertThat(notice()).contains("The report is committed as case").doesNotContain("Keep its receipt");

    // A pharmacist reports harm from a home monitor by its UDI: counted against its model.
    portal.signInAs(pharmacist);
    browser.clickToLoad(By.linkText("Report an adverse event"));
    fillReport(id(alice), "", "", "device-site-infection");
    fill("report-gtin", "");
    fill("report-udi", UDI);
    browser.clickToLoad(By.cssSelector("#report-form button[type=submit]"));
    waitUntilDecoded("adverseEvents.report");
    assertThat(browser.driver.findElement(By.id("statement-facts")).getText()).contains("Suspect device").contains(UDI);
    signAndSend(pharmacist);
    assertThat(notice()).contains("The report is committed as case");
  }

  @Test
  @Order(4)
  void theRegulatorSeesTheSignalOpensTheLotAndRecallsIt() throws Exception {
    portal.signInAs(regulator);
    portal.open("/ui/safety/signals");
    WebElement signal = browser.driver.findElement(By.cssSelector("#signals tr.signal-row"));
    assertThat(signal.getText()).contains("GTIN " + GTIN + ", lot L1").contains("2");
    assertThat(browser.driver.findElement(By.id("lot-counts")).getText()).contains("GTIN " + GTIN + ", lot L1 2");
    assertThat(browser.driver.findElement(By.id("model-counts")).getText()).contains(PUMP_DI + " 1");
    assertThat(browser.driver.findElement(By.id("thresholds")).getText()).contains("2").contains("org-0");
    portal.checkPage("safety-signals");
    // The signal's state receipt, downloaded with her session, checks against the genesis alone.
    String receiptHref = browser.driver.findElement(By.cssSelector("#signals a.signal-receipt")).getAttribute("href");
    HttpResponse<String> signalReceipt = portal.getWithSession(URI.create(receiptHref).getRawPath() + "?"
        + URI.create(receiptHref).getRawQuery());
    assertThat(signalReceipt.statusCode()).isEqualTo(200);
    assertThat(new ReceiptVerifier(net.genesis).verify(new ObjectMapper().readTree(signalReceipt.body())))
        .isInstanceOf(Verification.Verified.class);

    browser.clickToLoad(By.cssSelector("#signals tr.signal-row a"));
    assertThat(browser.driver.findElement(By.id("lot-recall")).getText()).isEqualTo("not recalled");
    assertThat(browser.driver.findElement(By.id("lot-reports")).getText()).isEqualTo("2");
    assertThat(browser.driver.findElement(By.id("holders")).getText()).contains("org-0");
    assertThat(browser.driver.findElement(By.id("contactable")).getText()).isEqualTo(id(alice));
    assertThat(browser.driver.findElement(By.id("received-summary")).getText())
        .startsWith("2 pack(s) recorded as dispensed to patients; 1 patient(s) did not agree");
    portal.checkPage("safety-lot");

    browser.driver.findElement(By.id("recall-reason")).sendKeys("signal: 2 reports of skin reactions");
    browser.clickToLoad(By.cssSelector("#recall-form button[type=submit]"));
    waitUntilDecoded("drugs.recall");
    signAndSend(regulator);
    assertThat(notice()).contains("Lot L1 of GTIN " + GTIN + " is recalled");
    browser.clickToLoad(By.partialLinkText("who holds it"));
    assertThat(browser.driver.findElement(By.id("lot-recall")).getText()).isEqualTo("recalled");
    assertThat(browser.driver.findElement(By.id("recalls")).getText()).contains("signal: 2 reports of skin reactions")
        .contains("regulator");
  }

  private static String lotPath() {
    return "/ui/safety/lot?gtin=" + GTIN + "&lot=L1";
  }

  private String id(BftTestNetwork.Member patient) {
    return PatientId.of(net.suite.hash(), patient.keys().getPublic().getEncoded()).toString();
  }

  private void commit(Transaction tx) throws InterruptedException {
    commitAll(List.of(tx));
  }

  private void commitAll(List<Transaction> txs) throws InterruptedException {
    List<Hash> ids = new ArrayList<>();
    for (Transaction tx : txs) {
      AdmissionResult r = node.admission().submit(tx);
      assertThat(r).as(r.toString()).isInstanceOf(AdmissionResult.Accepted.class);
      ids.add(tx.id(net.suite.hash()));
    }
    for (Hash id : ids) {
      RunningValidators.await("committed", 30_000, () -> node.ledger().transaction(id).isPresent());
      var outcome = node.ledger().transaction(id).orElseThrow().outcome();
      assertThat(outcome.success()).as(outcome.code() + ": " + outcome.message()).isTrue();
    }
  }

  /** The report form: bob's or her own id, a lot (and pack) of the GTIN, the ticked reactions, the rest as a person fills it. */
  private void fillReport(String patient, String lot, String serial, String... reactions) {
    fill("report-patient", patient);
    for (String r : reactions) {
      browser.driver.findElement(By.id("reaction-" + r)).click();
    }
    fill("report-description", "itchy weals on both arms after the second dose");
    fill("report-onset", "2026-01-10");
    new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("report-outcome"))).selectByValue("recovering");
    fill("report-gtin", GTIN);
    fill("report-lot", lot);
    fill("report-serial", serial);
  }

  private void fill(String id, String text) {
    WebElement field = browser.driver.findElement(By.id(id));
    browser.js().executeScript("arguments[0].value = arguments[1];", field, text);
  }

  private String notice() {
    return browser.driver.findElement(By.id("safety-notice")).getText();
  }

  private void waitUntilDecoded(String action) {
    portal.waiting().until(d -> d.findElement(By.id("statement-decoded")).getText().contains(action));
  }

  private void signAndSend(BftTestNetwork.Member who) throws Exception {
    Path key = portal.keyFile(who.name(), who.keys().getPrivate());
    browser.loadsNext(() -> portal.signStatement(key));
  }
}
