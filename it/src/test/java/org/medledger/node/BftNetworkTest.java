package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.block.Block;
import org.medledger.core.block.CommitCertificateVerifier;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.admission.AdmissionResult;

/** Four validators in one JVM, each with its own RocksDB and TLS endpoint, deciding by Tendermint. */
class BftNetworkTest {
  @TempDir
  Path dir;

  private final List<MedLedgerNode> nodes = new ArrayList<>(List.of());

  @AfterEach
  void stop() {
    nodes.forEach(n -> {
      if (n != null) {
        n.close();
      }
    });
  }

  private static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  private static void admitted(AdmissionResult r) {
    assertThat(r).isInstanceOf(AdmissionResult.Accepted.class);
  }

  private boolean committedEverywhere(List<MedLedgerNode> on, Transaction tx, BftTestNetwork net) {
    Hash id = tx.id(net.suite.hash());
    return on.stream().allMatch(n -> n.ledger().transaction(id).isPresent());
  }

  private static void sameChain(List<MedLedgerNode> on) {
    long h = on.stream().mapToLong(n -> n.ledger().height()).min().orElseThrow();
    for (long i = 0; i <= h; i++) {
      Hash first = on.get(0).ledger().signedHeader(i).orElseThrow().header().hash(on.get(0).ledger().hashFunction());
      for (MedLedgerNode n : on) {
        assertThat(n.ledger().signedHeader(i).orElseThrow().header().hash(n.ledger().hashFunction()))
            .as("block hash at height %d on %s", i, n.config().nodeName()).isEqualTo(first);
      }
    }
  }

  @Test
  void fourValidatorsCommitTheSameCertifiedBlocksAndAStoppedOneCatchesUp() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    for (var c : net.configs) {
      nodes.add(MedLedgerNode.start(c));
    }
    await("every validator is linked to the three others", 20_000, () -> nodes.stream()
        .allMatch(n -> ((org.medledger.node.bft.BftOrdering) n.ordering()).connectedPeers() == 3));
    Transaction reg = net.registerClinician();
    admitted(nodes.get(0).admission().submit(reg));
    await("the registration is committed on all four", 20_000, () -> committedEverywhere(nodes, reg, net));

    // A client may submit to any node: gossip brings every transaction to the proposers.
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Transaction tx = net.anchor("report " + i);
      txs.add(tx);
      admitted(nodes.get(i % 4).admission().submit(tx));
    }
    await("40 anchors are committed everywhere", 20_000, () -> txs.stream().allMatch(t -> committedEverywhere(nodes, t, net)));
    sameChain(nodes);
    CommitCertificateVerifier verifier = new CommitCertificateVerifier(net.genesis);
    MedLedgerNode any = nodes.get(2);
    for (long h = 1; h <= any.ledger().height(); h++) {
      Block b = any.ledger().block(h).orElseThrow();
      assertThat(b.certificate().seals().size()).isGreaterThanOrEqualTo(3);
      assertThat(verifier.problem(b.header(), b.header().hash(any.ledger().hashFunction()), b.certificate())).isEmpty();
      assertThat(b.transactions()).as("no empty blocks while idle").isNotEmpty();
    }

    // One validator of four stops: the other three go on.
    nodes.get(3).close();
    long stoppedAt = nodes.get(3).ledger() == null ? -1 : 0;
    nodes.set(3, null);
    List<MedLedgerNode> live = nodes.subList(0, 3);
    List<Transaction> more = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Transaction tx = net.anchor("while one is down " + i);
      more.add(tx);
      admitted(live.get(i % 3).admission().submit(tx));
    }
    await("three validators commit without the fourth", 30_000,
        () -> more.stream().allMatch(t -> committedEverywhere(live, t, net)));

    // It restarts from its own store and catches up from its peers.
    nodes.set(3, MedLedgerNode.start(net.configs.get(3)));
    long target = nodes.get(0).ledger().height();
    await("the restarted validator catches up", 30_000, () -> nodes.get(3).ledger().height() >= target);
    Transaction after = net.anchor("after the restart");
    admitted(nodes.get(3).admission().submit(after));
    await("a transaction submitted to it commits everywhere", 30_000, () -> committedEverywhere(nodes, after, net));
    sameChain(nodes);
    assertThat(stoppedAt).isZero();
  }
}
