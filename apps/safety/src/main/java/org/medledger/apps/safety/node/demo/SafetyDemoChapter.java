package org.medledger.apps.safety.node.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.safety.contract.devices.AssignmentConsent;
import org.medledger.apps.safety.contract.devices.DeviceRegistryContract;
import org.medledger.apps.safety.contract.events.AdverseEventsContract;
import org.medledger.apps.safety.contract.readings.DeviceReading;
import org.medledger.apps.safety.contract.readings.SignedDeviceReading;
import org.medledger.apps.safety.node.readings.ReadingReceiptVerifier;
import org.medledger.client.ApiException;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.ReceiptVerifier;
import org.medledger.client.TransactionBuilder;
import org.medledger.client.Verification;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Names;
import org.medledger.node.application.DemoChapter;
import org.medledger.node.application.DemoStage;

/**
 * The device-safety part of the demo (issue 17, "Both"). First a home blood-pressure monitor: the
 * drug maker, which also makes devices, registers the model and a unit with the monitor's own
 * key; dr-wang's hospital assigns it to patient-1 under her co-signed consent; the monitor signs
 * its readings and hospital-a's gateway anchors them; one reading's receipt is written out and
 * checked offline, and an altered copy fails. Then two adverse-event reports on the lot the drugs
 * chapter dispensed (a clinician's, and patient-1's own, whose receipt she keeps) reach the
 * regulator's threshold of two, the ledger raises the signal, the regulator recalls the lot through
 * drugs' recall and is shown the pharmacy holding it and the patient who agreed to be reached.
 * Every step is a member's own signed transaction or a public route, as a deployment runs them.
 */
public final class SafetyDemoChapter implements DemoChapter {
  /** The monitor model's device identifier: a GTIN under pharma-co's company prefix, which the drugs chapter recorded. */
  static final String MONITOR_DI = Gtin.withCheckDigit("0950600070001").value();
  static final String MONITOR_SERIAL = "BPM-00017";
  static final String MONITOR_UDI = "(01)" + MONITOR_DI + "(17)301231(10)BP2026(21)" + MONITOR_SERIAL;
  /** The drugs chapter's GTIN and the lot whose packs 1-5 pharmacy-1 dispensed there. */
  static final String DRUG_GTIN = "09506000134352";
  static final String DRUG_LOT = "L2026A";
  static final String MAKER = "factory";
  static final String CLINICIAN = "dr-wang";
  static final String PATIENT = "patient-1";
  static final String REGULATOR = "inspector";
  static final String PHARMACIST = "pharmacist";
  static final String READING_RECEIPT = "sample-device-reading-receipt.json";
  static final String REPORT_RECEIPT = "sample-adverse-event-receipt.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoStage stage;
  private PrintStream out;
  private String api;
  private Genesis genesis;

  @Override
  public String title() {
    return "device safety";
  }

  /** After drugs (30): the adverse events name a lot that chapter commissioned and dispensed, the monitor a prefix it recorded. */
  @Override
  public int storyOrder() {
    return 35;
  }

  @Override
  public void play(DemoStage stage) throws Exception {
    if (!stage.freshNetwork()) {
      return; // the monitor and its model are registered already: registering them again would be refused (already_registered)
    }
    this.stage = stage;
    this.out = stage.out();
    this.api = stage.apiUrls().get(0);
    this.genesis = GenesisJson.read(Files.readString(stage.genesisFile()));
    out.println("device safety:");
    homeMonitor();
    signalToRecall();
  }

