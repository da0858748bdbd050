package org.medledger.apps.records.node;

import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ApiException;
import org.medledger.client.MedLedgerClient;

/**
 * Issue 20 finding 8: any clinician of the hospital made the wallet sign any consent, and an
 * irreversible erasure, for any custodial patient. Now each signature takes one of the
 * patient's one-time step-up codes, and an erasure a second person, an admin of the hospital.
 */
class CustodialStepUpApiTest {
  @TempDir static Path dir;
  static TestNetwork net;
  static MedLedgerNode node;
  static MedLedgerClient wang;
  static MedLedgerClient adminA;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    net = new TestNetwork(dir, "intl");
    node = MedLedgerNode.start(net.config);
    wang = net.login(node, "dr-wang");
    for (String u : new String[] {"dr-wang", "admin-a", "patient-2"}) {
      wang.submit(net.register(net.user(u)), true);
    }
    adminA = net.login(node, "admin-a");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  record Custodial(String id, List<String> codes) {}

  static Custodial register() {
    JsonNode created = wang.post("v1/patients", JSON.createObjectNode());
    assertThat(created.path("outcome").path("success").asBoolean()).as(created.toString()).isTrue();
    List<String> codes = new ArrayList<>();
    created.path("stepUpCodes").forEach(c -> codes.add(c.asText()));
    return new Custodial(created.get("patient").asText(), codes);
  }

  static ObjectNode consent(String code) {
    ObjectNode grant = JSON.createObjectNode().put("grantee", "cert:" + net.user("patient-2").id().hex())
        .put("end", System.currentTimeMillis() + 3_600_000).put("reference", "referral-" + System.nanoTime());
    grant.putArray("categories").add("laboratory");
    grant.putArray("purposes").add("TREAT");
    if (code != null) {
      grant.put("stepUpCode", code);
    }
    return grant;
  }

