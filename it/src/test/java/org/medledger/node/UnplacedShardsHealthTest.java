package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.KeyPair;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.apps.records.node.RecordVault;
import org.medledger.client.MedLedgerClient;
import org.medledger.crypto.Hex;
import org.medledger.node.vault.VaultService;

/**
 * Issue 24's finding: a record stored while a holder was down answered 201 with a failed
 * placement that no health field showed. Now the storing node's /v1/health is degraded, naming
 * it, and /metrics counts the shard, until the holder is back, has rebuilt its shard, and the
 * storing node's next check finds it there.
 */
class UnplacedShardsHealthTest {
  @TempDir java.nio.file.Path dir;
  /** org-3's node once restarted (the first four are the running validators' to close). */
  private MedLedgerNode back;

  @AfterEach
  void stop() {
    if (back != null) {
      back.close();
    }
  }

  @Test
  void aShardNotPlacedMakesHealthDegradedUntilItsHolderRebuiltIt() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    try (RunningValidators running = RunningValidators.start(net)) {
      running.commit(net.registerClinician());
      KeyPair patient = net.suite.signatures().generateKeyPair(new SecureRandom());
      PatientId pid = PatientId.of(net.suite.hash(), patient.getPublic().getEncoded());
      running.commit(net.tx("patients", "register", "publicKey", Hex.encode(patient.getPublic().getEncoded()), "signature",
          org.medledger.apps.records.contract.patient.CareRegistration.sign(net.suite.signatures().signer(patient),
              net.genesis.chainId(), pid, "org-0"),
          "encryptionKeyCertificate", net.encryptionKeyCertificate(patient)));
      MedLedgerNode storing = running.node(0);
      MedLedgerClient anonymous = new MedLedgerClient("http://127.0.0.1:" + storing.apiPort());
      assertThat(anonymous.health().path("status").asText()).isEqualTo("ok");

      // org-3's node is down: three validators still commit, its shard has nowhere to go.
      running.node(3).close();
      byte[] document = new byte[64 << 10];
      new SecureRandom().nextBytes(document);
      VaultService.Stored stored = RecordVault.of(storing).store(net.clinicianId, document, pid, "Binary", "imaging");
      assertThat(stored.failed()).hasSize(1);
      assertThat(stored.failed().get(0)).startsWith("org-3");
      assertThat(storing.vault().unplacedShards()).isEqualTo(1);
      JsonNode h = anonymous.health();
      assertThat(h.path("status").asText()).as(h.toString()).isEqualTo("degraded");
      assertThat(h.path("vaultUnplacedShards").asInt()).isEqualTo(1);
      assertThat(h.path("problems").toString()).contains("not at their holder").doesNotContain(stored.record().hex());
      assertThat(storing.metrics().scrape()).contains("medledger_vault_shards_unplaced 1.0");
      storing.vault().recheckUnplaced();
      assertThat(storing.vault().unplacedShards()).as("still down: still unplaced").isEqualTo(1);

      // Back, caught up, its repair sweep rebuilds its shard from the others; the next check sees it.
      back = MedLedgerNode.start(net.configs.get(3));
      RunningValidators.await("org-3 caught up", 30_000,
          () -> RecordContract.find(back.ledger().state(), stored.record()).isPresent());
      RunningValidators.await("org-3 linked to org-0", 20_000,
          () -> ((org.medledger.node.bft.BftOrdering) back.ordering()).connectedPeers() == 3);
      assertThat(back.vault().repair()).isEqualTo(1);
      storing.vault().recheckUnplaced();
      assertThat(storing.vault().unplacedShards()).isZero();
      assertThat(anonymous.health().path("status").asText()).isEqualTo("ok");
      assertThat(storing.metrics().scrape()).contains("medledger_vault_shards_unplaced 0.0");
    }
  }
}
