package org.medledger.apps.safety.node.readings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.apps.records.node.RecordVault;
import org.medledger.apps.safety.contract.devices.AssignmentConsent;
import org.medledger.apps.safety.contract.readings.AnchoredReading;
import org.medledger.apps.safety.contract.readings.DeviceReading;
import org.medledger.apps.safety.contract.readings.DeviceReadingsContract;
import org.medledger.apps.safety.contract.readings.SignedDeviceReading;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.Verification;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.fhirconformance.FhirConformance;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.RunningValidators;

/**
 * A home monitor's readings through a real node's gateway: checked against the key the ledger
 * registers for the unit, refused when unregistered, keyless, forged, replayed or garbage; batched,
 * anchored by the node, filed in the vault for the patient the unit is assigned to, and each
 * proven offline with the genesis alone by its receipt, which fails once the reading is altered.
 */
class ReadingGatewayNetworkTest {
  static final String DI = "09506000134352";
  static final String UDI = "(01)" + DI + "(17)281231(10)LOT7(21)MON-0001";
  /** The same unit's label without its lot and expiry: another spelling of one unit. */
  static final String SAME_UNIT = "(01)" + DI + "(21)MON-0001";
  /** Units of the same model and key for the other tests, so each test's sequence numbers are its own whatever the order. */
  static final String REFUSALS = "(01)" + DI + "(21)MON-0003";
  static final String ACCESS = "(01)" + DI + "(21)MON-0004";
  static final String KEYLESS = "(01)" + DI + "(21)MON-0002";
  static final String UNREGISTERED = "(01)" + DI + "(21)MON-9999";
  static final String LATE = "(01)" + DI + "(21)MON-0005";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static BftTestNetwork net;
  static MedLedgerNode node;
  static KeyPair monitor;
  static MedLedgerClient anyone;
  static BftTestNetwork.Member nurse;
  static BftTestNetwork.Member maker;
  static BftTestNetwork.Member patient;
  static BftTestNetwork.Member admin;
  static PatientId her;

  @BeforeAll
  static void start() throws Exception {
    System.setProperty("medledger.readings.waitMillis", "100");
    net = new BftTestNetwork(dir, "intl", 1);
    node = MedLedgerNode.start(net.configs.get(0));
    maker = net.member(0, "monitor-maker", Role.MAKER);
    nurse = net.member(0, "nurse", Role.CLINICIAN);
    patient = net.member(0, "patient-1", Role.PATIENT);
    admin = net.member(0, "records-office", Role.ADMIN);
    for (BftTestNetwork.Member m : List.of(maker, nurse, patient, admin)) {
      commit(net.register(m));
    }
    monitor = net.suite.signatures().generateKeyPair(new SecureRandom());
    commit(net.tx(maker, "devices", "registerModel", "di", DI, "name", "Home blood pressure monitor", "deviceClass", "IIa",
        "kind", "home-monitor"));
    commit(net.tx(maker, "devices", "registerUnit", "udi", UDI, "publicKey", Hex.encode(monitor.getPublic().getEncoded())));
    for (String unit : List.of(REFUSALS, ACCESS)) {
      commit(net.tx(maker, "devices", "registerUnit", "udi", unit, "publicKey", Hex.encode(monitor.getPublic().getEncoded())));
    }
    commit(net.tx(maker, "devices", "registerUnit", "udi", KEYLESS));
    // The monitor goes home with a patient registered at this hospital, under her signed consent.
    KeyPair herKey = net.suite.signatures().generateKeyPair(new SecureRandom());
    her = PatientId.of(net.suite.hash(), herKey.getPublic().getEncoded());
    commit(net.tx(nurse, "patients", "register", "publicKey", Hex.encode(herKey.getPublic().getEncoded()), "signature",
        CareRegistration.sign(net.suite.signatures().signer(herKey), net.genesis.chainId(), her, "org-0"),
        "encryptionKeyCertificate", net.encryptionKeyCertificate(herKey)));
    commit(net.tx(nurse, "devices", "assign", "udi", UDI, "patient", her.value().hex(), "consent", AssignmentConsent.sign(
        net.suite.signatures().signer(herKey), net.genesis.chainId(), her.value(), "org-0", DI, "MON-0001", 1)));
    anyone = new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
  }

  @AfterAll
  static void stop() {
    System.clearProperty("medledger.readings.waitMillis");
    node.close();
  }

  /** Commits {@code tx} on the one validator and checks it succeeded. */
  static void commit(org.medledger.core.tx.Transaction tx) throws InterruptedException {
    assertThat(node.admission().submit(tx)).isInstanceOf(org.medledger.node.admission.AdmissionResult.Accepted.class);
    var id = tx.id(net.suite.hash());
    RunningValidators.await("committed", 30_000, () -> node.ledger().transaction(id).isPresent());
    var outcome = node.ledger().transaction(id).orElseThrow().outcome();
    assertThat(outcome.success()).as(outcome.code() + ": " + outcome.message()).isTrue();
  }

