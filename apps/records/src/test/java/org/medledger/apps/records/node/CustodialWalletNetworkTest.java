package org.medledger.apps.records.node;

import org.medledger.node.MedLedgerNode;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.RunningValidators;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.Role;
import org.medledger.apps.records.node.PatientWallet;

/**
 * Issue 20 findings 5 and 8 on a real 4-validator network: the custodial wallet signs only with
 * the patient's step-up code and an erasure only with a second person, whatever a cheating member
 * of staff or another organisation's admin tries; and the stolen token key opens no sealed key.
 */
class CustodialWalletNetworkTest {
  static final List<Role> HOSPITAL = List.of(Role.ADMIN, Role.CLINICIAN, Role.PATIENT, Role.NODE);
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void staffAloneCannotMakeTheWalletSignAndAStolenTokenKeyOpensNoPatientsKey() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", List.of(HOSPITAL, HOSPITAL, HOSPITAL, HOSPITAL));
    BftTestNetwork.Member wang = net.member(0, "dr-wang", Role.CLINICIAN);
    BftTestNetwork.Member adminA = net.member(0, "admin-a", Role.ADMIN);
    BftTestNetwork.Member adminB = net.member(1, "admin-b", Role.ADMIN);
    String pid;
    String erasureTx;
    try (RunningValidators running = RunningValidators.start(net)) {
      for (BftTestNetwork.Member m : List.of(wang, adminA, adminB)) {
        running.commit(net.register(m));
      }
      MedLedgerClient asWang = login(running, wang);
      MedLedgerClient asAdminA = login(running, adminA);
      MedLedgerClient asAdminB = login(running, adminB);

      JsonNode created = asWang.post("v1/patients", JSON.createObjectNode());
      assertThat(created.path("outcome").path("success").asBoolean()).as(created.toString()).isTrue();
      pid = created.get("patient").asText();
      List<String> codes = JSON.convertValue(created.get("stepUpCodes"), JSON.getTypeFactory()
          .constructCollectionType(List.class, String.class));
      String record = asWang.storeRecord(pid, "laboratory",
          "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"K+\"}}".getBytes(),
          "application/fhir+json").get("record").asText();

      // The clinician without her code: no referral signed.
      String care = "v1/patients/" + pid + "/care";
      assertThat(status(() -> asWang.post(care, JSON.createObjectNode().put("organisation", "org-1")))).isEqualTo(403);

      // One person asks: only pending; the requester, and another organisation's admin, cannot approve.
      String erase = "v1/patients/" + pid + "/erase";
      assertThat(status(() -> asWang.post(erase, JSON.createObjectNode()))).isEqualTo(403);
      JsonNode pending = asWang.post(erase, JSON.createObjectNode().put("reference", "gdpr-7").put("stepUpCode", codes.get(0)));
      assertThat(pending.get("status").asText()).isEqualTo("pending");
      String approve = pending.get("approve").asText().substring(1);
      assertThat(status(() -> asWang.post(approve, JSON.createObjectNode()))).isEqualTo(403);
      assertThat(status(() -> asAdminB.post(approve, JSON.createObjectNode()))).isEqualTo(403);
      org.medledger.fhirconformance.FhirConformance.assertValid(new String(asWang.recordContent(record, "TREAT", null),
          java.nio.charset.StandardCharsets.UTF_8));

      // A second person of the hospital: signed, committed on every validator.
      JsonNode erased = asAdminA.post(approve, JSON.createObjectNode());
      assertThat(erased.path("outcome").path("success").asBoolean()).as(erased.toString()).isTrue();
      erasureTx = erased.get("txId").asText();
      RunningValidators.await("the erasure is on every validator", 20_000, () -> running.nodes().stream()
          .allMatch(n -> n.ledger().transaction(Hash.fromHex(erasureTx)).isPresent()));
      assertThat(status(() -> asWang.recordContent(record, "TREAT", null))).isEqualTo(410);
      // Its FHIR view on a validator network, erased: conformant, still current, holding nothing of the content.
      JsonNode docs = asWang.get("fhir/DocumentReference?patient=" + pid);
      org.medledger.fhirconformance.FhirConformance.assertValid(docs.toString());
      assertThat(docs.path("entry").path(0).path("resource").path("status").asText()).isEqualTo("current");
      org.medledger.fhirconformance.FhirConformance.assertValid(asWang.get("fhir/AuditEvent?patient=" + pid).toString());
    }

    // The node's disk without the wallet's secret: the token key opens nothing, the node refuses to start.
    Path data = net.configs.get(0).dataDir();
    Path secrets = data.resolve("secrets");
    PatientWallet withTokenKey = new PatientWallet(data.resolve("apps/records/wallet"), net.suite,
        Files.readAllBytes(secrets.resolve("api-token.key")));
    assertThatThrownBy(() -> withTokenKey.signer(PatientId.parse(pid))).hasMessageContaining("cannot be opened");
    Files.delete(secrets.resolve("wallet.key"));
    assertThatThrownBy(() -> MedLedgerNode.start(net.configs.get(0))).hasMessageContaining("wallet.key is missing");
    assertThat(secrets.resolve("wallet.key")).doesNotExist();
  }

  private static MedLedgerClient login(RunningValidators running, BftTestNetwork.Member m) {
    MedLedgerClient c = new MedLedgerClient("http://127.0.0.1:" + running.node(0).apiPort());
    c.login(new ClientIdentity(running.node(0).genesis().cryptoSuite(), m.certificate(), m.keys().getPrivate()));
    return c;
  }

  private static int status(Supplier<?> call) {
    try {
      call.get();
      throw new AssertionError("the call was not refused");
    } catch (ApiException e) {
      return e.status();
    }
  }
}
