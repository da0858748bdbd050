package org.medledger.apps.records.node;

import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ApiException;
import org.medledger.client.MedLedgerClient;
import org.medledger.fhirconformance.FhirConformance;

/**
 * Custodial patients: the hospital's wallet registers them and signs their consents and erasure
 * at a clinician's request, each with one of the patient's step-up codes (the erasure approved
 * by a second person: CustodialStepUpApiTest).
 */
class WalletApiTest {
  @TempDir static Path dir;
  static TestNetwork net;
  static MedLedgerNode node;
  static MedLedgerClient wang;
  static MedLedgerClient adminA;
  static MedLedgerClient adminB;
  static MedLedgerClient reader;

  static MedLedgerClient login(String name) {
    return net.login(node, name);
  }

  @BeforeAll
  static void start() throws Exception {
    net = new TestNetwork(dir, "intl");
    node = MedLedgerNode.start(net.config);
    wang = login("dr-wang");
    for (String u : new String[] {"dr-wang", "admin-a", "admin-b", "patient-2"}) {
      wang.submit(net.register(net.user(u)), true);
    }
    adminA = login("admin-a");
    adminB = login("admin-b");
    reader = login("patient-2");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void theWalletActsForItsCustodialPatientAndKeepsHerKeySealed() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode created = wang.post("v1/patients", json.createObjectNode());
    String pid = created.get("patient").asText();
    assertThat(created.path("outcome").path("success").asBoolean()).isTrue();
    try {
      adminB.post("v1/patients", json.createObjectNode());
      throw new AssertionError("another hospital's admin used the wallet");
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(403);
    }
    String record = wang.storeRecord(pid, "laboratory",
        "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"K+\"}}".getBytes(), "application/fhir+json")
        .get("record").asText();
    String path = "v1/records/" + record + "?purpose=TREAT";
    // Another organisation's member reads at its own node (which this single-node network lacks);
    // the consent goes to a member of this one, who is no caregiver.
    assertThat(status(() -> adminB.get(path))).isEqualTo(403);
    assertThat(status(() -> reader.get(path))).isEqualTo(403);

    var grant = json.createObjectNode().put("grantee", "cert:" + net.user("patient-2").id().hex()).put("end", System.currentTimeMillis() + 3_600_000)
        .put("reference", "referral-9");
    grant.putArray("categories").add("laboratory");
    grant.putArray("purposes").add("TREAT");
    java.util.Iterator<JsonNode> codes = created.get("stepUpCodes").iterator();
    grant.put("stepUpCode", codes.next().asText());
    JsonNode granted = wang.post("v1/patients/" + pid + "/consents", grant);
    assertThat(granted.path("outcome").path("success").asBoolean()).as(granted.toString()).isTrue();
    assertThat(reader.get(path).get("basis").asText()).isEqualTo("consent");
    wang.post("v1/patients/" + pid + "/consents/" + granted.get("consent").asText() + "/revoke",
        json.createObjectNode().put("stepUpCode", codes.next().asText()));
    assertThat(status(() -> reader.get(path))).isEqualTo(403);

    JsonNode pending = wang.post("v1/patients/" + pid + "/erase", json.createObjectNode().put("reference", "gdpr-1")
        .put("stepUpCode", codes.next().asText()));
    JsonNode erased = adminA.post("v1/patients/" + pid + "/erasures/" + pending.get("erasure").asText() + "/approve",
        json.createObjectNode());
    assertThat(erased.path("outcome").path("success").asBoolean()).isTrue();
    assertThat(status(() -> wang.recordContent(record, "TREAT", null))).isEqualTo(410);
    // The erased record's FHIR view conforms: still current (an erasure is no mistake), with a content element that holds nothing of it.
    JsonNode docs = wang.get("fhir/DocumentReference?patient=" + pid);
    FhirConformance.assertValid(docs.toString());
    JsonNode doc = docs.path("entry").path(0).path("resource");
    assertThat(doc.path("id").asText()).isEqualTo(record);
    assertThat(doc.path("status").asText()).isEqualTo("current");
    assertThat(doc.path("content").path(0).path("attachment").path("title").asText()).contains("erased");
    assertThat(doc.path("content").path(0).path("attachment").has("url")).isFalse();
    for (String type : new String[] {"AuditEvent", "Consent", "Provenance"}) {
      JsonNode bundle = wang.get("fhir/" + type + "?patient=" + pid);
      assertThat(bundle.path("total").asInt()).as(type).isPositive();
      FhirConformance.assertValid(bundle.toString());
    }
    assertThat(status(() -> wang.post("v1/patients/" + "ab".repeat(32) + "/erase", json.createObjectNode()))).isEqualTo(404);

    try (Stream<Path> files = Files.walk(net.config.dataDir().resolve("apps/records/wallet"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
      }
    }
  }

  /** Issue 19 item 5 (ApiAbuseTest's row POST /v1/patients: deep 201, huge 201): a body that is not a JSON object makes no patient. */
  @Test
  void aBodyThatIsNotAJsonObjectRegistersNoPatient() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    for (String body : new String[] {deep, "[1,2,3]", "{\"custody\":"}) {
      var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + node.apiPort() + "/v1/patients"))
          .header("Authorization", "Bearer " + wang.token()).header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(r.body()).contains("bad_request");
    }
  }

  static int status(Runnable call) {
    try {
      call.run();
      return 200;
    } catch (ApiException e) {
      return e.status();
    }
  }
}
