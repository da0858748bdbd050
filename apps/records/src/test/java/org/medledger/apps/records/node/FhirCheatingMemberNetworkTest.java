package org.medledger.apps.records.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.apps.records.contract.audit.SignedReadRequest;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.fhirconformance.FhirConformance;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.RunningValidators;

/**
 * Issue 19: a member acting in bad faith. Another organisation's clinician, at her own
 * organisation's node, with a valid token and her own signed read request but no consent, asks
 * for a patient's record through the FHIR façade: the records provider refuses it (403
 * OperationOutcome, nothing of the content) only after the refusal is committed to the ledger,
 * and the patient finds it, at her own node, as an AuditEvent naming the clinician and her
 * organisation with outcome 4 (refused).
 */
class FhirCheatingMemberNetworkTest {
  @TempDir
  Path dir;

  @Test
  void anotherOrganisationsClinicianWithoutConsentIsRefusedAndTheRefusalIsAudited() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    try (RunningValidators running = RunningValidators.start(net)) {
      BftTestNetwork.Member patientUser = net.member(0, "patient-1", Role.PATIENT);
      BftTestNetwork.Member li = net.member(1, "dr-li", Role.CLINICIAN);
      running.commit(net.registerClinician());
      running.commit(net.register(patientUser));
      running.commit(net.register(li));
      PatientId pid = PatientId.of(net.suite.hash(), patientUser.keys().getPublic().getEncoded());
      running.commit(net.tx("patients", "register", "publicKey", Hex.encode(patientUser.keys().getPublic().getEncoded()),
          "signature", org.medledger.apps.records.contract.patient.CareRegistration.sign(net.suite.signatures().signer(patientUser.keys()),
              net.genesis.chainId(), pid, "org-0"), "custody", "self",
          "encryptionKeyCertificate", net.encryptionKeyCertificate(patientUser.keys())));
      Hash record = RecordVault.of(running.node(0)).store(net.clinicianId, "discharge summary".getBytes(StandardCharsets.UTF_8), pid,
          "Binary", "summary").record();
      RunningValidators.await("the record on org-1's node", 30_000,
          () -> running.node(1).ledger().state() != null && org.medledger.apps.records.contract.record.RecordContract.find(
              running.node(1).ledger().state(), record).isPresent());

      MedLedgerNode cheatersNode = running.node(1);
      MedLedgerClient cheater = new MedLedgerClient("http://127.0.0.1:" + cheatersNode.apiPort());
      cheater.login(new ClientIdentity(net.suite, li.certificate(), li.keys().getPrivate()));
      SignedReadRequest signed = cheater.onChain(net.genesis.signingChainId()).signReadRequest(record.hex(), "TREAT", null);
      HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + cheatersNode.apiPort() + "/fhir/Binary/" + record.hex())).header("Authorization", "Bearer " + cheater.token())
          .header(SignedReadRequest.HEADER, signed.toHex()).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
      FhirConformance.assertValid(refused.body());
      JsonNode outcome = new ObjectMapper().readTree(refused.body());
      assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
      assertThat(outcome.path("issue").path(0).path("code").asText()).isEqualTo("forbidden");
      assertThat(outcome.path("issue").path(0).path("diagnostics").asText()).contains("no consent");
      assertThat(refused.body()).doesNotContain("discharge summary");

      MedLedgerNode patientsNode = running.node(0);
      MedLedgerClient patient = new MedLedgerClient("http://127.0.0.1:" + patientsNode.apiPort());
      patient.login(new ClientIdentity(net.suite, patientUser.certificate(), patientUser.keys().getPrivate()));
      JsonNode refusal = null;
      for (int i = 0; i < 200 && refusal == null; i++) {
        HttpResponse<String> audit = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + patientsNode.apiPort() + "/fhir/AuditEvent?patient=" + pid)).header("Authorization", "Bearer " + patient.token())
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
        FhirConformance.assertValid(audit.body());
        for (JsonNode e : new ObjectMapper().readTree(audit.body()).path("entry")) {
          JsonNode event = e.path("resource");
          if (event.path("agent").path(0).path("who").path("identifier").path("value").asText().equals(li.id().hex())) {
            refusal = event;
          }
        }
        if (refusal == null) {
          Thread.sleep(50);
        }
      }
      assertThat(refusal).as("the refused read, in the patient's audit").isNotNull();
      assertThat(refusal.path("outcome").asText()).isEqualTo("4");
      assertThat(refusal.path("outcomeDesc").asText()).contains("no consent");
      assertThat(refusal.path("agent").path(1).path("who").path("identifier").path("value").asText()).isEqualTo("org-1");
      assertThat(refusal.path("entity").path(1).path("what").path("reference").asText()).isEqualTo("DocumentReference/" + record.hex());
    }
  }
}
