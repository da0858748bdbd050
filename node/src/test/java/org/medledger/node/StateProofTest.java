package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.notary.NotaryContract;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.smt.StateProof;
import org.medledger.node.admission.AdmissionResult;

/**
 * The header's state root is the state tree's: every height proves each anchored record present
 * from the block that wrote it on and absent before, through RocksDB and across a restart.
 */
class StateProofTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void everyHeightProvesEachRecordPresentFromItsBlockOnAndAbsentBefore(String suite) throws Exception {
    TestNetwork net = new TestNetwork(dir, suite);
    List<String> fingerprints = new ArrayList<>();
    List<Long> writtenAt = new ArrayList<>();
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      submit(net, node, net.register(net.user("dr-wang")));
      for (int i = 0; i < 6; i++) {
        String fp = net.fingerprint("state proof doc " + i);
        submit(net, node, net.anchor(net.user("dr-wang"), fp));
        fingerprints.add(fp);
        writtenAt.add(node.ledger().height());
      }
      checkAll(net, node, fingerprints, writtenAt);
    }
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      checkAll(net, node, fingerprints, writtenAt);
      assertThat(node.ledger().stateProof(key(fingerprints.get(0)), node.ledger().height() + 1)).isEmpty();
    }
  }

  private static void checkAll(TestNetwork net, MedLedgerNode node, List<String> fingerprints, List<Long> writtenAt) {
    for (long h = 0; h <= node.ledger().height(); h++) {
      Hash root = node.ledger().signedHeader(h).orElseThrow().header().stateRoot();
      for (int i = 0; i < fingerprints.size(); i++) {
        StateProof p = node.ledger().stateProof(key(fingerprints.get(i)), h).orElseThrow();
        assertThat(p.problem(net.suite.hash(), root)).as("record %d at height %d", i, h).isEmpty();
        assertThat(p.present()).as("record %d at height %d", i, h).isEqualTo(h >= writtenAt.get(i));
      }
    }
  }

  private static byte[] key(String fingerprint) {
    return StateKeys.of(NotaryContract.NAME, NotaryContract.key(fingerprint));
  }

  private static void submit(TestNetwork net, MedLedgerNode node, Transaction tx) throws Exception {
    CompletableFuture<?> f = node.commitWaiters().await(tx.id(net.suite.hash()));
    assertThat(node.admission().submit(tx)).isInstanceOf(AdmissionResult.Accepted.class);
    f.get(10, TimeUnit.SECONDS);
  }
}