  /** Part (a): the monitor registered, assigned under her consent, its readings anchored and one proven. */
  private void homeMonitor() throws Exception {
    String hospital = Names.organisation(stage.identities().get(CLINICIAN).certificate());
    String maker = Names.organisation(stage.identities().get(MAKER).certificate());
    KeyPair monitor = stage.suite().signatures().generateKeyPair(new SecureRandom());
    say(maker + " registers a home blood-pressure monitor model (GTIN " + MONITOR_DI + ", class IIa)", submit(MAKER,
        DeviceRegistryContract.NAME, DeviceRegistryContract.REGISTER_MODEL, Map.of("di", MONITOR_DI, "name",
            "Home blood pressure monitor BP-7", "deviceClass", "IIa", "kind", "home-monitor")));
    say(maker + " registers unit " + MONITOR_UDI + " with the key the monitor signs with", submit(MAKER,
        DeviceRegistryContract.NAME, DeviceRegistryContract.REGISTER_UNIT, Map.of("udi", MONITOR_UDI, "publicKey",
            Hex.encode(monitor.getPublic().getEncoded()))));
    MedLedgerClient wang = client(CLINICIAN);
    int number = wang.get("v1/devices/units?udi=" + encode(MONITOR_UDI)).path("nextAssignment").asInt();
    String consent = AssignmentConsent.sign(stage.identities().get(PATIENT).signer(), stage.chainId(), patientOne().value(),
        hospital, MONITOR_DI, MONITOR_SERIAL, number);
    say("patient-1 co-signs, with her own key, her consent to this unit, " + hospital + " and assignment " + number
        + "; " + CLINICIAN + " assigns the monitor to her", submit(CLINICIAN, DeviceRegistryContract.NAME,
            DeviceRegistryContract.ASSIGN, Map.of("udi", MONITOR_UDI, "patient", patientOne().value().hex(), "consent", consent)));

    // Two mornings of readings (systolic, diastolic, pulse), each signed by the monitor's own key; its clock is stated, not trusted.
    long morning = System.currentTimeMillis() - 86_400_000L;
    String[][] measured = {{"8480-6", "128", "mm[Hg]"}, {"8462-4", "82", "mm[Hg]"}, {"8867-4", "71", "/min"},
        {"8480-6", "131", "mm[Hg]"}, {"8462-4", "84", "mm[Hg]"}, {"8867-4", "68", "/min"}};
    ObjectNode body = JSON.createObjectNode();
    var readings = body.putArray("readings");
    for (int i = 0; i < measured.length; i++) {
      DeviceReading r = new DeviceReading(MONITOR_UDI, i + 1, morning + (i / 3) * 86_400_000L + i * 1_000L, DeviceReading.LOINC,
          measured[i][0], measured[i][1], measured[i][2]);
      readings.add(Hex.encode(SignedDeviceReading.sign(r, stage.suite().signatures().signer(monitor)).encode()));
    }
    JsonNode taken = new MedLedgerClient(api, stage.trust()).post("v1/safety/readings", body);
    out.println("  the monitor sends " + measured.length + " signed readings to " + hospital + "'s gateway (POST /v1/safety/readings,"
        + " no token: its signature admits it): " + taken.path("accepted").asText() + " accepted");
    if (taken.path("accepted").asInt() != measured.length) {
      throw new IllegalStateException("the gateway should accept every reading the registered monitor signed: " + taken);
    }

    JsonNode receipt = readingReceipt(wang, 4);
    out.println("  the gateway batches them and anchors the batch's Merkle root on the ledger (batch " + receipt.path("batch").asText()
        + ", " + receipt.path("batchSize").asText() + " readings); her copy goes to her records as FHIR Observations");
    Path file = stage.dataDir().resolve(READING_RECEIPT);
    Files.writeString(file, receipt.toPrettyString());
    Verification v = new ReadingReceiptVerifier().verify(JSON.readTree(Files.readAllBytes(file)), genesis);
    out.println("  reading 4 (systolic " + receipt.path("readingFields").path("value").asText() + " mm[Hg]), its receipt " + file
        + ", checked offline, the genesis alone: " + (v.ok() ? "VERIFIED" : "FAILED " + v));
    if (!v.ok()) {
      throw new IllegalStateException("the reading's receipt does not verify: " + v);
    }
    ObjectNode altered = receipt.deepCopy();
    ((ObjectNode) altered.get("readingFields")).put("value", "121");
    Verification a = new ReadingReceiptVerifier().verify(altered, genesis);
    out.println("    the same receipt with the value lowered to 121: " + (a.ok() ? "VERIFIED" : "FAILED " + a));
    if (a.ok()) {
      throw new IllegalStateException("an altered reading's receipt verified");
    }
    out.println("    check it yourself: medledger verify " + file + " --genesis " + stage.genesisFile());
  }

