package org.medledger.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.node.RecordVault;
import org.medledger.client.ClientIdentity;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.RunningValidators;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;

/**
 * The clinician's pages in a real browser (Debian's headless chromium) against four validators:
 * the custodian's clinician finds a patient by pseudonym, sees what she may read and why, reads
 * an Observation (a table of its fields, its narrative's script shown as text) and another
 * resource (its JSON, escaped) with a read request her browser signs, each read logged on the
 * ledger in her name; another hospital's clinician without consent sees nothing, is refused a
 * read plainly, and breaks the glass with a stated reason (empty reason refused beside the field),
 * the read served and logged as break-glass. A hospital admin on a clinician's page is refused.
 * Each page passes axe-core, the keyboard walk and 320 px without horizontal scroll.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClinicianPortalBrowserTest {
  static final String SCRIPT = "<script>alert('x')</script>";
  static final String OBSERVATION = """
      {"resourceType":"Observation","status":"final",
       "text":{"status":"generated","div":"<div xmlns=\\"http://www.w3.org/1999/xhtml\\">Pulse taken at rest &lt;script&gt;alert('x')&lt;/script&gt;</div>"},
       "code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},
       "effectiveDateTime":"2026-12-01T10:00:00Z",
       "valueQuantity":{"value":72,"unit":"beats/min","system":"http://unitsofmeasure.org","code":"/min"},
       "note":[{"text":"%s"}]}""".formatted(SCRIPT.replace("'", "'"));
  static final String CARE_PLAN = "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\",\"title\":\"" + SCRIPT + " walk daily\"}";
  @TempDir static Path dir;
  RunningValidators validators;
  BftTestNetwork net;
  PortalBrowser browser;
  PortalSession portal;
  BftTestNetwork.Member ana;
  BftTestNetwork.Member drLi;
  BftTestNetwork.Member admin;
  PatientId anaId;
  Hash observation;
  Hash carePlan;
  Path wangKey;
  Path liKey;

  @BeforeAll
  void start() throws Exception {
    net = new BftTestNetwork(dir, "intl", 4);
    net.configs.replaceAll(c -> c.withPortalTokenSignIn(true));
    validators = RunningValidators.start(net);
    validators.commit(net.registerClinician());
    ana = net.member(0, "patient-ana", Role.PATIENT);
    drLi = net.member(1, "dr-li", Role.CLINICIAN);
    admin = net.member(0, "admin-joe", Role.ADMIN);
    for (BftTestNetwork.Member m : List.of(ana, drLi, admin)) {
      validators.commit(net.register(m));
    }
    anaId = PatientId.of(net.suite.hash(), ana.keys().getPublic().getEncoded());
    validators.commit(net.tx("patients", "register", "publicKey", Hex.encode(ana.keys().getPublic().getEncoded()),
        "signature", CareRegistration.sign(net.suite.signatures().signer(ana.keys()), net.genesis.chainId(), anaId, "org-0"),
        "custody", "self", "encryptionKeyCertificate", net.encryptionKeyCertificate(ana.keys())));
    observation = RecordVault.of(validators.node(0)).store(net.clinicianId, OBSERVATION.getBytes(StandardCharsets.UTF_8), anaId,
        "Observation", "lab").record();
    carePlan = RecordVault.of(validators.node(0)).store(net.clinicianId, CARE_PLAN.getBytes(StandardCharsets.UTF_8), anaId,
        "CarePlan", "summary").record();
    browser = PortalBrowser.start();
    portal = new PortalSession(browser, base(0), net.suite, dir, Duration.ofSeconds(30));
    wangKey = portal.keyFile("wang", net.clinicianKey);
    liKey = portal.keyFile("li", drLi.keys().getPrivate());
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

  /**
   * As {@link PortalSession#checkPage} for a page a signed read answered: its 320 px check lays the page out
   * again without reloading it, since a reload would send the same signed request, which the
   * node refuses as replayed.
   */
  void checkReadResult(String name) throws Exception {
    assertThat(browser.axeViolations()).as("axe-core on " + name).isEmpty();
    PortalBrowser.KeyboardWalk walk = browser.keyboardWalk();
    assertThat(walk.problems()).as("keyboard walk on " + name).isEmpty();
    assertThat(walk.visited()).as("focus stops on " + name).isEqualTo((int) walk.focusable()).isPositive();
    browser.screenshot(name);
    browser.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", 320, "height", 800,
        "deviceScaleFactor", 1, "mobile", true));
    try {
      long overflow = ((Number) browser.js().executeScript("return new Promise(function (done) {"
          + " requestAnimationFrame(function () { requestAnimationFrame(function () {"
          + " done(Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth); }); }); });"))
          .longValue();
      browser.screenshot(name + "-320px");
      assertThat(overflow).as("horizontal scroll at 320 CSS px on " + name).isLessThanOrEqualTo(0);
    } finally {
      browser.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
    }
  }

  void noScriptRan() {
    try {
      browser.driver.switchTo().alert();
      throw new AssertionError("script from a record ran");
    } catch (NoAlertPresentException expected) {
      // shown as text, never run
    }
    assertThat(browser.driver.findElements(By.cssSelector("main script"))).isEmpty();
  }

  /** Signs the read request on the page with the key file; waits for the read's page. */
  void signAndRead(Path key) {
    portal.signStatement(key);
    portal.waiting().until(d -> !d.findElements(By.id("read-outcome")).isEmpty() || !d.findElements(By.id("read-refusal")).isEmpty()
        || d.findElement(By.id("sign-status")).getText().startsWith("Not signed"));
  }

  List<AccessEvent> eventsOf(Hash record) {
    return AuditContract.ofRecord(validators.node(0).ledger().state(), record);
  }

  @Test
  @Order(1)
  void theCustodiansClinicianFindsAPatientAndSeesWhatSheMayRead() throws Exception {
    portal.signInAt(base(0), new ClientIdentity(net.suite, net.clinicianCert, net.clinicianKey));
    browser.clickToLoad(By.linkText("Find a patient"));
    browser.driver.findElement(By.id("patient")).sendKeys(anaId.toString());
    browser.clickToLoad(By.cssSelector("form[action='/ui/records/patient'] button"));
    portal.waiting().until(d -> !d.findElements(By.id("records")).isEmpty());
    assertThat(browser.driver.findElement(By.id("allows")).getText()).contains("Your organisation keeps records of this patient")
        .contains("No consent of this patient names you");
    assertThat(browser.driver.findElements(By.cssSelector("tr.record-row"))).hasSize(2);
    assertThat(browser.driver.findElement(By.id("records")).getText()).contains("Observation").contains("CarePlan")
        .contains("your organisation keeps it");
    portal.checkPage("clinician-patient");

    browser.driver.get(base(0) + "/ui/records/patient?patient=not%20a%20pseudonym");
    assertThat(browser.driver.findElement(By.id("patient-error")).getText()).contains("64 hexadecimal characters");
    assertThat(browser.driver.findElement(By.id("patient")).getAttribute("aria-describedby")).isEqualTo("patient-error");
  }

  @Test
  @Order(2)
  void readsAnObservationAsATableWithItsNarrativesScriptShownAsTextAndTheReadIsLogged() throws Exception {
    browser.driver.get(base(0) + "/ui/records/patient?patient=" + anaId);
    browser.clickToLoad(By.cssSelector("tr.record-row[data-record='" + observation.hex() + "'] a"));
    portal.waiting().until(d -> !d.findElements(By.id("sign-form")).isEmpty());
    assertThat(browser.driver.findElement(By.id("statement-decoded")).getText()).contains(observation.hex()).contains("TREAT");
    portal.checkPage("clinician-sign-read");
    int before = eventsOf(observation).size();
    signAndRead(wangKey);
    assertThat(browser.driver.findElement(By.id("read-outcome")).getText()).as(portal.text()).contains("Served (custodian) for TREAT");
    assertThat(browser.driver.findElement(By.id("record-fields")).getText()).contains("Heart rate").contains("72 beats/min")
        .contains("final").contains("2026-12-01T10:00:00Z").contains(SCRIPT);
    assertThat(browser.driver.findElement(By.id("record-narrative")).getText()).contains("Pulse taken at rest").contains(SCRIPT);
    noScriptRan();
    List<AccessEvent> events = eventsOf(observation);
    assertThat(events).hasSize(before + 1);
    assertThat(events.get(events.size() - 1)).satisfies(e -> {
      assertThat(e.requester()).isEqualTo(net.clinicianId);
      assertThat(e.served()).isTrue();
      assertThat(e.request()).isPresent();
    });
    checkReadResult("clinician-read-observation");

    browser.driver.get(base(0) + "/ui/records/read?record=" + carePlan.hex() + "&purpose=TREAT");
    signAndRead(wangKey);
    assertThat(browser.driver.findElement(By.id("record-raw")).getText()).contains("\"resourceType\" : \"CarePlan\"")
        .contains(SCRIPT + " walk daily");
    noScriptRan();
    checkReadResult("clinician-read-raw");
  }

  @Test
  @Order(3)
  void anotherHospitalsClinicianIsRefusedPlainlyAndBreaksTheGlassWithAStatedReason() throws Exception {
    portal.signInAt(base(1), new ClientIdentity(net.suite, drLi.certificate(), drLi.keys().getPrivate()));
    browser.driver.get(base(1) + "/ui/records/patient?patient=" + anaId);
    assertThat(browser.driver.findElement(By.id("nothing-allowed")).getText()).contains("no consent names you");
    assertThat(portal.text()).doesNotContain(observation.hex());

    browser.driver.get(base(1) + "/ui/records/read?record=" + observation.hex() + "&purpose=TREAT");
    signAndRead(liKey);
    assertThat(browser.driver.findElement(By.id("read-refusal")).getText()).startsWith("Refused:");
    assertThat(portal.text()).doesNotContain("Heart rate");
    checkReadResult("clinician-read-refused");

    browser.clickToLoad(By.cssSelector("#glass-form button"));
    portal.waiting().until(d -> !d.findElements(By.id("reason-error")).isEmpty());
    assertThat(browser.driver.findElement(By.id("reason")).getAttribute("aria-describedby")).isEqualTo("reason-error");

    browser.driver.findElement(By.id("reason")).sendKeys("unconscious in the emergency room " + SCRIPT);
    browser.clickToLoad(By.cssSelector("#glass-form button"));
    portal.waiting().until(d -> !d.findElements(By.id("sign-form")).isEmpty());
    assertThat(browser.driver.findElement(By.id("statement-decoded")).getText()).contains("ETREAT")
        .contains("unconscious in the emergency room");
    signAndRead(liKey);
    assertThat(browser.driver.findElement(By.id("read-outcome")).getText()).as(portal.text()).contains("Served (break-glass) for ETREAT")
        .contains("Break-glass: unconscious in the emergency room " + SCRIPT);
    assertThat(browser.driver.findElement(By.id("record-fields")).getText()).contains("Heart rate");
    noScriptRan();
    checkReadResult("clinician-break-glass");
    long height = validators.node(1).ledger().height();
    portal.waiting().until(d -> validators.node(0).ledger().height() >= height);
    assertThat(eventsOf(observation)).filteredOn(AccessEvent::breakGlass).singleElement().satisfies(e -> {
      assertThat(e.organisation()).isEqualTo("org-1");
      assertThat(e.reason()).contains("unconscious in the emergency room");
    });
  }

  @Test
  @Order(4)
  void aBreakGlassFormWithoutItsCsrfTokenAndAnAdminOnAClinicianPageAreRefused() throws Exception {
    browser.driver.get(base(1) + "/ui/records/read?record=" + carePlan.hex() + "&purpose=TREAT");
    signAndRead(liKey);
    int before = eventsOf(carePlan).size();
    browser.js().executeScript("document.querySelector('#glass-form input[name=csrf]').remove();");
    browser.driver.findElement(By.id("reason")).sendKeys("no token");
    browser.clickToLoad(By.cssSelector("#glass-form button"));
    portal.waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("Refused"));
    assertThat(portal.text()).contains("security token (CSRF) is missing");
    assertThat(eventsOf(carePlan)).hasSize(before);

    // The cheat: a read request signed with another member's key, with a valid CSRF token, reads nothing and logs nothing.
    browser.driver.get(base(1) + "/ui/records/read?record=" + observation.hex() + "&purpose=TREAT");
    java.util.Map<String, String> form = new java.util.LinkedHashMap<>();
    for (String name : List.of("csrf", "record", "purpose", "reason", "time", "nonce")) {
      form.put(name, browser.driver.findElement(By.cssSelector("#sign-form input[name=" + name + "]")).getAttribute("value"));
    }
    byte[] statement = Hex.decode(browser.driver.findElement(By.id("sign-form")).getAttribute("data-statement"));
    form.put("signature", Hex.encode(net.suite.signatures().signer(admin.keys()).sign(statement)));
    // Counted on dr-li's own node, which would have logged the read.
    int logged = AuditContract.ofRecord(validators.node(1).ledger().state(), observation).size();
    var forged = portal.at(base(1)).postWithSession("/ui/records/read", form);
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body()).contains("refused before any read").doesNotContain("Heart rate");
    assertThat(AuditContract.ofRecord(validators.node(1).ledger().state(), observation)).hasSize(logged);

    portal.signInAt(base(0), new ClientIdentity(net.suite, admin.certificate(), admin.keys().getPrivate()));
    browser.driver.get(base(0) + "/ui/records/patient?patient=" + anaId);
    assertThat(portal.text()).contains("Refused").contains("for clinicians").doesNotContain(observation.hex());
    browser.driver.get(base(0) + "/ui/records/read?record=" + observation.hex() + "&purpose=TREAT");
    assertThat(portal.text()).contains("Refused").contains("for clinicians");
    portal.checkPage("clinician-page-refused-admin");
  }

  @Test
  @Order(5)
  void aConsentForLabRecordsShowsWhatItAllowsAndItsReadIsServedUnderIt() throws Exception {
    long now = System.currentTimeMillis();
    var grant = new org.medledger.apps.records.contract.consent.ConsentGrant(net.genesis.chainId(), anaId,
        org.medledger.apps.records.contract.consent.Grantee.organisation("org-1"), new java.util.TreeSet<>(List.of("lab")),
        new java.util.TreeSet<>(), new java.util.TreeSet<>(List.of(org.medledger.apps.records.contract.consent.PurposeOfUse.TREAT)),
        now - 60_000, now + 86_400_000L, false, "referral-1");
    validators.commit(net.tx("consent", "grant", "grant", Hex.encode(grant.encode()),
        "signature", Hex.encode(net.suite.signatures().signer(ana.keys()).sign(grant.encode()))));
    long height = validators.node(0).ledger().height();
    portal.waiting().until(d -> validators.node(1).ledger().height() >= height);

    portal.signInAt(base(1), new ClientIdentity(net.suite, drLi.certificate(), drLi.keys().getPrivate()));
    browser.driver.get(base(1) + "/ui/records/patient?patient=" + anaId);
    assertThat(browser.driver.findElement(By.id("consents")).getText()).contains("org:org-1").contains("categories: lab")
        .contains("TREAT").contains("in force");
    // The lab Observation only: the CarePlan is a summary, which the consent does not cover.
    assertThat(browser.driver.findElements(By.cssSelector("tr.record-row"))).singleElement()
        .satisfies(r -> assertThat(r.getAttribute("data-record")).isEqualTo(observation.hex()))
        .satisfies(r -> assertThat(r.getText()).contains("consent for TREAT"));
    portal.checkPage("clinician-patient-consent");
    browser.clickToLoad(By.cssSelector("tr.record-row a"));
    portal.waiting().until(d -> !d.findElements(By.id("sign-form")).isEmpty());
    signAndRead(liKey);
    assertThat(browser.driver.findElement(By.id("read-outcome")).getText()).as(portal.text()).contains("Served (consent) for TREAT");
    assertThat(browser.driver.findElement(By.id("record-fields")).getText()).contains("Heart rate");
  }

  String respiration(PatientId patient, String note) {
    return ("{\"resourceType\":\"Observation\",\"status\":\"final\",\"subject\":{\"reference\":\"Patient/%s\"},"
        + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"9279-1\",\"display\":\"Respiratory rate\"}]},"
        + "\"valueQuantity\":{\"value\":16,\"unit\":\"breaths/min\"},\"note\":[{\"text\":\"%s\"}]}").formatted(patient, note);
  }

  void fillStoreForm(String patient, String local, String document) {
    browser.driver.findElement(By.id("patient")).clear();
    browser.driver.findElement(By.id("patient")).sendKeys(patient);
    browser.driver.findElement(By.id("local")).clear();
    browser.driver.findElement(By.id("local")).sendKeys(local);
    browser.driver.findElement(By.id("document")).clear();
    // Pasted, as a clinician pastes it: typing a long JSON key by key costs seconds on two cores.
    browser.js().executeScript("document.getElementById('document').value = arguments[0];", document);
    browser.clickToLoad(By.cssSelector("form[action='/ui/records/store/review'] button"));
  }

  int anasRecords() {
    return org.medledger.apps.records.contract.record.RecordContract.ofPatient(validators.node(0).ledger().state(), anaId).size();
  }

  @Test
  @Order(6)
  void theCustodiansClinicianStoresARecordSignedInHerBrowserFindsHerByLocalIdentifierAndReadsIt() throws Exception {
    portal.signInAt(base(0), new ClientIdentity(net.suite, net.clinicianCert, net.clinicianKey));
    browser.clickToLoad(By.linkText("Store a record"));
    portal.checkPage("clinician-store");
    int before = anasRecords();
    fillStoreForm(anaId.toString(), "MRN-0042", respiration(anaId, "calm, counted over a minute"));
    portal.waiting().until(d -> !d.findElements(By.id("sign-form")).isEmpty());
    assertThat(browser.driver.findElement(By.id("statement-decoded")).getText()).contains("Document SHA-256")
        .contains(anaId.toString()).contains("Observation").contains("lab");
    assertThat(browser.driver.findElement(By.id("statement-facts")).getText()).contains("MRN-0042");
    assertThat(anasRecords()).as("nothing stored before she signs").isEqualTo(before);
    portal.signStatement(wangKey);
    portal.waiting().until(d -> !d.findElements(By.id("stored")).isEmpty());
    Hash stored = Hash.of(Hex.decode(browser.driver.findElement(By.id("stored-record")).getText()));
    assertThat(anasRecords()).isEqualTo(before + 1);
    assertThat(org.medledger.apps.records.contract.record.RecordContract.find(validators.node(0).ledger().state(), stored))
        .hasValueSatisfying(e -> assertThat(e.resourceType()).isEqualTo("Observation"));

    // The next read shows it, through the policy point like any read.
    browser.clickToLoad(By.linkText("Read it"));
    portal.waiting().until(d -> !d.findElements(By.id("sign-form")).isEmpty());
    signAndRead(wangKey);
    assertThat(browser.driver.findElement(By.id("read-outcome")).getText()).as(portal.text()).contains("Served (custodian) for TREAT");
    assertThat(browser.driver.findElement(By.id("record-fields")).getText()).contains("Respiratory rate").contains("16 breaths/min");

    // Found by her hospital's identifier: the mapping is on org-0's node, not on the ledger.
    browser.driver.get(base(0) + "/ui/records/patient?patient=MRN-0042");
    assertThat(browser.driver.findElement(By.id("mapping")).getText()).contains(anaId.toString());
    assertThat(browser.driver.findElements(By.cssSelector("tr.record-row[data-record='" + stored.hex() + "']"))).hasSize(1);
    assertThat(Files.readString(net.configs.get(0).dataDir().resolve("apps/records/local-identifiers.tsv")))
        .isEqualTo("MRN-0042\t" + anaId + "\n");
  }

  @Test
  @Order(7)
  void badRecordsAndCheatsStoreNothing() throws Exception {
    int before = anasRecords();
    browser.driver.get(base(0) + "/ui/records/store");
    // Script in a field and a record about someone else: each error by its field, shown as text.
    PatientId other = PatientId.of(net.suite.hash(), admin.keys().getPublic().getEncoded());
    fillStoreForm(anaId.toString(), SCRIPT, respiration(other, SCRIPT));
    assertThat(browser.driver.findElement(By.id("local-error")).getText()).contains("A local identifier is").contains(SCRIPT);
    assertThat(browser.driver.findElement(By.id("document-error")).getText()).contains("is about Patient/" + other);
    assertThat(browser.driver.findElement(By.id("local")).getAttribute("aria-describedby")).contains("local-error");
    noScriptRan();
    fillStoreForm("MRN-9999", "", "{\"resourceType\":\"Nonsense\"}");
    assertThat(browser.driver.findElement(By.id("patient-error")).getText()).contains("No patient has the local identifier 'MRN-9999'");
    assertThat(browser.driver.findElement(By.id("document-error")).getText()).contains("not a FHIR R4 resource");

    // The cheat: a record signed with another member's key, with a valid session and CSRF token.
    fillStoreForm(anaId.toString(), "", respiration(anaId, "forged"));
    portal.waiting().until(d -> !d.findElements(By.id("sign-form")).isEmpty());
    java.util.Map<String, String> form = new java.util.LinkedHashMap<>();
    for (String name : List.of("csrf", "patient", "local", "category", "document", "time", "nonce")) {
      form.put(name, browser.driver.findElement(By.cssSelector("#sign-form input[name=" + name + "]")).getAttribute("value"));
    }
    byte[] statement = Hex.decode(browser.driver.findElement(By.id("sign-form")).getAttribute("data-statement"));
    form.put("signature", Hex.encode(net.suite.signatures().signer(admin.keys()).sign(statement)));
    var forged = portal.postWithSession("/ui/records/store", form);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("does not verify").contains("Nothing was stored");
    assertThat(anasRecords()).isEqualTo(before);

    // Another hospital's clinician: on his own node ana is not his organisation's patient, nor is MRN-0042 known there;
    // on org-0's node he stores nothing and looks up none of its identifiers.
    portal.signInAt(base(1), new ClientIdentity(net.suite, drLi.certificate(), drLi.keys().getPrivate()));
    browser.driver.get(base(1) + "/ui/records/store");
    fillStoreForm(anaId.toString(), "", respiration(anaId, "not my patient"));
    assertThat(browser.driver.findElement(By.id("patient-error")).getText()).contains("not registered for care with org-1");
    browser.driver.get(base(1) + "/ui/records/patient?patient=MRN-0042");
    assertThat(browser.driver.findElement(By.id("patient-error")).getText()).contains("No patient has the local identifier");
    portal.signInAt(base(0), new ClientIdentity(net.suite, drLi.certificate(), drLi.keys().getPrivate()));
    browser.driver.get(base(0) + "/ui/records/patient?patient=MRN-0042");
    assertThat(browser.driver.findElement(By.id("patient-error")).getText()).contains("are org-0's, for its own clinicians");
    assertThat(portal.text()).doesNotContain(anaId.toString());
    browser.driver.get(base(0) + "/ui/records/store");
    assertThat(portal.text()).contains("Refused").contains("stored through your own organisation's node");
    assertThat(anasRecords()).isEqualTo(before);
  }
}