  static String signed(String udi, long sequence, String value, KeyPair key) {
    DeviceReading r = new DeviceReading(udi, sequence, 1_796_000_000_000L + sequence, DeviceReading.LOINC, "8480-6", value, "mm[Hg]");
    return Hex.encode(SignedDeviceReading.sign(r, net.suite.signatures().signer(key)).encode());
  }

  static JsonNode submit(String... readings) {
    ObjectNode body = JSON.createObjectNode();
    var list = body.putArray("readings");
    for (String r : readings) {
      list.add(r);
    }
    return anyone.post("v1/safety/readings", body);
  }

  static void refused(String reading, String code, String message) {
    assertThatThrownBy(() -> submit(reading)).as(code).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.getMessage()).contains(message);
    });
  }

  static MedLedgerClient as(BftTestNetwork.Member m) {
    MedLedgerClient c = new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
    c.login(new ClientIdentity(net.suite, m.certificate(), m.keys().getPrivate()));
    return c;
  }

  static JsonNode receipt(MedLedgerClient c, String udi, long sequence) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (true) {
      try {
        return c.get("v1/safety/readings/receipt?udi=" + java.net.URLEncoder.encode(udi, java.nio.charset.StandardCharsets.UTF_8)
            + "&sequence=" + sequence);
      } catch (ApiException e) {
        if (e.status() != 409 || System.currentTimeMillis() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  @Test
  void aMonitorsReadingsAreAnchoredAndOneIsProvenOfflineUntilItIsAltered() throws Exception {
    JsonNode taken = submit(signed(UDI, 1, "128", monitor), signed(UDI, 2, "131", monitor), signed(UDI, 3, "127.5", monitor));
    assertThat(taken.get("accepted").asInt()).as(taken.toString()).isEqualTo(3);

    JsonNode receipt = receipt(as(nurse), SAME_UNIT, 2);
    assertThat(receipt.get("kind").asText()).isEqualTo("device-reading");
    assertThat(receipt.path("readingFields").path("value").asText()).isEqualTo("131");
    Verification v = new ReadingReceiptVerifier().verify(receipt, net.genesis);
    assertThat(v.ok()).as(v.toString()).isTrue();
    assertThat(((Verification.Verified) v).summary()).contains("reading 2 of device " + UDI).contains("8480-6 = 131 mm[Hg]");
    var batch = DeviceReadingsContract.find(node.ledger().state(), "org-0", receipt.get("batch").asText()).orElseThrow();
    assertThat(batch.count()).isEqualTo(receipt.get("batchSize").asLong());

    // Her copy in the vault: one Bundle of Observations per batch, the values as the monitor signed them.
    RunningValidators.await("her readings filed", 30_000, () -> vaultValues().containsAll(List.of("128", "131", "127.5")));
    for (var e : RecordContract.ofPatient(node.ledger().state(), her)) {
      FhirConformance.assertValid(new String(RecordVault.of(node).fetch(e.recordHash(), 5_000), java.nio.charset.StandardCharsets.UTF_8));
    }
    assertThat(RecordContract.ofPatient(node.ledger().state(), her)).allSatisfy(e -> {
      assertThat(e.resourceType()).isEqualTo("Bundle");
      assertThat(e.category()).isEqualTo("device-readings");
      assertThat(e.custodian()).isEqualTo("org-0");
    });

    ObjectNode changedWords = receipt.deepCopy();
    ((ObjectNode) changedWords.get("readingFields")).put("value", "120");
    assertThat(new ReadingReceiptVerifier().verify(changedWords, net.genesis)).isInstanceOfSatisfying(Verification.Failed.class,
        f -> assertThat(f.check()).isEqualTo("readingFields.value"));

    AnchoredReading leaf = AnchoredReading.decode(Hex.decode(receipt.get("reading").asText()));
    DeviceReading r = leaf.reading();
    DeviceReading lower = new DeviceReading(r.udi(), r.sequence(), r.statedAtMillis(), r.codeSystem(), r.code(), "120", r.unit());
    ObjectNode altered = receipt.deepCopy();
    altered.put("reading", Hex.encode(new AnchoredReading(new SignedDeviceReading(lower, leaf.signed().signature()),
        leaf.devicePublicKey()).encode()));
    ((ObjectNode) altered.get("readingFields")).put("value", "120");
    assertThat(new ReadingReceiptVerifier().verify(altered, net.genesis)).isInstanceOfSatisfying(Verification.Failed.class,
        f -> assertThat(f.check()).isEqualTo("signature"));

    // Even the device's own key cannot make an altered reading part of the anchored batch.
    ObjectNode resigned = altered.deepCopy();
    resigned.put("reading", Hex.encode(new AnchoredReading(SignedDeviceReading.sign(lower, net.suite.signatures().signer(monitor)),
        leaf.devicePublicKey()).encode()));
    assertThat(new ReadingReceiptVerifier().verify(resigned, net.genesis)).isInstanceOfSatisfying(Verification.Failed.class,
        f -> assertThat(f.check()).isEqualTo("auditPath"));
  }

  /** Every Observation value in her device-reading records, fetched and opened by the custodian's node. */
  static List<String> vaultValues() {
    List<String> values = new java.util.ArrayList<>();
    for (var e : RecordContract.ofPatient(node.ledger().state(), her)) {
      try {
        JsonNode bundle = JSON.readTree(RecordVault.of(node).fetch(e.recordHash(), 5_000));
        bundle.get("entry").forEach(x -> values.add(x.get("resource").get("valueQuantity").get("value").asText()));
      } catch (java.io.IOException ex) {
        throw new java.io.UncheckedIOException(ex);
      }
    }
    return values;
  }

  @Test
  void readingsOfUnregisteredKeylessOrForgedDevicesReplaysAndGarbageAreRefusedByName() {
    KeyPair impostor = net.suite.signatures().generateKeyPair(new SecureRandom());
    refused(signed(UNREGISTERED, 1, "120", impostor), "unknown_device", "device " + UNREGISTERED + " is not registered");
    refused(signed(KEYLESS, 1, "120", impostor), "no_device_key", "registered without a signing key");
    refused(signed(REFUSALS, 50, "120", impostor), "bad_signature", "not signed by the key the ledger registers");
    assertThat(submit(signed(REFUSALS, 60, "119", monitor)).get("accepted").asInt()).isEqualTo(1);
    refused(signed(REFUSALS, 60, "119", monitor), "replayed", "sent sequence number 60 after 60");
    refused(signed("(01)" + DI + "(17)281231(21)MON-0003", 59, "119", monitor), "replayed", "after 60");
    refused("00ff", "malformed", "not a signed device reading");
    refused(signed("(01)" + DI + "(10)LOT7", 1, "1", monitor), "malformed_udi", "carries no serial number");
    // Nothing refused was taken: the forged and the unregistered readings are in no batch, the replay did not replace the original.
    for (String[] never : new String[][] {{UNREGISTERED, "1"}, {KEYLESS, "1"}, {REFUSALS, "50"}}) {
      assertThatThrownBy(() -> receipt(as(nurse), never[0], Long.parseLong(never[1]))).as(never[0])
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
  }

  @Test
  void onlyTheGatewaysCareGiversReadAReceiptAndAnUnknownReadingIsNotFound() throws Exception {
    submit(signed(ACCESS, 100, "140", monitor));
    assertThatThrownBy(() -> receipt(as(patient), ACCESS, 100)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(403));
    // The cheat: the hospital's own admin. A receipt carries a patient's measurement, clinical content she does not read on
    // her hospital's ground (least privilege); her refusal is filed in the node's refusal log.
    assertThatThrownBy(() -> receipt(as(admin), ACCESS, 100)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(403);
      assertThat(e.getMessage()).contains("for a clinician of org-0").doesNotContain("140");
    });
    assertThat(node.refusalLog().page(0, 1000, "/v1/safety/readings/receipt").entries())
        .anySatisfy(e -> assertThat(e.refusal().requester().certificate()).isEqualTo(admin.id()));
    assertThatThrownBy(() -> anyone.get("v1/safety/readings/receipt?udi=x&sequence=1")).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(401));
    assertThatThrownBy(() -> receipt(as(nurse), ACCESS, 99)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(404));
    assertThat(receipt(as(nurse), ACCESS, 100).path("readingFields").path("value").asText()).isEqualTo("140");
  }

  /** The gateway remembers what it read of a unit until the next block: a unit registered in it counts from then on. */
  @Test
  void aUnitRegisteredAfterItsFirstReadingWasRefusedIsTakenFromTheNextBlock() throws Exception {
    String first = signed(LATE, 1, "118", monitor);
    refused(first, "unknown_device", "device " + LATE + " is not registered");
    refused(first, "unknown_device", "device " + LATE + " is not registered");
    long before = node.ledger().height();
    commit(net.tx(maker, "devices", "registerUnit", "udi", LATE, "publicKey", Hex.encode(monitor.getPublic().getEncoded())));
    // The block's state is written before the node's head moves to it; the gateway judges by the head.
    RunningValidators.await("the head past the registration", 30_000, () -> node.ledger().height() > before);
    assertThat(submit(first).get("accepted").asInt()).isEqualTo(1);
  }
}