  /** Part (b): two reports on one lot reach the regulator's threshold; the signal; the recall, its holders and patients. */
  private void signalToRecall() throws Exception {
    String lot = DRUG_GTIN + "/" + DRUG_LOT;
    say("the regulator sets the signal threshold of lot " + lot + " to 2 reports", submit(REGULATOR, AdverseEventsContract.NAME,
        AdverseEventsContract.SET_THRESHOLD, Map.of("kind", "lot", "gtin", DRUG_GTIN, "lot", DRUG_LOT, "reports", "2")));
    // A second patient of hospital-a, registered here with her own key (the health chapter's patient-2 asked to be forgotten).
    KeyPair herKey = stage.suite().signatures().generateKeyPair(new SecureRandom());
    PatientId patientThree = PatientId.of(stage.suite().hash(), herKey.getPublic().getEncoded());
    String hospital = Names.organisation(stage.identities().get(CLINICIAN).certificate());
    say(CLINICIAN + " registers patient-3 (her own key)", submit(CLINICIAN, "patients", "register", Map.of("publicKey",
        Hex.encode(herKey.getPublic().getEncoded()), "custody", "self", "signature", CareRegistration.sign(
            stage.suite().signatures().signer(herKey), stage.chainId(), patientThree, hospital))));
    say("pharmacy-1 records that pack 1 of the lot went to patient-1", submit(PHARMACIST, AdverseEventsContract.NAME,
        AdverseEventsContract.RECORD_DISPENSING, Map.of("gtin", DRUG_GTIN, "serial", "1", "patient", patientOne().toString())));
    say("and pack 2 to patient-3", submit(PHARMACIST, AdverseEventsContract.NAME, AdverseEventsContract.RECORD_DISPENSING,
        Map.of("gtin", DRUG_GTIN, "serial", "2", "patient", patientThree.toString())));
    say("patient-1 agrees that the regulator may reach her in a recall", submit(PATIENT, AdverseEventsContract.NAME,
        AdverseEventsContract.SET_RECALL_CONTACT, Map.of("granted", "true")));

    String onset = LocalDate.now(ZoneOffset.UTC).minusDays(2).toString();
    JsonNode clinicians = submit(CLINICIAN, AdverseEventsContract.NAME, AdverseEventsContract.REPORT, Map.of("patient",
        patientThree.toString(), "reactions", "urticaria,angioedema", "description", "lip swelling two hours after the first dose",
        "seriousness", "Serious", "outcome", "recovering", "onset", onset, "gtin", DRUG_GTIN, "lot", DRUG_LOT, "serial", "2"));
    say(CLINICIAN + " reports patient-3's urticaria and angioedema on lot " + DRUG_LOT + " (case "
        + clinicians.path("txId").asText().substring(0, 16) + "…)", clinicians);
    MedLedgerClient regulator = client(REGULATOR);
    out.println("  the regulator's counts: " + regulator.get("v1/signals").path("reportsPerLot").path(lot).asText()
        + " report on the lot, no signal yet");
    JsonNode hers = submit(PATIENT, AdverseEventsContract.NAME, AdverseEventsContract.REPORT, Map.of("patient",
        patientOne().toString(), "reactions", "rash", "description", "itchy rash on both arms", "seriousness", "Non-serious",
        "outcome", "recovering", "onset", onset, "gtin", DRUG_GTIN, "lot", DRUG_LOT, "serial", "1"));
    say("patient-1 reports her own rash on the same lot, with her own key", hers);
    JsonNode receipt = client(PATIENT).transactionReceipt(hers.path("txId").asText());
    Path file = stage.dataDir().resolve(REPORT_RECEIPT);
    Files.writeString(file, receipt.toPrettyString());
    Verification v = new ReceiptVerifier(genesis).verify(JSON.readTree(Files.readAllBytes(file)));
    out.println("    her receipt " + file + ", checked offline, the genesis alone: " + (v.ok() ? "VERIFIED" : "FAILED " + v));
    if (!v.ok()) {
      throw new IllegalStateException("her report's receipt does not verify: " + v);
    }

    JsonNode signals = regulator.get("v1/signals");
    JsonNode signal = null;
    for (JsonNode s : signals.path("signals")) {
      if (lot.equals(s.path("subject").asText())) {
        signal = s;
      }
    }
    if (signal == null) {
      throw new IllegalStateException("two reports on " + lot + " at a threshold of 2 should raise a signal: " + signals);
    }
    Verification sv = new ReceiptVerifier(genesis).verify(regulator.stateReceipt(signal.path("receiptKey").asText(),
        signals.path("height").asLong()));
    out.println("  the ledger raises the signal: lot " + lot + " reached " + signal.path("count").asText() + " of threshold "
        + signal.path("threshold").asText() + " with patient-1's case at height " + signal.path("height").asText()
        + "; its state receipt: " + (sv.ok() ? "VERIFIED" : "FAILED " + sv));
    if (!sv.ok()) {
      throw new IllegalStateException("the signal's state receipt does not verify: " + sv);
    }

    say("the regulator recalls lot " + DRUG_LOT + " through drugs' recall", submit(REGULATOR, "drugs", "recall", Map.of("gtin",
        DRUG_GTIN, "lot", DRUG_LOT, "reason", "safety signal: 2 adverse-event reports (urticaria, angioedema, rash)")));
    JsonNode record = regulator.get("v1/adverse-events/lot?gtin=" + DRUG_GTIN + "&lot=" + encode(DRUG_LOT));
    for (JsonNode h : record.path("holders")) {
      out.println("    holder: " + h.path("organisation").asText() + ", " + h.path("packs").asText() + " pack(s)"
          + (h.path("inTransit").asBoolean() ? " in transit" : ""));
    }
    JsonNode received = record.path("receivedBy");
    List<String> reachable = new java.util.ArrayList<>();
    received.path("contactablePatients").forEach(p -> reachable.add(p.asText()));
    out.println("    patients to reach: " + (reachable.contains(patientOne().toString()) ? "patient-1 (" + patientOne() + ")"
        : reachable) + "; without contact consent, reached through their pharmacy: "
        + received.path("patientsWithoutContactConsent").asText());
    if (!record.path("recalled").asBoolean() || !reachable.equals(List.of(patientOne().toString()))) {
      throw new IllegalStateException("the recalled lot should name patient-1 alone as the patient to reach: " + record);
    }
    out.println("    the regulator's pages in a browser: " + api + "/ui/safety/signals and " + api + "/ui/safety/lot?gtin=" + DRUG_GTIN
        + "&lot=" + DRUG_LOT);
  }

