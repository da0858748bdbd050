package org.medledger.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.trials.contract.TrialsContract;
import org.medledger.apps.trials.node.TrialRegistryView;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.RunningValidators;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The trials pages in a real browser (Debian's headless chromium) against two validators, each
 * organisation a trial sponsor: org-0's sponsor registers a trial, amends it with a reason after
 * its first enrolment and submits results that switch a time frame and report the added outcome,
 * each a transaction her browser signs; anyone, without signing in, then reads the registry (the
 * overdue trial of org-1 marked), the trial's versions with their diff against the baseline and
 * the two flags, each with a receipt her browser verifies. The cheats: a clinician is refused the
 * sponsor's screens, and org-1's sponsor is refused org-0's trial, even with a transaction she
 * signed herself. Each page passes axe-core, the keyboard walk and 320 px without horizontal scroll.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrialsPortalBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRIAL = "MLT-UI-1";
  private static final String OLD = "MLT-OLD-1";
  private static final List<Role> SPONSOR_HOSPITAL = List.of(Role.ADMIN, Role.SPONSOR, Role.CLINICIAN, Role.PATIENT, Role.NODE);
  private static final List<Role> SPONSOR = List.of(Role.ADMIN, Role.SPONSOR, Role.NODE);
  @TempDir static Path dir;
  RunningValidators validators;
  BftTestNetwork net;
  PortalBrowser browser;
  PortalSession portal;
  String base;
  BftTestNetwork.Member sponsorA;
  BftTestNetwork.Member drA;
  BftTestNetwork.Member sponsorB;

  @BeforeAll
  void start() throws Exception {
    net = new BftTestNetwork(dir, "intl", List.of(SPONSOR_HOSPITAL, SPONSOR));
    net.configs.replaceAll(c -> c.withPortalTokenSignIn(true));
    sponsorA = net.member(0, "trials-office", Role.SPONSOR);
    drA = net.member(0, "dr-a", Role.CLINICIAN);
    sponsorB = net.member(1, "rival-office", Role.SPONSOR);
    validators = RunningValidators.start(net);
    for (BftTestNetwork.Member m : List.of(sponsorA, drA, sponsorB)) {
      validators.commit(net.register(m));
    }
    // Org-1's trial completed in January 2020 and never reported: its results were due a year later.
    validators.commit(net.tx(sponsorB, "trials", "register", "document", canonical(registration(OLD, "org-1", false)
        .replace("2027-06-30", "2020-01-31"))));
    base = "http://127.0.0.1:" + validators.node(0).apiPort();
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
  void theSponsorRegistersAmendsWithAReasonAndSubmitsResultsEachSignedInHerBrowser() throws Exception {
    portal.signInAs(sponsorA);
    browser.clickToLoad(By.linkText("My trials"));
    assertThat(browser.bodyText()).contains("org-0 has registered no trial yet");
    portal.checkPage("sponsor-trials");
    Path key = portal.keyFile("sponsor", sponsorA.keys().getPrivate());

    // Laid out as a person writes it: the node canonicalises it (RFC 8785) before her browser signs.
    String v1 = registration(TRIAL, "org-0", false);
    fill("register-document", v1);
    browser.clickToLoad(By.cssSelector("form[action='/ui/trials/register-review'] button[type=submit]"));
    waitUntilDecoded("trials.register");
    assertThat(browser.driver.findElement(By.id("statement-facts")).getText()).contains(TRIAL).contains("org-0")
        .contains("primary outcome P1").contains("Recurrent stroke (modified Rankin) (12 months)");
    portal.checkPage("sponsor-sign-registration");
    signAndSend(key);
    assertThat(browser.driver.findElement(By.id("trial-notice")).getText())
        .contains("the registration of trial " + TRIAL + " is committed in block");
    // The ledger keeps the hash of the canonical bytes, which any RFC 8785 library reproduces from her layout.
    var view = new TrialRegistryView(new TrialsContract(net.suite.hash()), net.suite.hash());
    assertThat(view.version(validators.node(0).ledger().state(), TRIAL, "1").get("documentHash"))
        .isEqualTo(Hex.encode(net.suite.hash().hash(canonical(v1).getBytes(StandardCharsets.UTF_8))));

    // An investigator enrols the first participant under her research consent: version 1 becomes the baseline.
    KeyPair alice = net.suite.signatures().generateKeyPair(new SecureRandom());
    PatientId aliceId = PatientId.of(net.suite.hash(), alice.getPublic().getEncoded());
    validators.commit(net.tx(drA, "patients", "register", "publicKey", Hex.encode(alice.getPublic().getEncoded()), "custody", "self",
        "signature", CareRegistration.sign(net.suite.signatures().signer(alice), net.genesis.chainId(), aliceId, "org-0"),
        "encryptionKeyCertificate", net.encryptionKeyCertificate(alice)));
    long now = System.currentTimeMillis();
    ConsentGrant research = new ConsentGrant(net.genesis.chainId(), aliceId, Grantee.parse("org:org-0"),
        new TreeSet<>(List.of(ConsentGrant.ALL)), new TreeSet<>(), new TreeSet<>(List.of(PurposeOfUse.HRESCH)), now - 60_000,
        now + 30L * 86_400_000L, false, "trial-consent");
    byte[] grant = research.encode();
    validators.commit(net.tx(drA, "consent", "grant", "grant", Hex.encode(grant), "signature",
        Hex.encode(net.suite.signatures().signer(alice).sign(grant))));
    validators.commit(net.tx(drA, "trials", "enrol", "trialId", TRIAL, "patient", aliceId.value().hex(), "consent",
        research.id(net.suite.hash()).hex()));
    assertThat(trial(validators.node(0).ledger().state()).get("enrolments")).isEqualTo("1");

    portal.open("/ui/trials/amend?id=" + TRIAL);
    assertThat(browser.driver.findElement(By.id("trial-document")).getAttribute("value")).isEqualTo(canonical(v1));
    fill("trial-document", registration(TRIAL, "org-0", true));
    browser.driver.findElement(By.id("amend-reason")).sendKeys("add quality of life at the ethics committee's request");
    browser.clickToLoad(By.cssSelector("form[action='/ui/trials/amend-review'] button[type=submit]"));
    waitUntilDecoded("trials.amend");
    assertThat(browser.driver.findElement(By.id("statement-decoded")).getText())
        .contains("add quality of life at the ethics committee's request");
    signAndSend(key);
    assertThat(browser.driver.findElement(By.id("trial-notice")).getText()).contains("the amendment of trial " + TRIAL);

    portal.open("/ui/trials/results?id=" + TRIAL);
    fill("trial-document", results());
    browser.clickToLoad(By.cssSelector("form[action='/ui/trials/results-review'] button[type=submit]"));
    waitUntilDecoded("trials.submitResults");
    signAndSend(key);
    assertThat(browser.driver.findElement(By.id("trial-notice")).getText()).contains("the results of trial " + TRIAL);
    RunningValidators.await("results on every validator", 30_000, () -> validators.nodes().stream().allMatch(n ->
        !trial(n.ledger().state()).get("resultsHeight").equals("0")));
  }

  @Test
  @Order(2)
  void anyoneReadsTheRegistryItsVersionsFlagsAndOverdueTrialWithReceiptsWithoutSigningIn() throws Exception {
    browser.driver.manage().deleteAllCookies();
    portal.open("/ui/trials");
    assertThat(browser.driver.findElement(By.id("overdue-count")).getText()).isEqualTo("1 trial(s) with overdue results.");
    WebElement old = browser.driver.findElement(By.cssSelector("tr[data-trial='" + OLD + "']"));
    assertThat(old.getAttribute("data-overdue")).isEqualTo("true");
    assertThat(old.getText()).contains("org-1").contains("2021-01-31").containsPattern("overdue by \\d+ days");
    assertThat(browser.driver.findElement(By.cssSelector("tr[data-trial='" + TRIAL + "']")).getText()).contains("submitted");
    portal.checkPage("trial-registry");

    browser.clickToLoad(By.linkText(TRIAL));
    assertThat(browser.driver.findElement(By.id("baseline-version")).getText()).isEqualTo("1");
    WebElement v2 = browser.driver.findElement(By.id("version-2"));
    assertThat(v2.findElement(By.className("version-reason")).getText())
        .isEqualTo("add quality of life at the ethics committee's request");
    assertThat(v2.findElement(By.className("version-diff")).getText()).isEqualTo("added:S3");
    List<WebElement> flags = browser.driver.findElements(By.cssSelector("#flags tbody tr"));
    assertThat(flags).extracting(f -> f.getAttribute("data-kind") + " " + f.getAttribute("data-outcome"))
        .containsExactly("changed_undeclared P1", "added S3");
    assertThat(flags.get(0).getText()).contains("Changed without a declared amendment")
        .contains("time frame changed from '12 months' (version 2) to '6 months'");
    assertThat(flags.get(1).getText()).contains("not pre-specified").contains("added by amendment version 2");
    portal.checkPage("trial-page");

    // Each flag's receipt is public: downloaded without a session, and checked in this browser.
    // Found again: the page checks above may have loaded the page anew.
    String href = browser.driver.findElement(By.cssSelector("tr[data-outcome='S3'] a[download]")).getAttribute("href");
    HttpResponse<String> receipt = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(receipt.statusCode()).isEqualTo(200);
    JsonNode r = JSON.readTree(receipt.body());
    assertThat(r.path("kind").asText()).isEqualTo("state");
    // The state key as the ledger stores it: namespace, a zero byte, the contract's key (hex).
    assertThat(r.path("key").asText()).isEqualTo(Hex.encode(("trials\u0000flag/" + TRIAL + "/0002").getBytes(StandardCharsets.UTF_8)));
    // Without a session the node keeps its genesis to itself: the visitor is told to bring her own copy.
    WebElement out = portal.verify("verify-flag-2");
    assertThat(out.getAttribute("data-verified")).isEqualTo("false");
    assertThat(out.getText()).contains("pick your copy of the network\u2019s genesis file");
    browser.driver.findElement(By.id("genesis-file")).sendKeys(dir.resolve("genesis.json").toAbsolutePath().toString());
    out = portal.verify("verify-flag-2");
    assertThat(out.getAttribute("data-verified")).as(out.getText()).isEqualTo("true");
    assertThat(out.getText()).contains("Verified in this browser");
  }

  @Test
  @Order(3)
  void aClinicianAndAnotherTrialsSponsorAreRefusedEvenWithATransactionSignedByHerself() throws Exception {
    portal.signInAs(drA);
    HttpResponse<String> mine = portal.getWithSession("/ui/trials/mine");
    assertThat(mine.statusCode()).isEqualTo(403);
    portal.open("/ui/trials/mine");
    assertThat(browser.bodyText()).contains("is for sponsor members; you are clinician of org-0");

    portal.signInAs(sponsorB);
    portal.open("/ui/trials/amend?id=" + TRIAL);
    assertThat(browser.bodyText()).contains("Trial " + TRIAL + " is sponsored by org-0: org-1 cannot amend it.")
        .doesNotContain("Reason for the amendment");
    assertThat(portal.getWithSession("/ui/trials/results?id=" + TRIAL).statusCode()).isEqualTo(403);
    portal.open("/ui/trials/mine");
    assertThat(browser.bodyText()).contains(OLD).doesNotContain(TRIAL);
    String csrf = portal.csrf();
    HttpResponse<String> review = portal.postWithSession("/ui/trials/amend-review", Map.of("csrf", csrf, "trialId", TRIAL,
        "reason", "we prefer other outcomes", "document", registration(TRIAL, "org-0", true)));
    assertThat(review.statusCode()).isEqualTo(403);
    // Her own signed amendment of org-0's trial, sent to the submit form: refused before it reaches the ledger.
    Transaction cheat = net.tx(sponsorB, "trials", "amend", "trialId", TRIAL, "document",
        canonical(registration(TRIAL, "org-0", true)), "reason", "we prefer other outcomes");
    HttpResponse<String> submitted = portal.postWithSession("/ui/trials/submit", Map.of("csrf", csrf, "payload",
        Hex.encode(cheat.payloadBytes()), "signature", Hex.encode(cheat.signature())));
    assertThat(submitted.statusCode()).isEqualTo(403);
    assertThat(submitted.body()).contains("org-1 cannot amend it");
    assertThat(trial(validators.node(0).ledger().state()).get("latestVersion")).isEqualTo("2");
  }

  /** The trial as the registry's view reads it on one validator's state. */
  private java.util.SortedMap<String, String> trial(org.medledger.core.runtime.StateReader state) {
    try {
      return new TrialRegistryView(new TrialsContract(net.suite.hash()), net.suite.hash()).trial(state, TRIAL);
    } catch (org.medledger.core.runtime.ContractException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** P1 and S1, S2 (version 1); version 2 adds S3. Pretty-printed, as a person writes it. */
  private static String registration(String trialId, String sponsor, boolean withS3) {
    return """
        {
          "trialId": "%s",
          "title": "Early anticoagulation after minor stroke",
          "sponsor": "%s",
          "conditions": ["Ischaemic stroke"],
          "interventions": ["Apixaban within 48 hours", "Apixaban at day 7"],
          "primaryOutcomes": [{"id": "P1", "measure": "Recurrent stroke (modified Rankin)", "timeFrame": "12 months"}],
          "secondaryOutcomes": [
            {"id": "S1", "measure": "Major bleeding (ISTH criteria)", "timeFrame": "12 months"},
            {"id": "S2", "measure": "All-cause mortality", "timeFrame": "12 months"}%s
          ],
          "primaryCompletionDate": "2027-06-30"
        }
        """.formatted(trialId, sponsor, withS3
        ? ",\n    {\"id\": \"S3\", \"measure\": \"Quality of life (EQ-5D)\", \"timeFrame\": \"12 months\"}" : "");
  }

  /** P1 at 6 months (registered: 12, no amendment declared it), S1 and S2 as registered, S3 added after enrolment. */
  private static String results() {
    return """
        {"trialId": "%s", "reportedOutcomes": [
          {"id": "P1", "measure": "Recurrent stroke (modified Rankin)", "timeFrame": "6 months"},
          {"id": "S1", "measure": "Major bleeding (ISTH criteria)", "timeFrame": "12 months"},
          {"id": "S2", "measure": "All-cause mortality", "timeFrame": "12 months"},
          {"id": "S3", "measure": "Quality of life (EQ-5D)", "timeFrame": "12 months"}]}
        """.formatted(TRIAL);
  }

  private static String canonical(String json) {
    try {
      return new JsonCanonicalizer(json).getEncodedString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A document typed into a text area: set at once, as a paste would, rather than typed key by key. */
  private void fill(String textAreaId, String text) {
    WebElement area = browser.driver.findElement(By.id(textAreaId));
    browser.js().executeScript("arguments[0].value = arguments[1];", area, text);
  }

  private void waitUntilDecoded(String action) {
    portal.waiting().until(d -> d.findElement(By.id("statement-decoded")).getText().contains(action));
  }

  private void signAndSend(Path key) {
    browser.loadsNext(() -> portal.signStatement(key));
    assertThat(browser.driver.getCurrentUrl()).endsWith("/ui/trials/submit");
  }
}
