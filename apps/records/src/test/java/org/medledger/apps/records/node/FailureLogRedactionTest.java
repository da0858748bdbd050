package org.medledger.apps.records.node;

import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.MedLedgerClient;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hex;

/**
 * Issue 20 finding 11 (b): when a request fails inside the node (here: its ledger store is closed
 * under it), the log names the route template, never the path, which holds a download link (a
 * credential) or a patient id.
 */
class FailureLogRedactionTest {
  @TempDir
  Path dir;

  @Test
  void theFiveHundredLogNamesTheRouteNotTheLinkOrThePatientId() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    MedLedgerNode node = MedLedgerNode.start(net.config);
    try {
      MedLedgerClient wang = net.login(node, "dr-wang");
      wang.submit(net.register(net.user("dr-wang")), true);
      wang.submit(net.register(net.user("patient-1")), true);
      TestNetwork.User p = net.user("patient-1");
      byte[] key = p.keys().getPublic().getEncoded();
      PatientId pid = PatientId.of(net.suite.hash(), key);
      wang.submit(net.tx(net.user("dr-wang"), "patients", "register", "publicKey", Hex.encode(key), "custody", "self",
          "signature", org.medledger.apps.records.contract.patient.CareRegistration.sign(p.signer(), net.genesis.chainId(), pid, "hospital-a"),
          "encryptionKeyCertificate", net.encryptionKeyCertificate("patient-1")),
          true);
      String record = wang.storeRecord(pid.toString(), "laboratory",
          "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"Na+\"}}".getBytes(),
          "application/fhir+json").get("record").asText();
      MedLedgerClient patient = net.login(node, "patient-1");
      String link = patient.post("v1/records/" + record + "/download-link?ttl=60",
          com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()).get("url").asText();
      String linkToken = link.substring(link.lastIndexOf('/') + 1);

      node.ledger().close(); // every later ledger read fails: an internal error, not the caller's
      PrintStream err = System.err;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      HttpClient http = HttpClient.newHttpClient();
      int linkStatus;
      int viewStatus;
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        linkStatus = http.send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        viewStatus = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.apiPort() + "/v1/patients/" + pid))
            .header("Authorization", "Bearer " + patient.token()).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
      } finally {
        System.setErr(err);
      }
      String log = captured.toString(StandardCharsets.UTF_8);
      assertThat(linkStatus).isEqualTo(500);
      assertThat(viewStatus).isEqualTo(500);
      assertThat(log).contains("GET /v1/download/{token} failed", "GET /v1/patients/{id} failed", "the ledger store is closed")
          .doesNotContain(linkToken).doesNotContain(pid.toString()).doesNotContain(patient.token());
    } finally {
      node.close();
    }
  }
}
