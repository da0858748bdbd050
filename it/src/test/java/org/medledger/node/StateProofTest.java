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
import org.medledger.apps.notary.contract.NotaryContract;
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

  @org.junit.jupiter.api.Test
  void aRetentionKeepsProofsForTheNewestHeightsAndPrunesTheRest() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    String fp = net.fingerprint("kept across pruning");
    try (MedLedgerNode node = MedLedgerNode.start(net.config.withStateRetention(3))) {
      submit(net, node, net.register(net.user("dr-wang")));
      submit(net, node, net.anchor(net.user("dr-wang"), fp));
      for (int i = 0; i < 12; i++) {
        submit(net, node, net.anchor(net.user("dr-wang"), net.fingerprint("filler " + i)));
      }
      long head = node.ledger().height();
      assertThat(node.ledger().oldestProvableHeight()).isEqualTo(head - 3);
      for (long h = head - 3; h <= head; h++) {
        Hash root = node.ledger().signedHeader(h).orElseThrow().header().stateRoot();
        StateProof p = node.ledger().stateProof(key(fp), h).orElseThrow();
        assertThat(p.present()).isTrue();
        assertThat(p.problem(net.suite.hash(), root)).isEmpty();
      }
      long old = head - 4;
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> node.ledger().stateProof(key(fp), old))
          .isInstanceOf(org.medledger.node.ledger.StatePrunedException.class).hasMessageContaining("height " + old);
    }
    // Pruned nodes are gone from RocksDB: far fewer than a node that keeps every height stores.
    long pruned = countTreeNodes(net);
    java.nio.file.Path fullDir = java.nio.file.Files.createDirectories(dir.resolve("full"));
    TestNetwork full = new TestNetwork(fullDir, "intl");
    try (MedLedgerNode node = MedLedgerNode.start(full.config)) {
      submit(full, node, full.register(full.user("dr-wang")));
      submit(full, node, full.anchor(full.user("dr-wang"), fp));
      for (int i = 0; i < 12; i++) {
        submit(full, node, full.anchor(full.user("dr-wang"), full.fingerprint("filler " + i)));
      }
    }
    assertThat(pruned).isLessThan(countTreeNodes(full));
    // And the pruned store restarts (its chain and head root check out) and goes on pruning.
    try (MedLedgerNode node = MedLedgerNode.start(net.config.withStateRetention(3))) {
      submit(net, node, net.anchor(net.user("dr-wang"), net.fingerprint("after restart")));
      long head = node.ledger().height();
      assertThat(node.ledger().stateProof(key(fp), head).orElseThrow().problem(net.suite.hash(),
          node.ledger().signedHeader(head).orElseThrow().header().stateRoot())).isEmpty();
    }
  }

  private static long countTreeNodes(TestNetwork net) {
    long[] n = {0};
    try (var store = org.medledger.storage.RocksLedgerStore.open(net.config.dataDir().resolve("ledger"))) {
      store.scanStateTree(new byte[] {'n'}, (k, v) -> {
        if (k[0] != 'n') {
          return false;
        }
        n[0]++;
        return true;
      });
    }
    return n[0];
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
    return StateKeys.of(NotaryContract.NAME, NotaryContract.key(fingerprint, "hospital-a"));
  }

  private static void submit(TestNetwork net, MedLedgerNode node, Transaction tx) throws Exception {
    CompletableFuture<?> f = node.commitWaiters().await(tx.id(net.suite.hash()));
    assertThat(node.admission().submit(tx)).isInstanceOf(AdmissionResult.Accepted.class);
    f.get(10, TimeUnit.SECONDS);
  }
}