  @Test
  void theWalletSignsOnlyWithAnUnusedCodeOfThatPatient() throws Exception {
    Custodial alice = register();
    Custodial bob = register();
    assertThat(alice.codes()).hasSize(10).doesNotHaveDuplicates();
    String path = "v1/patients/" + alice.id() + "/consents";

    // A clinician without her code: refused, nothing signed.
    long before = node.ledger().height();
    assertThat(refused(() -> wang.post(path, consent(null)))).isEqualTo(403);
    // Another patient's code does not open hers.
    assertThat(refused(() -> wang.post(path, consent(bob.codes().get(0))))).isEqualTo(403);
    assertThat(node.ledger().height()).as("nothing was submitted").isEqualTo(before);

    JsonNode granted = wang.post(path, consent(alice.codes().get(0)));
    assertThat(granted.path("outcome").path("success").asBoolean()).as(granted.toString()).isTrue();
    assertThat(granted.get("stepUpCodesLeft").asInt()).isEqualTo(9);
    // The same code twice: refused.
    assertThat(refused(() -> wang.post(path, consent(alice.codes().get(0))))).isEqualTo(403);
    // The code bob's list still has was not spent by the failed try on alice.
    JsonNode bobs = wang.post("v1/patients/" + bob.id() + "/consents", consent(bob.codes().get(0)));
    assertThat(bobs.path("outcome").path("success").asBoolean()).as(bobs.toString()).isTrue();

    // Revocation and referral take a code too; the patient's written form (lower case, no dash) works.
    String revoke = "v1/patients/" + alice.id() + "/consents/" + granted.get("consent").asText() + "/revoke";
    assertThat(refused(() -> wang.post(revoke, JSON.createObjectNode()))).isEqualTo(403);
    JsonNode revoked = wang.post(revoke, JSON.createObjectNode()
        .put("stepUpCode", alice.codes().get(1).replace("-", "").toLowerCase()));
    assertThat(revoked.path("outcome").path("success").asBoolean()).as(revoked.toString()).isTrue();
    String care = "v1/patients/" + alice.id() + "/care";
    assertThat(refused(() -> wang.post(care, JSON.createObjectNode().put("organisation", "hospital-b")))).isEqualTo(403);
    assertThat(wang.post(care, JSON.createObjectNode().put("organisation", "hospital-b").put("stepUpCode", alice.codes().get(2)))
        .get("signature").asText()).isNotEmpty();

    // The node keeps no code, only owner-only HMACs of them.
    Path stored = net.config.dataDir().resolve("apps/records/wallet-step-up").resolve(alice.id() + ".codes");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored.getParent()))).isEqualTo("rwx------");
    String file = Files.readString(stored);
    for (String code : alice.codes()) {
      assertThat(file).doesNotContain(code).doesNotContain(code.replace("-", ""));
    }
  }

  @Test
  void guessingLocksThePatientsCodes() {
    Custodial carol = register();
    String path = "v1/patients/" + carol.id() + "/consents";
    for (int i = 0; i < 5; i++) {
      String guess = "AAAAA-AAAA" + i;
      assertThat(refused(() -> wang.post(path, consent(guess)))).isEqualTo(403);
    }
    // Locked: even her right code waits out the window, so codes cannot be guessed online.
    assertThat(refused(() -> wang.post(path, consent(carol.codes().get(0))))).isEqualTo(429);
  }

  @Test
  void anErasureNeedsHerCodeAndASecondPerson() throws Exception {
    Custodial dora = register();
    String record = wang.storeRecord(dora.id(), "laboratory",
        "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"K+\"}}".getBytes(), "application/fhir+json")
        .get("record").asText();
    String erase = "v1/patients/" + dora.id() + "/erase";
    assertThat(refused(() -> wang.post(erase, JSON.createObjectNode().put("reference", "gdpr-1")))).isEqualTo(403);

    // One person: only a pending request; nothing is signed, the record still opens.
    long before = node.ledger().height();
    JsonNode pending = wang.post(erase, JSON.createObjectNode().put("reference", "gdpr-1").put("stepUpCode", dora.codes().get(0)));
    assertThat(pending.get("status").asText()).isEqualTo("pending");
    assertThat(node.ledger().height()).isEqualTo(before);
    org.medledger.fhirconformance.FhirConformance.assertValid(new String(wang.recordContent(record, "TREAT", null),
        java.nio.charset.StandardCharsets.UTF_8));
    String approve = "v1/patients/" + dora.id() + "/erasures/" + pending.get("erasure").asText() + "/approve";
    // While one waits, no second one.
    assertThat(refused(() -> wang.post(erase, JSON.createObjectNode().put("stepUpCode", dora.codes().get(1))))).isEqualTo(409);

    // The requester cannot approve her own request (nor may a clinician approve at all).
    assertThat(refused(() -> wang.post(approve, JSON.createObjectNode()))).isEqualTo(403);
    assertThat(refused(() -> adminA.post("v1/patients/" + dora.id() + "/erasures/" + "00".repeat(16) + "/approve",
        JSON.createObjectNode()))).isEqualTo(404);
    // Another hospital's admin has no say in this wallet.
    wang.submit(net.register(net.user("admin-b")), true);
    MedLedgerClient adminB = net.login(node, "admin-b");
    assertThat(refused(() -> adminB.post(approve, JSON.createObjectNode()))).isEqualTo(403);

    JsonNode erased = adminA.post(approve, JSON.createObjectNode());
    assertThat(erased.path("outcome").path("success").asBoolean()).as(erased.toString()).isTrue();
    assertThat(refused(() -> wang.recordContent(record, "TREAT", null))).isEqualTo(410);
    // Approved once: the request is gone.
    assertThat(refused(() -> adminA.post(approve, JSON.createObjectNode()))).isEqualTo(404);
  }

  @Test
  void anAdminAskingForAnErasureCannotApproveItHerself() {
    Custodial eve = register();
    JsonNode pending = adminA.post("v1/patients/" + eve.id() + "/erase",
        JSON.createObjectNode().put("stepUpCode", eve.codes().get(0)));
    String approve = "v1/patients/" + eve.id() + "/erasures/" + pending.get("erasure").asText() + "/approve";
    assertThat(refused(() -> adminA.post(approve, JSON.createObjectNode()))).isEqualTo(403);
  }

  @Test
  void aNewListForAnOldCodeAndTheOldListStopsWorking() {
    Custodial fay = register();
    JsonNode fresh = wang.post("v1/patients/" + fay.id() + "/step-up-codes", JSON.createObjectNode().put("stepUpCode", fay.codes().get(0)));
    assertThat(fresh.get("stepUpCodes").size()).isEqualTo(10);
    String path = "v1/patients/" + fay.id() + "/consents";
    assertThat(refused(() -> wang.post(path, consent(fay.codes().get(1))))).isEqualTo(403);
    assertThat(wang.post(path, consent(fresh.get("stepUpCodes").get(0).asText())).path("outcome").path("success").asBoolean()).isTrue();
  }

  static int refused(Supplier<?> call) {
    try {
      call.get();
      throw new AssertionError("the call was not refused");
    } catch (ApiException e) {
      return e.status();
    }
  }
}
