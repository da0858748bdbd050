package org.medledger.apps.records.node;

import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;
import org.medledger.node.BftTestNetwork;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ApiException;
import org.medledger.client.MedLedgerClient;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.ConsentRevocation;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.ErasureRequest;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/**
 * A real node: a hospital registers a patient and a record; reads go through the policy point
 * over REST, served or refused by the consent on the ledger, each logged in the audit the patient
 * then sees; revocation and erasure take effect for the next read.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthRecordsApiTest {
  @TempDir static Path dir;
  static TestNetwork net;
  static MedLedgerNode node;
  static MedLedgerClient wang;
  static MedLedgerClient adminB;
  static MedLedgerClient inspector;
  static MedLedgerClient patient;
  /** A member of the custodian's organisation who is no caregiver: reads only under a consent naming her certificate. */
  static MedLedgerClient reader;
  static PatientId pid;
  static Hash record;

  static MedLedgerClient login(String name) {
    return net.login(node, name);
  }

  @BeforeAll
  static void start() throws Exception {
    net = new TestNetwork(dir, "intl");
    // Links name the configured public address: "localhost" here, which the bound 127.0.0.1 is not.
    int port = BftTestNetwork.freePort();
    node = MedLedgerNode.start(net.config.withApiPort(port).withApiTransport(
        org.medledger.node.config.ApiTransport.plainLoopback().withPublicUrl("http://localhost:" + port)));
    wang = login("dr-wang");
    for (String u : new String[] {"dr-wang", "admin-b", "dr-li", "inspector", "patient-1", "patient-2"}) {
      wang.submit(net.register(net.user(u)), true);
    }
    adminB = login("admin-b");
    inspector = login("inspector");
    patient = login("patient-1");
    reader = login("patient-2");
    TestNetwork.User p = net.user("patient-1");
    byte[] key = p.keys().getPublic().getEncoded();
    pid = PatientId.of(net.suite.hash(), key);
    ok(wang.submit(net.tx(net.user("dr-wang"), "patients", "register", "publicKey", Hex.encode(key), "custody", "self",
        "signature", org.medledger.apps.records.contract.patient.CareRegistration.sign(p.signer(), net.genesis.chainId(), pid, net.user("dr-wang").organisation()),
        "encryptionKeyCertificate", net.encryptionKeyCertificate("patient-1")),
        true));
    record = Hash.fromHex(wang.storeRecord(pid.toString(), "discharge-summary",
        "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"Discharge\"}}".getBytes(),
        "application/fhir+json").get("record").asText());
  }

  static void ok(JsonNode committed) {
    assertThat(committed.path("outcome").path("success").asBoolean()).as(committed.toString()).isTrue();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static ApiException refused(MedLedgerClient c, String path) {
    try {
      c.get(path);
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("served: " + path);
  }

  @Test
  @Order(1)
  void readsFollowTheConsentOnTheLedgerAndEveryOneIsAudited() throws Exception {
    String path = "v1/records/" + record.hex() + "?purpose=TREAT";
    // Members of other organisations read at their own organisation's node, which this
    // single-node network lacks (TrustModelNetworkTest reads across nodes).
    assertThat(refused(adminB, path).getMessage()).contains("through its own organisation's node");
    assertThat(refused(inspector, path).status()).isEqualTo(403);
    assertThat(refused(reader, path).status()).isEqualTo(403);
    assertThat(wang.get(path).get("basis").asText()).isEqualTo("custodian");
    JsonNode own = patient.get("v1/records/" + record.hex() + "?purpose=PATRQT");
    assertThat(own.get("basis").asText()).isEqualTo("patient");
    // The data key wrapped for the patient's own encryption key: she opens the record with it, not with her signing key.
    byte[] forPatient = org.medledger.crypto.Hex.decode(own.get("wrappedKey").asText());
    assertThat(net.suite.keyWrap().unwrap(net.encryptionKeys("patient-1").getPrivate(), forPatient)).hasSize(32);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> net.suite.keyWrap().unwrap(net.user("patient-1").keys().getPrivate(), forPatient))
        .isInstanceOf(org.medledger.crypto.AeadException.class);

    ConsentGrant g = new ConsentGrant(net.genesis.chainId(), pid, Grantee.certificate(net.user("patient-2").id()),
        new TreeSet<>(Set.of("discharge-summary")), new TreeSet<>(), new TreeSet<>(Set.of(PurposeOfUse.TREAT)),
        System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 3_600_000, false, "referral-7");
    TestNetwork.User p = net.user("patient-1");
    ok(patient.submit(net.tx(p, "consent", "grant", "grant", Hex.encode(g.encode()),
        "signature", Hex.encode(p.signer().sign(g.encode()))), true));
    JsonNode served = reader.get(path);
    assertThat(served.get("basis").asText()).isEqualTo("consent");
    assertThat(served.get("consent").asText()).isEqualTo(g.id(net.suite.hash()).hex());
    assertThat(served.get("record").get("category").asText()).isEqualTo("discharge-summary");
    // The key is wrapped for her organisation's node, not for her certificate.
    assertThat(served.get("wrappedKey").isNull()).isFalse();
    assertThat(refused(reader, "v1/records/" + record.hex() + "?purpose=HRESCH").status()).as("another purpose").isEqualTo(403);

    Hash id = g.id(net.suite.hash());
    ok(patient.submit(net.tx(p, "consent", "revoke", "consent", id.hex(),
        "signature", Hex.encode(p.signer().sign(ConsentRevocation.statement(net.genesis.chainId(), id)))), true));
    assertThat(refused(reader, path).status()).isEqualTo(403);

    // The patient sees every read, served and refused, once the audit batches are committed.
    JsonNode view = awaitAccesses(patient, 6);
    assertThat(view.get("accesses")).hasSize(6);
    assertThat(view.get("records")).hasSize(1);
    assertThat(view.get("consents").get(0).get("status").asText()).isEqualTo("revoked");
    // Every item of the view carries the receipt that proves it offline.
    var receipts = new org.medledger.client.ReceiptVerifier(net.genesis);
    JsonNode consentReceipt = patient.get(view.get("consents").get(0).get("receipt").asText().substring(1));
    assertThat(receipts.verify(consentReceipt).ok()).isTrue();
    JsonNode recordReceipt = patient.get(view.get("records").get(0).get("receipt").asText().substring(1));
    assertThat(receipts.verify(recordReceipt).ok()).isTrue();
    assertThat(recordReceipt.get("present").asBoolean()).isTrue();
    JsonNode accessReceipt = patient.get(view.get("accesses").get(0).get("receipt").asText().substring(1));
    assertThat(receipts.verify(accessReceipt).ok()).isTrue();
    assertThat(accessReceipt.path("transaction").path("contract").asText()).isEqualTo("audit");
    long refusedCount = 0;
    for (JsonNode a : view.get("accesses")) {
      refusedCount += a.get("outcome").asText().equals("refused") ? 1 : 0;
    }
    assertThat(refusedCount).isEqualTo(3);
    // Counted for /metrics by decision alone: the three served and three refused reads, no patient or record named.
    String metrics = node.metrics().scrape();
    assertThat(metrics).contains("medledger_access_decisions_total{decision=\"served\"} 3.0",
        "medledger_access_decisions_total{decision=\"refused\"} 3.0",
        "medledger_access_decisions_total{decision=\"break_glass\"} 0.0");
    assertThat(metrics).doesNotContain(record.hex(), pid.toString());
    assertThat(inspector.get("v1/patients/" + pid).get("accesses").size()).isGreaterThanOrEqualTo(6);
    assertThat(refused(adminB, "v1/patients/" + pid).status()).as("hospital-b does not care for the patient").isEqualTo(404);
  }

  @Test
  @Order(2)
  void anotherOrganisationsClinicianCannotBreakTheGlassAtThisNode() throws Exception {
    // Break-glass across organisations is TrustModelNetworkTest's, on four nodes.
    MedLedgerClient li = login("dr-li");
    String path = "v1/records/" + record.hex() + "?purpose=ETREAT";
    assertThat(refused(li, path + "&reason=unconscious").getMessage()).contains("through its own organisation's node");
  }

  @Test
  @Order(3)
  void aRecordStoredThroughTheVaultDownloadsByTheFhirRulesAndThroughThePatientsSignedLink() throws Exception {
    String fhir = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"Glucose\"}}";
    JsonNode stored = wang.storeRecord(pid.toString(), "laboratory", fhir.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "application/fhir+json");
    String rh = stored.get("record").asText();
    // Each shard's placement in the answer (one validator here: every shard kept by this node).
    assertThat(stored.get("placement")).hasSize(stored.get("holders").size());
    assertThat(stored.get("placement").get(0).get("status").asText()).isEqualTo("kept");
    assertThat(stored.get("placedShards").asInt()).isEqualTo(stored.get("holders").size());
    String served = new String(wang.recordContent(rh, "TREAT", null), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(served).isEqualTo(fhir);
    org.medledger.fhirconformance.FhirConformance.assertValid(served);
    try {
      wang.storeRecord(pid.toString(), "laboratory", "{\"resourceType\":".getBytes(), "application/fhir+json");
      throw new AssertionError("broken JSON stored");
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(400);
    }
    try {
      wang.storeRecord("ab".repeat(32), "laboratory", fhir.getBytes(), "application/fhir+json");
      throw new AssertionError("stored for an unknown patient");
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(404);
      assertThat(e.getMessage()).contains("not registered");
    }
    // Only the patient gets a link to her own record; the link works without a token, and only unaltered.
    assertThat(refusedPost(adminB, "v1/records/" + rh + "/download-link").status()).isEqualTo(404);
    JsonNode link = patient.post("v1/records/" + rh + "/download-link?ttl=60", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
    var http = java.net.http.HttpClient.newHttpClient();
    var got = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(link.get("url").asText())).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(fhir);
    org.medledger.fhirconformance.FhirConformance.assertValid(got.body());
    String url = link.get("url").asText();
    String forged = url.substring(0, url.length() - 2) + (url.endsWith("A") ? "BB" : "AA");
    assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(forged)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
    byte[] png = org.medledger.client.ReceiptQr.png(url, 400);
    assertThat(png.length).isGreaterThan(100);
    assertThat(url).startsWith("http://localhost:" + node.apiPort() + "/v1/download/");
    // Issue 20 finding 11: a forged Host header does not point the link at another server.
    try (var socket = new java.net.Socket("127.0.0.1", node.apiPort())) {
      String request = "POST /v1/records/" + rh + "/download-link?ttl=60 HTTP/1.1\r\nHost: evil.example\r\n"
          + "Authorization: Bearer " + patient.token() + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 201").doesNotContain("evil.example")
          .contains("\"url\":\"http://localhost:" + node.apiPort() + "/v1/download/");
    }
  }

  @Test
  @Order(5)
  void anOversizeRecordIsRefusedNamingTheLimit() {
    byte[] tooBig = new byte[org.medledger.node.vault.VaultService.MAX_RECORD_BYTES + 2048];
    try {
      wang.storeRecord(pid.toString(), "imaging", tooBig, "application/pdf");
      throw new AssertionError("an oversize record was stored");
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(413);
      assertThat(e.getMessage()).contains("at most " + org.medledger.node.vault.VaultService.MAX_RECORD_BYTES + " bytes");
    }
  }

  static ApiException refusedPost(MedLedgerClient c, String path) {
    try {
      c.post(path, new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("served: " + path);
  }

  @Test
  @Order(4)
  void erasureOnThePatientsRequestMakesTheRecordReadAsErasedWhileItsEntryStays() {
    TestNetwork.User p = net.user("patient-1");
    long upTo = wang.get("v1/health").path("height").asLong();
    byte[] request = ErasureRequest.statement(net.genesis.chainId(), pid, net.user("dr-wang").organisation(), upTo, "request-1");
    ok(wang.submit(net.tx(net.user("dr-wang"), "records", "erase", "patient", pid.toString(), "reference", "request-1",
        "upToHeight", Long.toString(upTo),
        "signature", Hex.encode(p.signer().sign(request))), true));
    ApiException e = refused(wang, "v1/records/" + record.hex());
    assertThat(e.code()).isEqualTo("erased");
    JsonNode records = patient.get("v1/patients/" + pid).get("records");
    assertThat(records.size()).isGreaterThanOrEqualTo(1);
    records.forEach(r -> assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("erased"));
    assertThat(records.findValuesAsText("record")).contains(record.hex());
    assertThat(refused(wang, "v1/records/" + "ab".repeat(32)).status()).isEqualTo(404);
  }

  static JsonNode awaitAccesses(MedLedgerClient c, int atLeast) throws InterruptedException {
    JsonNode view = null;
    for (int i = 0; i < 100; i++) {
      view = c.get("v1/patients/" + pid);
      if (view.get("accesses").size() >= atLeast) {
        return view;
      }
      Thread.sleep(100);
    }
    return view;
  }
}
