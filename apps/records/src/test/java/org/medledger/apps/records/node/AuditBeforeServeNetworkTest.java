package org.medledger.apps.records.node;

import org.medledger.node.MedLedgerNode;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.RunningValidators;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;

/**
 * Issue 20 finding 11 (c): a record is served only once its access event is committed (in a block
 * a quorum signed), not merely admitted to the serving node's mempool, which a crash would lose.
 */
class AuditBeforeServeNetworkTest {
  private static final int READS = 20;

  @TempDir
  Path dir;

  @Test
  void everyServedReadsAccessEventIsAlreadyCommittedWhenTheAnswerArrives() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    try (RunningValidators running = RunningValidators.start(net)) {
      BftTestNetwork.Member patientUser = net.member(0, "patient-1", Role.PATIENT);
      running.commit(net.registerClinician());
      running.commit(net.register(patientUser));
      PatientId pid = PatientId.of(net.suite.hash(), patientUser.keys().getPublic().getEncoded());
      running.commit(net.tx("patients", "register", "publicKey", Hex.encode(patientUser.keys().getPublic().getEncoded()),
          "signature", org.medledger.apps.records.contract.patient.CareRegistration.sign(net.suite.signatures().signer(patientUser.keys()),
              net.genesis.chainId(), pid, "org-0"), "custody", "self",
          "encryptionKeyCertificate", net.encryptionKeyCertificate(patientUser.keys())));
      MedLedgerNode node = running.node(0);
      Hash record = RecordVault.of(node).store(net.clinicianId, "discharge summary".getBytes(), pid, "Binary", "summary").record();
      MedLedgerClient wang = new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
      wang.login(new ClientIdentity(net.suite, net.clinicianCert, net.clinicianKey));

      long[] micros = new long[READS];
      int servedBeforeCommitted = 0;
      for (int i = 0; i < READS; i++) {
        long start = System.nanoTime();
        JsonNode read = wang.get("v1/records/" + record.hex() + "?purpose=TREAT");
        micros[i] = (System.nanoTime() - start) / 1000;
        Hash audit = Hash.fromHex(read.get("auditTx").asText());
        assertThat(read.get("outcome").asText()).isEqualTo("served");
        // On the serving node's ledger as it answered: a crash now loses no access event.
        var logged = node.ledger().transaction(audit);
        if (logged.isEmpty() || !logged.get().outcome().success()) {
          servedBeforeCommitted++;
        }
      }
      Arrays.sort(micros);
      System.out.printf("record read on 4 validators, %d reads: median %d µs, p90 %d µs, max %d µs; served before "
          + "their access event committed: %d%n", READS, micros[READS / 2], micros[READS * 9 / 10], micros[READS - 1],
          servedBeforeCommitted);
      assertThat(servedBeforeCommitted).as("reads served before their access event was committed").isZero();
    }
  }
}