  /** The reading's receipt once its batch is anchored: the gateway answers 409 while the root is not yet committed. */
  private JsonNode readingReceipt(MedLedgerClient c, long sequence) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      try {
        return c.get("v1/safety/readings/receipt?udi=" + encode(MONITOR_UDI) + "&sequence=" + sequence);
      } catch (ApiException e) {
        if (e.status() != 409 || System.currentTimeMillis() > deadline) {
          throw e;
        }
        Thread.sleep(100); // the batch seals within medledger.readings.waitMillis and its anchor commits in the next block
      }
    }
  }

  private PatientId patientOne() {
    return PatientId.of(stage.suite().hash(), stage.identities().get(PATIENT).certificate().getPublicKey().getEncoded());
  }

  /** A member's own signed transaction, through hospital-a's node, answered once committed. */
  private JsonNode submit(String user, String contract, String method, Map<String, String> args) {
    var tx = new TransactionBuilder(stage.identities().get(user), stage.chainId(), Clock.systemUTC())
        .build(contract, method, new LinkedHashMap<>(args));
    return client(user).post("v1/transactions?wait=true", JSON.createObjectNode().put("transaction", Hex.encode(tx.encoded())));
  }

  private void say(String what, JsonNode reply) {
    JsonNode o = reply.path("outcome");
    if (!o.path("success").asBoolean()) {
      throw new IllegalStateException(what + ": refused by contract (" + o.path("code").asText() + ": "
          + o.path("message").asText() + ")");
    }
    out.println("  " + what + ": committed at height " + reply.path("height").asText());
  }

  private MedLedgerClient client(String user) {
    return new MedLedgerClient(api, stage.trust()).withToken(stage.tokens().get(user));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
