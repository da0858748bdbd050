package org.medledger.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.insurance.contract.Benefit;
import org.medledger.apps.insurance.contract.ClaimStatus;
import org.medledger.apps.insurance.contract.InsuranceReads;
import org.medledger.apps.insurance.contract.ProductTerms;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.RunningValidators;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Insurance's portal pages in a real browser (Debian's headless chromium) against four validators
 * (a hospital, two insurers, a regulator): the insurer's products, policies, claims queue with a
 * pended claim and its deadline, a claim's lines with their reasons and its money in words, and
 * payments; the assessor approving the pended claim with a transaction her browser signs; the
 * hospital's billing screen; the patient's policy and EOBs, whose receipt her browser verifies
 * and a tampered copy fails on its figures. The cheats: a rival insurer and another patient see
 * nothing of hers, and the rival's decision form is refused. Each page passes axe-core, the
 * keyboard walk and 320 px without horizontal scroll.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InsurancePortalBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  RunningValidators validators;
  BftTestNetwork net;
  PortalBrowser browser;
  PortalSession portal;
  String base;
  BftTestNetwork.Member drA;
  BftTestNetwork.Member assessor;
  BftTestNetwork.Member rival;
  BftTestNetwork.Member auditor;
  BftTestNetwork.Member alice;
  BftTestNetwork.Member bob;
  String policy;
  String paidClaim;
  String pendedClaim;
  String deniedClaim;

  @BeforeAll
  void start() throws Exception {
    net = new BftTestNetwork(dir, "intl", List.of(BftTestNetwork.HOSPITAL, BftTestNetwork.INSURER, BftTestNetwork.INSURER,
        BftTestNetwork.REGULATOR));
    net.configs.replaceAll(c -> c.withPortalTokenSignIn(true));
    drA = net.member(0, "dr-a", Role.CLINICIAN);
    assessor = net.member(1, "assessor", Role.INSURER);
    rival = net.member(2, "rival-assessor", Role.INSURER);
    auditor = net.member(3, "auditor", Role.REGULATOR);
    alice = net.member(0, "patient-1", Role.PATIENT);
    bob = net.member(0, "patient-2", Role.PATIENT);
    validators = RunningValidators.start(net);
    for (BftTestNetwork.Member m : List.of(drA, assessor, rival, auditor, alice, bob)) {
      validators.commit(net.register(m));
    }
    PatientId aliceId = PatientId.of(net.suite.hash(), alice.keys().getPublic().getEncoded());
    for (var p : List.of(alice, bob)) {
      PatientId id = PatientId.of(net.suite.hash(), p.keys().getPublic().getEncoded());
      validators.commit(net.tx(drA, "patients", "register", "publicKey", Hex.encode(p.keys().getPublic().getEncoded()),
          "signature", CareRegistration.sign(p.signer(), net.genesis.chainId(), id, "org-0")));
    }
    base = "http://127.0.0.1:" + validators.node(0).apiPort();
    MedLedgerClient asDrA = login(0, drA);
    MedLedgerClient asAssessor = login(1, assessor);
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    // Deductible 100.00 EUR, the insurer pays 80 % after it, a cosmetic code excluded, claims above 2,000.00 EUR pended.
    ProductTerms product = new ProductTerms("EUR", 10_000, 2_000, 0, 0, List.of(new Benefit("inpatient", new TreeSet<>(), 0)),
        new TreeSet<>(Set.of("COSMETIC-01")), new TreeSet<>(), 200_000, 72);
    committed(asAssessor.post("v1/insurance/products", signed(net.tx(assessor, "insurance", "publishProduct",
        "product", "basic", "terms", Hex.encode(product.encode())))));
    policy = committed(asAssessor.post("v1/insurance/policies", signed(net.tx(assessor, "insurance", "issuePolicy",
        "product", "basic", "patient", aliceId.value().hex(), "start", today,
        "end", LocalDate.now(ZoneOffset.UTC).plusYears(1).toString()))));
    paidClaim = committed(asDrA.post("v1/insurance/claims", claimBody(policy, line("WARD-DAY", 2, 30_000, today),
        line("COSMETIC-01", 1, 50_000, today), line("XRAY-01", 1, 9_000, today))));
    committed(asAssessor.post("v1/insurance/payments", signed(net.tx(assessor, "insurance", "recordPayment", "claims",
        paidClaim, "amount", "47200", "currency", "EUR", "reference", "SEPA-1"))));
    pendedClaim = committed(asDrA.post("v1/insurance/claims", claimBody(policy, line("ICU-DAY", 10, 30_000, today))));
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

  @Test
  @Order(1)
  void theInsurerSeesItsQueueWithThePendedClaimAndItsDeadlineProductsPoliciesAndPayments() throws Exception {
    portal.signInAs(assessor);
    browser.clickToLoad(By.linkText("Claims queue"));
    WebElement pended = browser.driver.findElement(By.id("pended"));
    assertThat(pended.getText()).contains("org-0").contains("3000.00 EUR").contains("pended").contains("UTC");
    assertThat(browser.driver.findElements(By.cssSelector("#pended tbody tr"))).hasSize(1);
    assertThat(browser.driver.findElement(By.cssSelector(".pended-row")).getAttribute("data-claim")).isEqualTo(pendedClaim);
    assertThat(browser.driver.findElements(By.cssSelector("#claims tbody tr"))).hasSize(2);
    assertThat(browser.driver.findElement(By.id("claims")).getText()).contains("paid").contains("472.00 EUR").contains("718.00 EUR");
    portal.checkPage("insurer-claims-queue");

    portal.open("/ui/insurance/products");
    assertThat(portal.text()).contains("basic").contains("100.00 EUR").contains("80 % after the deductible").contains("COSMETIC-01")
        .contains("claims above 2000.00 EUR; decide within 72 h").contains("inpatient: every code");
    portal.checkPage("insurer-products");
    portal.open("/ui/insurance/policies");
    assertThat(browser.driver.findElement(By.cssSelector(".policy-row")).getAttribute("data-policy")).isEqualTo(policy);
    assertThat(portal.text()).contains("active").contains("basic");
    portal.checkPage("insurer-policies");
    portal.open("/ui/insurance/payments");
    assertThat(browser.driver.findElement(By.id("payments")).getText()).contains("SEPA-1").contains("472.00 EUR").contains("org-0");
    portal.checkPage("insurer-payments");
  }

  @Test
  @Order(2)
  void aClaimShowsEachLineWithItsReasonAndTheMoneyInWords() throws Exception {
    portal.signInAs(assessor);
    portal.open("/ui/insurance/claim?id=" + paidClaim);
    assertThat(browser.driver.findElement(By.id("money-in-words")).getText())
        .isEqualTo("Billed 1190.00 EUR; paid by the insurer 472.00 EUR; the patient owes 718.00 EUR.");
    List<WebElement> lines = browser.driver.findElements(By.cssSelector("#lines tbody tr"));
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1).getAttribute("data-reason")).isEqualTo("excluded");
    assertThat(lines.get(1).getText()).contains("COSMETIC-01").contains("not covered")
        .contains("the product excludes this service").contains("500.00 EUR");
    assertThat(lines.get(0).getText()).contains("WARD-DAY").contains("covered").contains("400.00 EUR").contains("200.00 EUR");
    assertThat(browser.driver.findElements(By.id("decide-form"))).isEmpty();
    portal.checkPage("insurer-claim");
  }

  @Test
  @Order(3)
  void theAssessorApprovesThePendedClaimWithATransactionHerBrowserSigns() throws Exception {
    portal.signInAs(assessor);
    portal.open("/ui/insurance/claim?id=" + pendedClaim);
    assertThat(browser.driver.findElement(By.id("claim-status")).getText()).isEqualTo("pended");
    assertThat(browser.driver.findElement(By.id("pend-deadline")).getText()).endsWith("UTC");
    portal.checkPage("insurer-pended-claim");
    browser.driver.findElement(By.id("decision-reason-input")).sendKeys("ten ward days confirmed by the discharge letter");
    browser.clickToLoad(By.cssSelector("#decide-form button[type=submit]"));
    portal.waiting().until(d -> d.getCurrentUrl().endsWith("/ui/insurance/claim/decide-review"));
    WebElement decoded = browser.driver.findElement(By.id("statement-decoded"));
    portal.waiting().until(d -> decoded.getText().contains("insurance.approveClaim"));
    assertThat(decoded.getText()).contains(pendedClaim).contains("ten ward days confirmed by the discharge letter")
        .contains(assessor.id().hex());
    portal.checkPage("insurer-sign-decision");
    Path key = portal.keyFile("assessor", assessor.keys().getPrivate());
    portal.signStatement(key);
    portal.waiting().until(d -> d.getCurrentUrl().endsWith("/ui/insurance/claim/decide"));
    assertThat(browser.driver.findElement(By.id("decision-notice")).getText()).contains(pendedClaim).contains("approved in block");
    RunningValidators.await("approved on every validator", 30_000, () -> validators.nodes().stream().allMatch(n ->
        InsuranceReads.claim(n.ledger().state(), Hash.fromHex(pendedClaim)).orElseThrow().status() == ClaimStatus.APPROVED));
    // Signed by her, as the REST route's transaction is: the approval's sender is her certificate.
    var claim = InsuranceReads.claim(validators.node(0).ledger().state(), Hash.fromHex(pendedClaim)).orElseThrow();
    assertThat(claim.decisionReason()).isEqualTo("ten ward days confirmed by the discharge letter");

    // A second pended claim, denied with its reason through the same signed path.
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    deniedClaim = committed(login(0, drA).post("v1/insurance/claims", claimBody(policy, line("MRI-01", 1, 250_000, today))));
    portal.open("/ui/insurance/claim?id=" + deniedClaim);
    new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("decision-input"))).selectByValue("deny");
    browser.driver.findElement(By.id("decision-reason-input")).sendKeys("no referral for the scan");
    browser.clickToLoad(By.cssSelector("#decide-form button[type=submit]"));
    portal.waiting().until(d -> d.findElement(By.id("statement-decoded")).getText().contains("insurance.denyClaim"));
    portal.signStatement(key);
    portal.waiting().until(d -> d.getCurrentUrl().endsWith("/ui/insurance/claim/decide"));
    assertThat(browser.driver.findElement(By.id("decision-notice")).getText()).contains(deniedClaim).contains("denied in block");
    portal.open("/ui/insurance/claim?id=" + deniedClaim);
    assertThat(browser.driver.findElement(By.id("claim-status")).getText()).isEqualTo("denied");
    assertThat(browser.driver.findElement(By.id("decision-reason")).getText()).isEqualTo("no referral for the scan");
    assertThat(browser.driver.findElements(By.id("decide-form"))).isEmpty();
  }

  @Test
  @Order(4)
  void aRivalInsurerSeesNoneOfItAndItsDecisionFormIsRefused() throws Exception {
    portal.signInAs(rival);
    portal.open("/ui/insurance/claims");
    assertThat(browser.driver.findElements(By.id("claims"))).isEmpty();
    assertThat(portal.text()).contains("No claims here.").doesNotContain(paidClaim);
    portal.open("/ui/insurance/claim?id=" + paidClaim);
    assertThat(portal.text()).contains("There is no claim " + paidClaim + " that you may see.").doesNotContain("WARD-DAY");
    HttpResponse<String> eob = portal.getWithSession("/ui/insurance/eob?claim=" + paidClaim);
    assertThat(eob.statusCode()).isEqualTo(404);
    portal.open("/ui/insurance/products");
    assertThat(portal.text()).contains("No product is published here yet.").doesNotContain("COSMETIC-01");
    portal.open("/ui/insurance/payments");
    assertThat(portal.text()).doesNotContain("SEPA-1");
    // The cheat: a decision on the other insurer's claim, with a valid CSRF token of its own session.
    portal.open("/ui/insurance/claims");
    String csrf = portal.csrf();
    HttpResponse<String> refused = portal.postWithSession("/ui/insurance/claim/decide-review",
        Map.of("csrf", csrf, "claim", pendedClaim, "decision", "deny", "reason", "we never pay"));
    assertThat(refused.statusCode()).isEqualTo(404);
    assertThat(refused.body()).contains("There is no claim " + pendedClaim + " of org-2 to decide.");
    HttpResponse<String> noToken = portal.postWithSession("/ui/insurance/claim/decide-review",
        Map.of("claim", pendedClaim, "decision", "deny", "reason", "we never pay"));
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(InsuranceReads.claim(validators.node(0).ledger().state(), Hash.fromHex(pendedClaim)).orElseThrow().status())
        .isEqualTo(ClaimStatus.APPROVED);
  }

  @Test
  @Order(5)
  void theHospitalsBillingScreenListsTheClaimsItSubmitted() throws Exception {
    portal.signInAs(drA);
    browser.clickToLoad(By.linkText("Billing"));
    assertThat(browser.driver.findElements(By.cssSelector("#billing tbody tr"))).hasSize(3);
    String table = browser.driver.findElement(By.id("billing")).getText();
    assertThat(table).contains("paid").contains("approved").contains("denied").contains("1190.00 EUR").contains("472.00 EUR").contains("org-1");
    portal.checkPage("hospital-billing");
    // The insurer's pages are not the hospital's.
    portal.open("/ui/insurance/claims");
    assertThat(portal.text()).contains("The claims queue is for insurer or admin or regulator members");
  }

  @Test
  @Order(6)
  void thePatientSeesHerPolicyAndEobsAndVerifiesTheReceiptInHerBrowser() throws Exception {
    portal.signInAs(alice);
    browser.clickToLoad(By.linkText("My insurance"));
    assertThat(browser.driver.findElement(By.cssSelector("dl.policy")).getAttribute("data-policy")).isEqualTo(policy);
    WebElement eob = browser.driver.findElement(By.cssSelector("section.eob[data-claim='" + paidClaim + "']"));
    assertThat(eob.findElement(By.className("money-in-words")).getText())
        .isEqualTo("Billed 1190.00 EUR; paid by your insurer 472.00 EUR; you owe 718.00 EUR.");
    assertThat(eob.getText()).contains("COSMETIC-01").contains("not covered").contains("500.00 EUR");
    assertThat(browser.driver.findElements(By.cssSelector("section.eob"))).hasSize(3);
    portal.checkPage("patient-insurance");
    WebElement out = portal.verify("verify-" + paidClaim);
    assertThat(out.getAttribute("data-verified")).as(out.getText()).isEqualTo("true");
    assertThat(out.getText()).contains("Verified in this browser").contains("stateProof").contains("sealed by")
        .contains("figures: every figure (3 line(s) and the total").contains("you owe 718.00 EUR");
    browser.screenshot("patient-eob-verified");

    JsonNode receipt = JSON.readTree(portal.getWithSession("/ui/insurance/eob?claim=" + paidClaim).body());
    assertThat(verifyInBrowser(receipt)).containsEntry("verified", true);
    // How long the browser's EOB check takes (genesis hashed, validators' keys imported, proof, seals, claim decoded, figures).
    @SuppressWarnings("unchecked")
    List<Number> ms = (List<Number>) browser.driver.executeAsyncScript(
        "var done = arguments[arguments.length - 1], r = JSON.parse(arguments[0]), g = JSON.parse(arguments[1]), t = [];"
            + "(function next(i) { if (i === 20) { done(t); return; } var s = performance.now();"
            + " MedLedgerReceipts.verify(r, g).then(function () { t.push(performance.now() - s); next(i + 1); }); })(0);",
        JSON.writeValueAsString(receipt), portal.getWithSession("/ui/genesis.json").body());
    List<Double> sorted = ms.stream().map(Number::doubleValue).sorted().toList();
    System.out.printf("EOB receipt verified in headless chromium, 20 runs: median %.1f ms, max %.1f ms%n",
        sorted.get(10), sorted.get(19));
    ObjectNode more = receipt.deepCopy();
    ((ObjectNode) more.at("/figures/lines/1")).put("paidByInsurer", 50_000);
    Map<String, Object> failed = verifyInBrowser(more);
    assertThat(failed).containsEntry("verified", false).containsEntry("check", "figures");
    assertThat((String) failed.get("message")).startsWith("line 2 paidByInsurer (figures.lines[1].paidByInsurer)");
    ObjectNode words = receipt.deepCopy();
    ((ObjectNode) words.get("figures")).put("inWords", "You owe nothing.");
    assertThat(verifyInBrowser(words)).containsEntry("check", "figures");
    ObjectNode otherClaim = receipt.deepCopy();
    otherClaim.put("claim", "ab".repeat(32));
    assertThat(verifyInBrowser(otherClaim)).containsEntry("check", "claim");
    ObjectNode value = receipt.deepCopy();
    String v = value.at("/stateReceipt/value").asText();
    ((ObjectNode) value.get("stateReceipt")).put("value", v.substring(0, v.length() - 2) + (v.endsWith("01") ? "02" : "01"));
    assertThat(verifyInBrowser(value)).containsEntry("check", "stateReceipt.stateProof");
  }

  @Test
  @Order(7)
  void anotherPatientSeesNoneOfHersAndTheRegulatorSeesMetadataOnly() throws Exception {
    portal.signInAs(bob);
    portal.open("/ui/insurance/mine");
    assertThat(portal.text()).contains("No insurer has issued you a policy").contains("No hospital has billed your insurer for you yet.")
        .doesNotContain(paidClaim);
    assertThat(portal.getWithSession("/ui/insurance/eob?claim=" + paidClaim).statusCode()).isEqualTo(404);
    portal.open("/ui/insurance/claim?id=" + paidClaim);
    assertThat(portal.text()).contains("There is no claim " + paidClaim + " that you may see.");

    portal.signInAs(auditor);
    portal.open("/ui/insurance/claim?id=" + paidClaim);
    assertThat(browser.driver.findElement(By.id("metadata-only")).getText()).contains("metadata only");
    assertThat(browser.driver.findElements(By.id("lines"))).isEmpty();
    assertThat(portal.text()).contains("Billed 1190.00 EUR").doesNotContain("COSMETIC-01");
    portal.checkPage("regulator-claim");
  }

  @Test
  @Order(8)
  void theInsurerRecordsAPaymentSignedInHerBrowserAndTheClaimAndThePatientsEobShowItPaid() throws Exception {
    // The cheats first: the rival insurer cannot pay another insurer's claim, a hospital cannot record a payment.
    portal.signInAs(rival);
    portal.open("/ui/insurance/pay");
    assertThat(portal.text()).contains("No adjudicated or approved claim of org-2 is waiting for payment.").doesNotContain(pendedClaim);
    String rivalCsrf = portal.csrf();
    HttpResponse<String> notHers = portal.postWithSession("/ui/insurance/pay/review",
        Map.of("csrf", rivalCsrf, "claim", pendedClaim, "amount", "2400.00", "reference", "SEPA-RIVAL"));
    assertThat(notHers.statusCode()).isEqualTo(404);
    assertThat(notHers.body()).contains("There is no claim " + pendedClaim + " of org-2 to pay.");
    // Past the review: the rival's own signed payment of her insurer's claim, and the assessor's signed one sent in the
    // rival's session, are both refused before anything is submitted.
    Transaction rivalPays = net.tx(rival, "insurance", "recordPayment", "claims", pendedClaim, "amount", "240000",
        "currency", "EUR", "reference", "SEPA-RIVAL");
    HttpResponse<String> rivalSigned = portal.postWithSession("/ui/insurance/pay/submit", Map.of("csrf", rivalCsrf,
        "payload", Hex.encode(rivalPays.payloadBytes()), "signature", Hex.encode(rivalPays.signature())));
    assertThat(rivalSigned.statusCode()).isEqualTo(404);
    assertThat(rivalSigned.body()).contains("There is no claim " + pendedClaim + " of org-2 to pay.");
    Transaction assessorPays = net.tx(assessor, "insurance", "recordPayment", "claims", pendedClaim, "amount", "240000",
        "currency", "EUR", "reference", "SEPA-STOLEN");
    HttpResponse<String> stolen = portal.postWithSession("/ui/insurance/pay/submit", Map.of("csrf", rivalCsrf,
        "payload", Hex.encode(assessorPays.payloadBytes()), "signature", Hex.encode(assessorPays.signature())));
    assertThat(stolen.statusCode()).isEqualTo(403);
    assertThat(stolen.body()).contains("This transaction is not yours on this network");
    for (var n : validators.nodes()) {
      assertThat(n.ledger().transaction(rivalPays.id(net.suite.hash()))).isEmpty();
      assertThat(n.ledger().transaction(assessorPays.id(net.suite.hash()))).isEmpty();
    }
    portal.signInAs(drA);
    portal.open("/ui/insurance/pay");
    assertThat(portal.text()).contains("Recording a payment is for insurer or admin members; you are clinician of org-0.");

    portal.signInAs(assessor);
    portal.open("/ui/insurance/payments");
    browser.clickToLoad(By.id("record-payment"));
    assertThat(browser.driver.findElements(By.cssSelector("#payable tbody tr"))).hasSize(1);
    assertThat(browser.driver.findElement(By.cssSelector(".payable-row")).getAttribute("data-claim")).isEqualTo(pendedClaim);
    assertThat(browser.driver.findElement(By.id("payable")).getText()).contains("approved").contains("2400.00 EUR");
    portal.checkPage("insurer-record-payment");
    // A wrong amount is refused before anything is signed, naming what the adjudication has the insurer pay.
    browser.driver.findElement(By.id("pay-" + pendedClaim)).click();
    browser.driver.findElement(By.id("amount-input")).sendKeys("2000.00");
    browser.driver.findElement(By.id("reference-input")).sendKeys("SEPA-2");
    browser.clickToLoad(By.cssSelector("#pay-form button[type=submit]"));
    assertThat(portal.text()).contains("amount: 2000.00 EUR is not what these claims' adjudications have org-1 pay: 2400.00 EUR");

    portal.open("/ui/insurance/pay");
    browser.driver.findElement(By.id("pay-" + pendedClaim)).click();
    browser.driver.findElement(By.id("amount-input")).sendKeys("2400.00");
    browser.driver.findElement(By.id("reference-input")).sendKeys("SEPA-2");
    browser.clickToLoad(By.cssSelector("#pay-form button[type=submit]"));
    WebElement decoded = browser.driver.findElement(By.id("statement-decoded"));
    portal.waiting().until(d -> decoded.getText().contains("insurance.recordPayment"));
    assertThat(decoded.getText()).contains(pendedClaim).contains("240000").contains("SEPA-2").contains(assessor.id().hex());
    assertThat(browser.driver.findElement(By.id("statement-facts")).getText()).contains("Paid to").contains("org-0")
        .contains("2400.00 EUR").contains("SEPA-2");
    portal.checkPage("insurer-sign-payment");
    Path key = portal.keyFile("assessor", assessor.keys().getPrivate());
    browser.loadsNext(() -> portal.signStatement(key));
    assertThat(browser.driver.getCurrentUrl()).endsWith("/ui/insurance/pay/submit");
    assertThat(browser.driver.findElement(By.id("payment-notice")).getText()).contains("of 2400.00 EUR to org-0 for 1 claim")
        .contains("recorded in block");
    RunningValidators.await("paid on every validator", 30_000, () -> validators.nodes().stream().allMatch(n ->
        InsuranceReads.claim(n.ledger().state(), Hash.fromHex(pendedClaim)).orElseThrow().status() == ClaimStatus.PAID));
    portal.open("/ui/insurance/claim?id=" + pendedClaim);
    assertThat(browser.driver.findElement(By.id("claim-status")).getText()).isEqualTo("paid");
    portal.open("/ui/insurance/payments");
    assertThat(browser.driver.findElement(By.id("payments")).getText()).contains("SEPA-2").contains("2400.00 EUR");
    // Paying it again is refused before signing: it is paid.
    HttpResponse<String> twice = portal.postWithSession("/ui/insurance/pay/review",
        Map.of("csrf", portal.csrf(), "claim", pendedClaim, "amount", "2400.00", "reference", "SEPA-3"));
    assertThat(twice.statusCode()).isEqualTo(400);
    assertThat(twice.body()).contains("claim " + pendedClaim + " is paid: only an adjudicated or approved claim is paid");

    portal.signInAs(alice);
    portal.open("/ui/insurance/mine");
    WebElement eob = browser.driver.findElement(By.cssSelector("section.eob[data-claim='" + pendedClaim + "']"));
    assertThat(eob.findElement(By.className("claim-status")).getText()).isEqualTo("paid");
    WebElement out = portal.verify("verify-" + pendedClaim);
    assertThat(out.getAttribute("data-verified")).as(out.getText()).isEqualTo("true");
    assertThat(out.getText()).contains("status paid");
  }

  @Test
  @Order(9)
  void everyChangeOfAPolicyIsInItsHistoryWithAReceiptHerBrowserVerifiesAndNoOneElseSeesIt() throws Exception {
    MedLedgerClient asAssessor = login(1, assessor);
    Hash policyId = Hash.fromHex(policy);
    PatientId aliceId = PatientId.of(net.suite.hash(), alice.keys().getPublic().getEncoded());
    committed(asAssessor.post("v1/insurance/policies/" + policy + "/renew", signed(net.tx(assessor, "insurance", "renewPolicy",
        "policy", policy, "end", LocalDate.now(ZoneOffset.UTC).plusYears(2).toString()))));
    // Into her new employer's group: the holder signs the transfer too.
    String holderSignature = Hex.encode(org.medledger.apps.insurance.contract.PolicyTransfer.sign(alice.signer(),
        net.genesis.signingChainId(), policyId, 2, aliceId.value(), "employer-b"));
    committed(asAssessor.post("v1/insurance/policies/" + policy + "/transfer", signed(net.tx(assessor, "insurance",
        "transferPolicy", "policy", policy, "newHolder", aliceId.value().hex(), "group", "employer-b",
        "holderSignature", holderSignature))));
    committed(asAssessor.post("v1/insurance/policies/" + policy + "/cancel", signed(net.tx(assessor, "insurance",
        "cancelPolicy", "policy", policy, "reason", "she left the scheme"))));
    var history = InsuranceReads.history(validators.node(0).ledger().state(), policyId);

    portal.signInAs(assessor);
    portal.open("/ui/insurance/policies");
    browser.clickToLoad(By.cssSelector("a[href='/ui/insurance/policy?id=" + policy + "']"));
    List<WebElement> rows = browser.driver.findElements(By.cssSelector("#history tbody tr"));
    assertThat(rows).extracting(r -> r.getAttribute("data-kind")).containsExactly("issued", "renewed", "transferred", "cancelled");
    for (int i = 0; i < 4; i++) {
      assertThat(rows.get(i).getAttribute("data-height")).isEqualTo(Long.toString(history.get(i).height()));
      assertThat(rows.get(i).getText()).contains("UTC").contains("org-1");
    }
    assertThat(rows.get(3).getText()).contains("she left the scheme");
    assertThat(browser.driver.findElement(By.id("policy-status")).getText()).isEqualTo("cancelled");
    portal.checkPage("insurer-policy-history");
    for (int n = 1; n <= 4; n++) {
      WebElement out = portal.verify("verify-change-" + n);
      assertThat(out.getAttribute("data-verified")).as(out.getText()).isEqualTo("true");
      assertThat(out.getText()).contains("Verified in this browser").contains("auditPath").contains("signature")
          .contains(history.get(n - 1).transaction().hex().substring(0, 16));
    }
    // The receipt is the change's own transaction, and a tampered copy fails in her browser.
    JsonNode receipt = JSON.readTree(portal.getWithSession("/ui/insurance/policy/receipt?policy=" + policy + "&change=3").body());
    assertThat(receipt.get("txId").asText()).isEqualTo(history.get(2).transaction().hex());
    assertThat(receipt.at("/transaction/method").asText()).isEqualTo("transferPolicy");
    ObjectNode forged = receipt.deepCopy();
    ((ObjectNode) forged.get("outcome")).put("code", "forged");
    assertThat(verifyInBrowser(forged)).containsEntry("verified", false).containsEntry("check", "auditPath");
    assertThat(portal.getWithSession("/ui/insurance/policy/receipt?policy=" + policy + "&change=5").body())
        .contains("change: '5' is not a change of this policy (1 to 4)");

    portal.signInAs(alice);
    portal.open("/ui/insurance/mine");
    browser.clickToLoad(By.cssSelector("dl.policy[data-policy='" + policy + "'] a.policy-history"));
    assertThat(browser.driver.findElements(By.cssSelector("#history tbody tr"))).hasSize(4);
    assertThat(browser.driver.findElement(By.id("policy-holder")).getText()).isEqualTo(aliceId.value().hex());
    portal.checkPage("patient-policy-history");
    WebElement hers = portal.verify("verify-change-1");
    assertThat(hers.getAttribute("data-verified")).as(hers.getText()).isEqualTo("true");

    // The cheats: another patient and the rival insurer see no such policy, nor take its receipts.
    for (BftTestNetwork.Member cheat : List.of(bob, rival)) {
      portal.signInAs(cheat);
      portal.open("/ui/insurance/policy?id=" + policy);
      assertThat(portal.text()).contains("There is no policy " + policy + " that you may see.").doesNotContain("she left the scheme");
      // (Change 1's transaction is the issue, whose id is the policy's: change 2's must not leak.)
      HttpResponse<String> r = portal.getWithSession("/ui/insurance/policy/receipt?policy=" + policy + "&change=2");
      assertThat(r.statusCode()).as(cheat.name()).isEqualTo(404);
      assertThat(r.body()).doesNotContain(history.get(1).transaction().hex());
    }
    // The regulator: what changed, when and by whom; no details or receipts, which name the patient.
    portal.signInAs(auditor);
    portal.open("/ui/insurance/policy?id=" + policy);
    assertThat(browser.driver.findElement(By.id("metadata-only")).getText()).contains("metadata only");
    assertThat(browser.driver.findElements(By.cssSelector("#history tbody tr"))).hasSize(4);
    assertThat(browser.driver.findElements(By.cssSelector("button[data-receipt]"))).isEmpty();
    assertThat(portal.text()).doesNotContain("she left the scheme").doesNotContain(aliceId.value().hex());
    assertThat(portal.getWithSession("/ui/insurance/policy/receipt?policy=" + policy + "&change=1").statusCode()).isEqualTo(403);
    portal.checkPage("regulator-policy-history");
  }

  @Test
  @Order(10)
  void withManyClaimsALaterPageIsReadAtTheFirstPagesHeightAndEachInsurancePagesRenderTimeIsPrinted() throws Exception {
    // The measured figures (README) want 10,000 claims; the default run makes enough for three pages of the queue.
    int count = Boolean.getBoolean("medledger.it.long") ? 10_000 : 120;
    MedLedgerClient asAssessor = login(1, assessor);
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    PatientId bobId = PatientId.of(net.suite.hash(), bob.keys().getPublic().getEncoded());
    String bobsPolicy = committed(asAssessor.post("v1/insurance/policies", signed(net.tx(assessor, "insurance", "issuePolicy",
        "product", "basic", "patient", bobId.value().hex(), "start", today,
        "end", LocalDate.now(ZoneOffset.UTC).plusYears(1).toString()))));
    // Signed by the clinician herself, as the claims bench does, in batches over the four validators' APIs.
    ClientIdentity drAId = new ClientIdentity(net.suite, drA.certificate(), drA.keys().getPrivate());
    org.medledger.client.TransactionBuilder builder = new org.medledger.client.TransactionBuilder(drAId,
        net.genesis.chainId(), java.time.Clock.systemUTC());
    byte[] salt = new byte[32];
    new java.security.SecureRandom().nextBytes(salt);
    var lineHashes = new org.medledger.apps.insurance.node.LineHashSalt(salt, net.suite.hash());
    List<Transaction> claims = new java.util.ArrayList<>();
    for (int c = 0; c < count; c++) {
      List<org.medledger.apps.insurance.contract.ClaimLine> lines = new java.util.ArrayList<>();
      for (int l = 0; l < 3; l++) {
        String code = "SVC-" + c + "-" + l;
        lines.add(new org.medledger.apps.insurance.contract.ClaimLine("inpatient", code, 1, 2_000L + 1_000L * l, today, "org-0",
            lineHashes.lineHash(bobId.value(), "org-0", today, code), List.of()));
      }
      claims.add(builder.build("insurance", "submitClaim", Map.of("policy", bobsPolicy, "currency", "EUR",
          "lines", Hex.encode(org.medledger.apps.insurance.contract.ClaimLine.encode(lines)))));
    }
    List<MedLedgerClient> apis = new java.util.ArrayList<>();
    for (int n = 0; n < 4; n++) {
      apis.add(login(n, drA));
    }
    java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(4);
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> sent = new java.util.ArrayList<>();
    for (int i = 0; i < claims.size(); i += 100) {
      inFlight.acquire();
      sent.add(apis.get(i / 100 % 4).submitBatchAsync(claims.subList(i, Math.min(claims.size(), i + 100)))
          .whenComplete((r, e) -> inFlight.release()));
    }
    for (var f : sent) {
      assertThat(f.get(120, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isLessThan(300);
    }
    Set<Hash> ids = new TreeSet<>();
    claims.forEach(tx -> ids.add(tx.id(net.suite.hash())));
    RunningValidators.await("every claim committed on every validator", 600_000, () -> validators.nodes().stream()
        .allMatch(n -> n.ledger().transaction(claims.get(claims.size() - 1).id(net.suite.hash())).isPresent()
            && ids.stream().allMatch(id -> n.ledger().transaction(id).isPresent())));
    List<String> insurersClaims = InsuranceReads.claims(validators.node(0).ledger().state()).stream()
        .filter(c -> c.insurer().equals("org-1")).map(c -> c.id().hex()).toList();
    int total = InsuranceReads.claims(validators.node(0).ledger().state()).size();

    // Page 1 of the queue, then a claim on page 2 withdrawn and another billed: page 2 is read at page 1's height.
    portal.signInAs(assessor);
    portal.open("/ui/insurance/claims");
    long readAt = Long.parseLong(browser.driver.findElement(By.id("read-at")).getText());
    List<String> firstPage = browser.driver.findElements(By.cssSelector("#claims tbody tr")).stream()
        .map(r -> r.getAttribute("data-claim")).toList();
    assertThat(firstPage).isEqualTo(insurersClaims.subList(0, 50));
    List<String> secondPage = insurersClaims.subList(50, 100);
    String withdrawn = secondPage.stream().filter(id -> ids.contains(Hash.fromHex(id))).findFirst().orElseThrow();
    committed(login(0, drA).post("v1/insurance/claims/" + withdrawn + "/withdraw", signed(net.tx(drA, "insurance",
        "withdrawClaim", "claim", withdrawn))));
    committed(login(0, drA).post("v1/insurance/claims", claimBody(bobsPolicy, line("XRAY-02", 1, 9_000, today))));
    browser.clickToLoad(By.id("next-page"));
    assertThat(browser.driver.getCurrentUrl()).contains("height=" + readAt);
    assertThat(browser.driver.findElement(By.id("read-at")).getText()).isEqualTo(Long.toString(readAt));
    assertThat(browser.driver.findElements(By.cssSelector("#claims tbody tr")).stream().map(r -> r.getAttribute("data-claim"))
        .toList()).isEqualTo(secondPage);
    assertThat(browser.driver.findElement(By.cssSelector("tr[data-claim='" + withdrawn + "']")).getText())
        .contains("adjudicated").doesNotContain("withdrawn");
    assertThat(browser.driver.findElements(By.id("pended"))).isEmpty();
    // The head, asked again, shows it withdrawn.
    portal.open("/ui/insurance/claims?after=" + firstPage.get(49));
    assertThat(browser.driver.findElement(By.cssSelector("tr[data-claim='" + withdrawn + "']")).getText()).contains("withdrawn");

    // Every list a page at a time: the payable claims, the hospital's billing, the patient's EOBs.
    portal.open("/ui/insurance/pay");
    assertThat(browser.driver.findElements(By.cssSelector("#payable tbody tr"))).hasSize(50);
    assertThat(browser.driver.findElements(By.id("next-page"))).hasSize(1);
    printRenderTime("insurer's claims queue", "/ui/insurance/claims", total);
    printRenderTime("insurer's claims queue, page 2 at its height", "/ui/insurance/claims?after=" + firstPage.get(49)
        + "&height=" + readAt, total);
    printRenderTime("insurer's policies", "/ui/insurance/policies", total);
    printRenderTime("insurer's record a payment", "/ui/insurance/pay", total);
    printRenderTime("a claim", "/ui/insurance/claim?id=" + withdrawn, total);
    portal.signInAs(drA);
    portal.open("/ui/insurance/billing");
    assertThat(browser.driver.findElements(By.cssSelector("#billing tbody tr"))).hasSize(50);
    browser.clickToLoad(By.id("next-page"));
    assertThat(browser.driver.findElements(By.cssSelector("#billing tbody tr"))).hasSize(50);
    printRenderTime("hospital's billing", "/ui/insurance/billing", total);
    portal.signInAs(bob);
    portal.open("/ui/insurance/mine");
    List<String> eobs = browser.driver.findElements(By.cssSelector("section.eob")).stream()
        .map(e -> e.getAttribute("data-claim")).toList();
    assertThat(eobs).hasSize(20);
    browser.clickToLoad(By.id("next-page"));
    assertThat(browser.driver.getCurrentUrl()).contains("height=");
    List<String> more = browser.driver.findElements(By.cssSelector("section.eob")).stream()
        .map(e -> e.getAttribute("data-claim")).toList();
    assertThat(more).hasSize(20).doesNotContainAnyElementsOf(eobs);
    assertThat(more.get(0)).isGreaterThan(eobs.get(19));
    printRenderTime("patient's my insurance (EOBs)", "/ui/insurance/mine", total);
  }

  // ---- helpers ----

  /**
   * Server render time of a page (whole loopback exchange, so an upper bound): 50 requests after 5 unmeasured for the
   * measured figures ({@code -Dmedledger.it.long=true}), 10 after 1 otherwise, to keep the default run short.
   */
  void printRenderTime(String page, String path, int claims) throws Exception {
    int measured = Boolean.getBoolean("medledger.it.long") ? 50 : 10;
    int unmeasured = measured / 10;
    List<Double> ms = new java.util.ArrayList<>();
    for (int i = 0; i < unmeasured + measured; i++) {
      long t0 = System.nanoTime();
      assertThat(portal.getWithSession(path).statusCode()).as(page).isEqualTo(200);
      if (i >= unmeasured) {
        ms.add((System.nanoTime() - t0) / 1e6);
      }
    }
    java.util.Collections.sort(ms);
    System.out.printf("%s with %d claims on the ledger, %d requests: p50 %.1f ms, p95 %.1f ms%n", page, claims, measured,
        ms.get(measured / 2), ms.get((int) Math.ceil(measured * 0.95) - 1));
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> verifyInBrowser(JsonNode receipt) throws Exception {
    String genesis = portal.getWithSession("/ui/genesis.json").body();
    return (Map<String, Object>) browser.driver.executeAsyncScript(
        "var done = arguments[arguments.length - 1];"
            + "MedLedgerReceipts.verify(JSON.parse(arguments[0]), JSON.parse(arguments[1])).then(done, function (e) {"
            + " done({verified: false, check: 'error', message: String(e)}); });", JSON.writeValueAsString(receipt), genesis);
  }

  private MedLedgerClient login(int node, BftTestNetwork.Member m) {
    MedLedgerClient c = new MedLedgerClient("http://127.0.0.1:" + validators.node(node).apiPort());
    c.login(new ClientIdentity(net.suite, m.certificate(), m.keys().getPrivate()));
    return c;
  }

  private static ObjectNode signed(Transaction tx) {
    return JSON.createObjectNode().put("transaction", Hex.encode(tx.encoded()));
  }

  private static ObjectNode line(String code, int quantity, long unit, String date) {
    return JSON.createObjectNode().put("category", "inpatient").put("code", code).put("quantity", quantity)
        .put("unitAmount", unit).put("dateOfService", date);
  }

  private static ObjectNode claimBody(String policy, ObjectNode... lines) {
    ObjectNode b = JSON.createObjectNode().put("policy", policy).put("currency", "EUR");
    ArrayNode a = b.putArray("lines");
    for (ObjectNode l : lines) {
      a.add(l);
    }
    return b;
  }

  private String committed(JsonNode reply) throws InterruptedException {
    assertThat(reply.path("status").asText()).as(reply.toString()).isEqualTo("committed");
    assertThat(reply.path("outcome").path("success").asBoolean()).as(reply.toString()).isTrue();
    Hash id = Hash.fromHex(reply.get("txId").asText());
    RunningValidators.await("committed on every validator", 30_000,
        () -> validators.nodes().stream().allMatch(n -> n.ledger().transaction(id).isPresent()));
    return id.hex();
  }
}
