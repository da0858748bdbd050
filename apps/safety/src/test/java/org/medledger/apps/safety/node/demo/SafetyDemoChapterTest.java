package org.medledger.apps.safety.node.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.safety.node.readings.ReadingReceiptVerifier;
import org.medledger.client.ApiException;
import org.medledger.client.ApiServerTrust;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.ReceiptVerifier;
import org.medledger.client.Verification;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.RunningValidators;
import org.medledger.node.application.DemoStage;

/**
 * The safety chapter played on a real validator that loaded every application on the class path,
 * its members registered on the ledger, after what the earlier chapters leave it (patient-1
 * registered, the drugs chapter's GTIN, lot L2026A commissioned and packs 1-5 dispensed): its
 * receipts are written to the data folder and verify offline, an altered copy does not, the signal
 * and the recall are on the ledger; a member who may not see the lot's patients is refused them.
 */
class SafetyDemoChapterTest {
  @TempDir static Path dir;
  static BftTestNetwork net;
  static MedLedgerNode node;
  static final Map<String, BftTestNetwork.Member> members = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    System.setProperty("medledger.readings.waitMillis", "100");
    net = new BftTestNetwork(dir, "intl", List.of(List.of(Role.values())));
    node = MedLedgerNode.start(net.configs.get(0));
    for (var m : Map.of("factory", Role.MAKER, "dr-wang", Role.CLINICIAN, "patient-1", Role.PATIENT, "inspector", Role.REGULATOR,
        "pharmacist", Role.PHARMACY, "assessor", Role.INSURER).entrySet()) {
      BftTestNetwork.Member member = net.member(0, m.getKey(), m.getValue());
      commit(net.register(member));
      members.put(m.getKey(), member);
    }
    // What the health chapter leaves: patient-1 registered with her own key and an encryption key.
    BftTestNetwork.Member p1 = members.get("patient-1");
    PatientId her = PatientId.of(net.suite.hash(), p1.keys().getPublic().getEncoded());
    commit(net.tx(members.get("dr-wang"), "patients", "register", "publicKey", Hex.encode(p1.keys().getPublic().getEncoded()),
        "custody", "self", "signature", CareRegistration.sign(p1.signer(), net.genesis.chainId(), her, "org-0"),
        "encryptionKeyCertificate", net.encryptionKeyCertificate(p1.keys())));
    // What the drugs chapter leaves: pharma-co's prefix recorded, its GTIN, lot L2026A commissioned and packs 1-5 dispensed.
    commit(net.tx(members.get("inspector"), "drugs", "recordPrefix", "prefix", "9506000", "organisation", "org-0"));
    commit(net.tx(members.get("factory"), "drugs", "registerGtin", "gtin", SafetyDemoChapter.DRUG_GTIN));
    commit(net.tx(members.get("factory"), "drugs", "commission", "gtin", SafetyDemoChapter.DRUG_GTIN, "lot",
        SafetyDemoChapter.DRUG_LOT, "expiry", "281231", "serials", "1..10"));
    commit(net.tx(members.get("pharmacist"), "drugs", "dispense", "gtin", SafetyDemoChapter.DRUG_GTIN, "serials", "1..5"));
  }

  @AfterAll
  static void stop() {
    System.clearProperty("medledger.readings.waitMillis");
    node.close();
  }

  static void commit(org.medledger.core.tx.Transaction tx) throws InterruptedException {
    assertThat(node.admission().submit(tx)).isInstanceOf(org.medledger.node.admission.AdmissionResult.Accepted.class);
    var id = tx.id(net.suite.hash());
    RunningValidators.await("committed", 30_000, () -> node.ledger().transaction(id).isPresent());
    var outcome = node.ledger().transaction(id).orElseThrow().outcome();
    assertThat(outcome.success()).as(outcome.code() + ": " + outcome.message()).isTrue();
  }

  @Test
  void theChapterAnchorsAndProvesAReadingThenRaisesASignalAndRecallsTheLot() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Path data = Files.createDirectories(dir.resolve("data"));
    new SafetyDemoChapter().play(stage(data, new PrintStream(printed, true, StandardCharsets.UTF_8), true));
    String out = printed.toString(StandardCharsets.UTF_8);

    assertThat(out).contains("assigns the monitor to her: committed", "6 accepted", "checked offline, the genesis alone: VERIFIED",
        "with the value lowered to 121: FAILED", "no signal yet", "the ledger raises the signal", "its state receipt: VERIFIED",
        "recalls lot L2026A through drugs' recall: committed", "holder: org-0", "patients to reach: patient-1",
        "without contact consent, reached through their pharmacy: 1");
    ObjectMapper json = new ObjectMapper();
    JsonNode reading = json.readTree(Files.readString(data.resolve(SafetyDemoChapter.READING_RECEIPT)));
    assertThat(new ReadingReceiptVerifier().verify(reading, net.genesis).ok()).isTrue();
    ObjectNode altered = reading.deepCopy();
    ((ObjectNode) altered.get("readingFields")).put("value", "121");
    assertThat(new ReadingReceiptVerifier().verify(altered, net.genesis)).isInstanceOfSatisfying(Verification.Failed.class,
        f -> assertThat(f.check()).isEqualTo("readingFields.value"));
    assertThat(new ReceiptVerifier(net.genesis).verify(json.readTree(Files.readString(data.resolve(SafetyDemoChapter.REPORT_RECEIPT)))))
        .isInstanceOf(Verification.Verified.class);

    JsonNode lot = as("inspector").get("v1/adverse-events/lot?gtin=" + SafetyDemoChapter.DRUG_GTIN + "&lot=" + SafetyDemoChapter.DRUG_LOT);
    assertThat(lot.get("recalled").asBoolean()).isTrue();
    // The cheat: the insurer asks who received the recalled lot, and is refused.
    assertThatThrownBy(() -> as("assessor").get("v1/adverse-events/lot?gtin=" + SafetyDemoChapter.DRUG_GTIN + "&lot="
        + SafetyDemoChapter.DRUG_LOT)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));

    // On a demo folder that already holds the story, the chapter plays nothing (a second registration would be refused).
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    new SafetyDemoChapter().play(stage(data, new PrintStream(again, true, StandardCharsets.UTF_8), false));
    assertThat(again.size()).isZero();
  }

  static MedLedgerClient as(String user) {
    BftTestNetwork.Member m = members.get(user);
    MedLedgerClient c = new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
    c.login(new ClientIdentity(net.suite, m.certificate(), m.keys().getPrivate()));
    return c;
  }

  /** The demo's stage over this one validator: its members with their own keys and tokens, plain HTTP on loopback. */
  static DemoStage stage(Path data, PrintStream out, boolean fresh) {
    Map<String, ClientIdentity> identities = new LinkedHashMap<>();
    Map<String, String> tokens = new LinkedHashMap<>();
    for (var e : members.entrySet()) {
      ClientIdentity id = new ClientIdentity(net.suite, e.getValue().certificate(), e.getValue().keys().getPrivate());
      identities.put(e.getKey(), id);
      tokens.put(e.getKey(), new MedLedgerClient("http://127.0.0.1:" + node.apiPort()).login(id));
    }
    String api = "http://127.0.0.1:" + node.apiPort();
    return new DemoStage() {
      @Override
      public CryptoSuite suite() {
        return net.suite;
      }

      @Override
      public String chainId() {
        return net.genesis.chainId();
      }

      @Override
      public Map<String, ClientIdentity> identities() {
        return identities;
      }

      @Override
      public Map<String, String> tokens() {
        return tokens;
      }

      @Override
      public List<String> apiUrls() {
        return List.of(api);
      }

      @Override
      public ApiServerTrust trust() {
        return ApiServerTrust.of(net.genesis);
      }

      @Override
      public Path dataDir() {
        return data;
      }

      @Override
      public PrintStream out() {
        return out;
      }

      @Override
      public List<MedLedgerNode> nodes() {
        return List.of(node);
      }

      @Override
      public Path genesisFile() {
        return dir.resolve("genesis.json");
      }

      @Override
      public boolean freshNetwork() {
        return fresh;
      }
    };
  }
}
