package org.medledger.apps.safety.node.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.safety.contract.IssuingAgency;
import org.medledger.apps.safety.contract.Udi;
import org.medledger.apps.safety.contract.devices.AssignmentConsent;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.ReceiptVerifier;
import org.medledger.client.Verification;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.fhirconformance.FhirConformance;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.api.OpenApiCoverageTest;
import org.medledger.core.tx.Transaction;
import picocli.CommandLine;

/**
 * Adverse events on a real validator that loaded the safety application from the class path, its
 * members registered on the ledger and their roles confirmed by the genesis: reports signed with
 * the members' own keys through {@code medledger adverse-event}, the cheats refused, a threshold
 * crossed into a signal, the lot recalled through drugs' recall and its holders and consenting
 * patients listed; the REST, FHIR and metadata views each shown to whom they belong and no one else.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdverseEventNetworkTest {
  static final String GTIN = "09506000134352";
  static final String PUMP_DI = "51022222233336";
  /** An infusion pump's unit, labelled by the UDI codec so its check digit is right. */
  static final String PUMP_UDI = new Udi(IssuingAgency.GS1, PUMP_DI, Optional.of("A213B1"), Optional.of(LocalDate.of(2028, 7, 7)),
      Optional.of("PX0001"), Optional.empty()).render();
  @TempDir static Path dir;
  static BftTestNetwork net;
  static MedLedgerNode node;
  static BftTestNetwork.Member regulator, maker, pharmacist, clinician, insurer, alice, bob;

  @BeforeAll
  static void start() throws Exception {
    net = new BftTestNetwork(dir, "intl", List.of(List.of(Role.values())));
    node = MedLedgerNode.start(net.configs.get(0));
    regulator = member("inspector", Role.REGULATOR);
    maker = member("factory", Role.MAKER);
    pharmacist = member("pharmacist", Role.PHARMACY);
    clinician = member("dr-li", Role.CLINICIAN);
    insurer = member("assessor", Role.INSURER);
    alice = member("alice", Role.PATIENT);
    bob = member("bob", Role.PATIENT);
    commit(net.tx(regulator, "drugs", "recordPrefix", "prefix", "9506000", "organisation", "org-0"));
    commit(net.tx(maker, "drugs", "registerGtin", "gtin", GTIN));
    commit(net.tx(maker, "drugs", "commission", "gtin", GTIN, "lot", "L1", "expiry", "301231", "serials", "1..4"));
    commit(net.tx(pharmacist, "drugs", "dispense", "gtin", GTIN, "serials", "1,2"));
    for (BftTestNetwork.Member p : List.of(alice, bob)) {
      PatientId id = PatientId.of(net.suite.hash(), p.keys().getPublic().getEncoded());
      commit(net.tx(clinician, "patients", "register", "publicKey", Hex.encode(p.keys().getPublic().getEncoded()), "custody", "self",
          "signature", CareRegistration.sign(p.signer(), net.genesis.chainId(), id, "org-0")));
    }
    commit(net.tx(pharmacist, "adverseEvents", "recordDispensing", "gtin", GTIN, "serial", "1", "patient", id(alice)));
    commit(net.tx(pharmacist, "adverseEvents", "recordDispensing", "gtin", GTIN, "serial", "2", "patient", id(bob)));
    commit(net.tx(alice, "adverseEvents", "setRecallContact", "granted", "true"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static BftTestNetwork.Member member(String name, Role role) throws Exception {
    BftTestNetwork.Member m = net.member(0, name, role);
    commit(net.register(m));
    Path identity = Files.createDirectories(dir.resolve("id-" + name));
    Files.writeString(identity.resolve("cert.pem"), Pem.certificate(m.certificate()));
    Files.writeString(identity.resolve("key.pem"), Pem.privateKey(m.keys().getPrivate()));
    return m;
  }

  static String id(BftTestNetwork.Member patient) {
    return PatientId.of(net.suite.hash(), patient.keys().getPublic().getEncoded()).toString();
  }

  /**
   * One signed-in client per member, kept for the class: a login is two anonymous requests, which
   * the node allows 20 a second per address (bursts of 60); signing in for every call ran into 429
   * on a fast machine.
   */
  private static final java.util.Map<String, MedLedgerClient> SIGNED_IN = new java.util.concurrent.ConcurrentHashMap<>();

  static JsonNode commit(Transaction tx) throws Exception {
    MedLedgerClient submitter = SIGNED_IN.computeIfAbsent("submitter", k -> {
      MedLedgerClient c = new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
      c.login(new ClientIdentity(net.suite, net.clinicianCert, net.clinicianKey));
      return c;
    });
    JsonNode r = submitter.submit(tx, true);
    assertThat(r.path("outcome").path("success").asBoolean()).as("%s.%s: %s", tx.contract(), tx.method(), r).isTrue();
    return r;
  }

  static MedLedgerClient client(BftTestNetwork.Member m) {
    return SIGNED_IN.computeIfAbsent("member " + m.name(), k -> {
      MedLedgerClient c = new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
      c.login(new ClientIdentity(net.suite, m.certificate(), m.keys().getPrivate()));
      return c;
    });
  }

  /** Runs {@code medledger <command> ...} in this JVM as {@code who}: exit code, stdout, stderr. */
  static String[] cli(Object command, BftTestNetwork.Member who, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      String[] all = Stream.concat(Stream.of(args), Stream.of("--api", "http://127.0.0.1:" + node.apiPort(), "--identity",
          dir.resolve("id-" + who.name()).toString())).toArray(String[]::new);
      int code = new CommandLine(command).execute(all);
      return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  static String caseIdOf(String[] reported) {
    assertThat(reported[0]).as(reported[1] + reported[2]).isEqualTo("0");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("transaction ([0-9a-f]{64}) committed").matcher(reported[1]);
    assertThat(m.find()).as(reported[1]).isTrue();
    return m.group(1);
  }

  static String[] report(BftTestNetwork.Member by, BftTestNetwork.Member patient, String lot, String... more) {
    String[] base = {"report", "--patient", id(patient), "--reactions", "rash,urticaria", "--seriousness", "Non-serious",
        "--outcome", "recovering", "--onset", "2026-01-10", "--gtin", GTIN, "--lot", lot};
    return cli(new AdverseEventCommand(), by, Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new));
  }

  @Test
  @Order(1)
  void fromReportsToASignalToARecallWithTheCheatsRefused() throws Exception {
    assertThat(cli(new SignalCommand(), clinician, "threshold", "--kind", "lot", "--gtin", GTIN, "--lot", "L1", "--reports", "2")[1])
        .contains("refused: forbidden");
    assertThat(cli(new SignalCommand(), regulator, "threshold", "--kind", "lot", "--gtin", GTIN, "--lot", "L1", "--reports", "2")[0])
        .isEqualTo("0");

    // The cheats: an insurer reporting, a patient in another's name, a lot the ledger never saw.
    assertThat(report(insurer, alice, "L1")[1]).contains("refused: forbidden");
    assertThat(report(bob, alice, "L1")[1]).contains("refused: forbidden").contains("a patient reports her own adverse events only");
    assertThat(report(clinician, alice, "NOPE")[1]).contains("refused: unknown_lot").contains("lot NOPE of GTIN " + GTIN);
    assertThat(client(regulator).get("v1/signals").get("reportsPerLot").size()).as("refused reports change nothing").isZero();

    // Alice reports her own reaction and keeps the receipt, which verifies offline against the genesis alone.
    Path receipt = dir.resolve("alice-receipt.json");
    String hers = caseIdOf(report(alice, alice, "L1", "--receipt", receipt.toString()));
    Verification checked = new ReceiptVerifier(net.genesis).verify(new ObjectMapper().readTree(Files.readString(receipt)));
    assertThat(checked).isInstanceOf(Verification.Verified.class);
    assertThat(client(regulator).get("v1/signals").get("signals")).isEmpty();

    String drs = caseIdOf(report(clinician, bob, "L1", "--serial", "2"));
    JsonNode signals = client(regulator).get("v1/signals");
    assertThat(signals.get("reportsPerLot").get(GTIN + "/L1").asInt()).isEqualTo(2);
    assertThat(signals.get("signals")).singleElement().satisfies(s -> {
      assertThat(s.get("subject").asText()).isEqualTo(GTIN + "/L1");
      assertThat(s.get("case").asText()).isEqualTo(drs);
    });
    String signalKey = signals.get("signals").get(0).get("receiptKey").asText();
    assertThat(new ReceiptVerifier(net.genesis).verify(client(regulator).stateReceipt(signalKey, signals.get("height").asLong())))
        .isInstanceOf(Verification.Verified.class);
    assertThatThrownBy(() -> client(clinician).get("v1/signals"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));

    // Follow-ups: the reporting side adds a version; another role, or the patient, cannot amend the clinician's case.
    String[] followUp = {"follow-up", drs, "--reactions", "rash,urticaria,angioedema", "--seriousness",
        "SeriousResultsInHospitalization", "--outcome", "resolved", "--onset", "2026-01-10"};
    assertThat(cli(new AdverseEventCommand(), pharmacist, followUp)[1]).contains("refused: forbidden");
    assertThat(cli(new AdverseEventCommand(), bob, followUp)[1]).contains("refused: forbidden");
    assertThat(cli(new AdverseEventCommand(), clinician, followUp)[0]).isEqualTo("0");
    String[] shown = cli(new AdverseEventCommand(), clinician, "show", drs);
    assertThat(shown[1]).contains("v1 ").contains("v2 ").contains("SeriousResultsInHospitalization").contains("lot record: maker org-0");

    // Who may see which patient is linked: the regulator and the patient herself, never another member.
    JsonNode asRegulator = client(regulator).get("v1/adverse-events/" + drs);
    assertThat(asRegulator.get("versions")).hasSize(2);
    assertThat(asRegulator.get("lotRecord").get("receivedBy").get("contactablePatients").toString()).contains(id(alice));
    assertThat(asRegulator.get("lotRecord").get("receivedBy").get("patientsWithoutContactConsent").asInt()).isEqualTo(1);
    JsonNode asReporter = client(clinician).get("v1/adverse-events/" + drs);
    assertThat(asReporter.get("lotRecord").has("receivedBy")).isFalse();
    JsonNode asBob = client(bob).get("v1/adverse-events/" + drs);
    assertThat(asBob.get("lotRecord").get("yourPacks").toString()).isEqualTo("[\"2\"]");
    for (BftTestNetwork.Member outsider : List.of(insurer, alice, pharmacist)) {
      assertThatThrownBy(() -> client(outsider).get("v1/adverse-events/" + drs))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
    assertThatThrownBy(() -> client(insurer).get("v1/adverse-events?patient=" + id(alice)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThat(client(alice).get("v1/adverse-events?patient=" + id(alice)).get("cases")).hasSize(1);
    assertThatThrownBy(() -> client(insurer).transaction(hers))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThat(client(alice).transaction(hers).get("txId").asText()).isEqualTo(hers);

    // FHIR AdverseEvent: valid R4, a version per follow-up, absent for whoever may not see it.
    String fhir = client(regulator).get("fhir/AdverseEvent/" + drs).toString();
    FhirConformance.assertValid(fhir);
    assertThat(fhir).contains("\"versionId\":\"2\"").contains("angioedema").contains("\"lotNumber\":\"L1\"");
    String first = client(regulator).get("fhir/AdverseEvent/" + drs + "/_history/1").toString();
    FhirConformance.assertValid(first);
    assertThat(first).contains("\"versionId\":\"1\"").doesNotContain("angioedema");
    FhirConformance.assertValid(client(bob).get("fhir/AdverseEvent/" + drs + "/_history").toString());
    FhirConformance.assertValid(client(alice).get("fhir/AdverseEvent?subject=Patient/" + id(alice)).toString());
    assertThatThrownBy(() -> client(insurer).get("fhir/AdverseEvent/" + drs))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));

    // A lot the ledger never saw is not found, and no recall of it is signed; the lot view is the regulator's alone.
    assertThatThrownBy(() -> client(regulator).get("v1/adverse-events/lot?gtin=" + GTIN + "&lot=NOPE"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.getMessage()).contains("lot NOPE of GTIN " + GTIN + " was never commissioned");
        });
    String[] mistyped = cli(new SignalCommand(), regulator, "recall", "--gtin", GTIN, "--lot", "NOPE", "--reason", "typo");
    assertThat(mistyped[0]).isEqualTo("1");
    assertThat(mistyped[2]).contains("lot NOPE of GTIN " + GTIN + " was never commissioned");
    assertThatThrownBy(() -> client(clinician).get("v1/adverse-events/lot?gtin=" + GTIN + "&lot=L1"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));

    // The regulator recalls the lot through drugs' recall and is shown its holders and the patient who agreed to be reached.
    String[] recall = cli(new SignalCommand(), regulator, "recall", "--gtin", GTIN, "--lot", "L1", "--reason", "signal: 2 reports");
    assertThat(recall[0]).as(recall[1] + recall[2]).isEqualTo("0");
    assertThat(recall[1]).contains("holder: org-0 2 pack(s)").contains("patient to reach: " + id(alice))
        .contains("patients without contact consent (reached through their pharmacy): 1");
    assertThat(client(regulator).get("v1/adverse-events/lot?gtin=" + GTIN + "&lot=L1").get("recalled").asBoolean()).isTrue();
  }

  /** Alice's or Bob's consent to assignment {@code number} of the pump by org-0, signed with the key records holds for her. */
  static String pumpConsent(BftTestNetwork.Member patient, int number) {
    return AssignmentConsent.sign(patient.signer(), net.genesis.chainId(), PatientId.parse(id(patient)).value(), "org-0", PUMP_DI,
        "PX0001", number);
  }

  static String[] deviceReport(BftTestNetwork.Member by, BftTestNetwork.Member patient, String udi) {
    return cli(new AdverseEventCommand(), by, "report", "--patient", id(patient), "--reactions", "device-site-infection",
        "--description", "redness and fever around the infusion site", "--seriousness", "SeriousResultsInHospitalization",
        "--outcome", "recovering", "--causality", "Possible", "--onset", "2026-01-12", "--udi", udi);
  }

  @Test
  @Order(2)
  void aReportNamingADeviceUnitLinksToItsAssignmentsAndCountsAgainstItsModel() throws Exception {
    commit(net.tx(maker, "devices", "registerModel", "di", PUMP_DI, "name", "Infusion pump X", "deviceClass", "IIb", "kind",
        "home-monitor"));
    commit(net.tx(maker, "devices", "registerUnit", "udi", PUMP_UDI));
    // Bob had the pump first; after it came back it went home with Alice.
    commit(net.tx(clinician, "devices", "assign", "udi", PUMP_UDI, "patient", id(bob), "consent", pumpConsent(bob, 1)));
    commit(net.tx(clinician, "devices", "unassign", "udi", PUMP_UDI, "reason", "returned after his course"));
    commit(net.tx(clinician, "devices", "assign", "udi", PUMP_UDI, "patient", id(alice), "consent", pumpConsent(alice, 2)));
    assertThat(cli(new SignalCommand(), regulator, "threshold", "--kind", "model", "--model", PUMP_DI, "--reports", "1")[0])
        .isEqualTo("0");

    // A malformed UDI and a unit nobody registered are refused by name, and nothing is counted.
    assertThat(deviceReport(alice, alice, "(01)51022222233337(21)PX0001")[1]).contains("refused: invalid_udi")
        .contains("check digit");
    String unregistered = new Udi(IssuingAgency.GS1, PUMP_DI, Optional.empty(), Optional.empty(), Optional.of("PX9999"),
        Optional.empty()).render();
    assertThat(deviceReport(alice, alice, unregistered)[1]).contains("refused: unknown_device");
    assertThat(client(regulator).get("v1/signals").get("reportsPerModel").has(PUMP_DI)).isFalse();
    assertThat(deviceReport(bob, alice, PUMP_UDI)[1]).as("a patient in another's name").contains("refused: forbidden");

    String hers = caseIdOf(deviceReport(alice, alice, PUMP_UDI));
    JsonNode signals = client(regulator).get("v1/signals");
    assertThat(signals.get("reportsPerModel").get(PUMP_DI).asInt()).isEqualTo(1);
    assertThat(signals.get("signals")).anySatisfy(s -> {
      assertThat(s.get("subject").asText()).isEqualTo(PUMP_DI);
      assertThat(s.get("case").asText()).isEqualTo(hers);
    });

    // The case links to the unit's assignments: the regulator sees both patients, Alice only herself, never Bob.
    JsonNode forRegulator = client(regulator).get("v1/adverse-events/" + hers).get("deviceUnit");
    assertThat(forRegulator.get("lot").asText()).isEqualTo("A213B1");
    assertThat(forRegulator.get("assignments")).extracting(a -> a.path("patient").asText()).containsExactly(id(bob), id(alice));
    JsonNode forAlice = client(alice).get("v1/adverse-events/" + hers).get("deviceUnit");
    assertThat(forAlice.get("assignments")).hasSize(2);
    assertThat(forAlice.get("assignments").get(0).has("patient")).as(forAlice.toString()).isFalse();
    assertThat(forAlice.get("assignments").get(0).get("inForce").asBoolean()).isFalse();
    assertThat(forAlice.get("assignments").get(1).get("patient").asText()).isEqualTo(id(alice));
    assertThat(forAlice.toString()).doesNotContain(id(bob));
    for (BftTestNetwork.Member outsider : List.of(bob, clinician, maker)) {
      assertThatThrownBy(() -> client(outsider).get("v1/adverse-events/" + hers))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    // Her FHIR AdverseEvent names the unit as a contained Device; valid R4.
    String fhir = client(alice).get("fhir/AdverseEvent/" + hers).toString();
    FhirConformance.assertValid(fhir);
    assertThat(fhir).contains("\"Device\"").contains(PUMP_UDI).contains("device-site-infection")
        .contains("adverse-event-causality-assess").contains("\"code\":\"Possible\"");
    assertThat(client(alice).get("v1/adverse-events/" + hers).get("versions").get(0).get("causality").asText()).isEqualTo("Possible");
  }

  @Test
  @Order(3)
  void everyRouteIsDescribedAndAdverseEventIsInTheFhirFacade() throws Exception {
    assertThat(node.apiRoutes()).contains("GET /v1/adverse-events/{case}", "GET /v1/signals");
    assertThat(OpenApiCoverageTest.undescribedRoutes(node)).isEmpty();
    assertThat(client(clinician).get("fhir/metadata").toString()).contains("\"AdverseEvent\"");
  }
}
