package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.node.RecordVault;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.vault.VaultService;

/**
 * docs/deploy.md §9 "Back up" on four real validators (own RocksDB folders, mutual TLS): a copy
 * of a validator's data folder taken with the node stopped at height H, restored after the node
 * went on to vote at later heights and then lost its disk, with the backup's {@code shards/}
 * folder missing too, and its consensus state replaced by the loss acknowledgement (README "Saved
 * consensus state"). The restored node catches up from the others by block sync, holds the same
 * chain, votes again above the acknowledged height, serves reads, and its repair pass rebuilds its
 * vault shard from the other holders' shards.
 */
class BackupRestoreNetworkTest {
  private static final int RESTORED = 3;

  @TempDir
  Path dir;
  private final List<MedLedgerNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(n -> {
      if (n != null) {
        n.close();
      }
    });
  }

  @Test
  void aValidatorRestoredFromAnOlderCopyOfItsDataFolderCatchesUpServesReadsAndRebuildsItsShard() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    for (var c : net.configs) {
      nodes.add(MedLedgerNode.start(c));
    }
    awaitLinked(0, 1, 2, 3);
    commit(net, net.registerClinician());
    KeyPair patient = net.suite.signatures().generateKeyPair(new SecureRandom());
    PatientId pid = PatientId.of(net.suite.hash(), patient.getPublic().getEncoded());
    commit(net, net.tx("patients", "register", "publicKey", Hex.encode(patient.getPublic().getEncoded()), "signature",
        org.medledger.apps.records.contract.patient.CareRegistration.sign(net.suite.signatures().signer(patient), net.genesis.chainId(), pid, "org-0"),
        "encryptionKeyCertificate", net.encryptionKeyCertificate(patient)));
    byte[] document = new byte[256 * 1024];
    new SecureRandom().nextBytes(document);
    VaultService.Stored stored = RecordVault.of(nodes.get(0)).store(net.clinicianId, document, pid, "Binary", "imaging");
    assertThat(stored.failed()).isEmpty();
    Hash record = stored.record();
    TreeSet<Integer> restoredShard = new TreeSet<>(nodes.get(RESTORED).vault().heldShards(record));
    assertThat(restoredShard).as("org-3 holds one shard of the record").hasSize(1);

    // The backup, as the guide says: stop the node, copy its data folder, start it again.
    Path dataDir = net.configs.get(RESTORED).dataDir();
    long backupHeight = nodes.get(RESTORED).ledger().height();
    stopNode(RESTORED);
    Path backup = dir.resolve("backup-of-org-3-data");
    copyTree(dataDir, backup);
    nodes.set(RESTORED, MedLedgerNode.start(net.configs.get(RESTORED)));
    awaitLinked(0, 1, 2, 3);

    // It goes on voting past the backup's height; then its disk is lost while the others go on.
    List<Transaction> afterBackup = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      afterBackup.add(commit(net, net.anchor("voted by org-3 after its backup " + i)));
    }
    stopNode(RESTORED);
    deleteTree(dataDir);
    for (int i = 0; i < 3; i++) {
      afterBackup.add(commit(net, net.anchor("committed while org-3 was down " + i)));
    }
    long othersHeight = nodes.get(0).ledger().height();
    assertThat(othersHeight).isGreaterThan(backupHeight);

    // Restored from the copy taken at the backup height, which also lost its shards folder. As
    // the guide says, its saved consensus state (from H) is moved aside and replaced by the loss
    // acknowledgement with the others' height + 1: the lost disk may have held a vote at a height
    // the copy does not know, so it must not vote at or below one the others may still decide.
    copyTree(backup, dataDir);
    deleteTree(dataDir.resolve("shards"));
    Files.move(dataDir.resolve("consensus"), dataDir.resolve("consensus.restored"));
    Files.createDirectories(dataDir.resolve("consensus"));
    long mayHaveVotedAt = othersHeight + 1;
    Files.writeString(dataDir.resolve("consensus").resolve("state-lost"), mayHaveVotedAt + "\n");
    nodes.set(RESTORED, MedLedgerNode.start(net.configs.get(RESTORED)));
    MedLedgerNode restored = nodes.get(RESTORED);
    // Checked at once: its background repair sweep first runs 10 s after a start.
    assertThat(restored.vault().heldShards(record)).as("the backup had no shards").isEmpty();
    awaitLinked(0, 1, 2, 3);
    await("org-3 caught up from height " + backupHeight + " to " + othersHeight, 30_000,
        () -> restored.ledger().height() >= othersHeight);
    for (Transaction tx : afterBackup) {
      assertThat(restored.ledger().transaction(tx.id(net.suite.hash()))).as("a transaction committed after the backup").isPresent();
    }
    // The others decide the height it may have voted at without it; above it, it votes again: a
    // block needs 3 of 4, so with org-0 stopped it takes org-3's vote.
    commit(net, net.anchor("decided by the others at the height org-3 may have voted at"));
    assertThat(restored.ledger().height()).isGreaterThanOrEqualTo(mayHaveVotedAt);
    stopNode(0);
    Transaction withRestoredVote = net.anchor("needs org-3's vote");
    assertThat(nodes.get(1).admission().submit(withRestoredVote)).isInstanceOf(AdmissionResult.Accepted.class);
    Hash voted = withRestoredVote.id(net.suite.hash());
    await("committed with org-3's vote", 30_000, () -> nodes.subList(1, 4).stream().allMatch(n -> n.ledger().transaction(voted).isPresent()));
    assertThat(Files.exists(dataDir.resolve("consensus").resolve("state-lost"))).as("its first save after voting deletes the acknowledgement")
        .isFalse();
    nodes.set(0, MedLedgerNode.start(net.configs.get(0)));
    awaitLinked(0, 1, 2, 3);
    await("org-0 caught up", 30_000, () -> nodes.get(0).ledger().height() >= restored.ledger().height());
    // One chain: every node holds the same block at every height the restored node has.
    for (long h = 1; h <= restored.ledger().height(); h++) {
      Hash hash = restored.ledger().signedHeader(h).orElseThrow().header().hash(restored.ledger().hashFunction());
      for (MedLedgerNode n : nodes) {
        assertThat(n.ledger().signedHeader(h).orElseThrow().header().hash(n.ledger().hashFunction())).as("block %d", h).isEqualTo(hash);
      }
    }
    // It serves reads over its API at the others' height.
    long served = new org.medledger.client.MedLedgerClient("http://127.0.0.1:" + restored.apiPort()).health().path("height").asLong();
    assertThat(served).isGreaterThanOrEqualTo(othersHeight);

    // Its shard: gone with the backup's shards folder, rebuilt by the repair pass from the others'
    // (what its background sweep does 10 s after a start), then served: with org-1 stopped, a fetch
    // through org-0 needs 3 shards of the 3 left, org-3's among them.
    // (its background sweep may have rebuilt it already, on a slow machine: then this finds nothing to do)
    restored.vault().repair();
    assertThat(new TreeSet<>(restored.vault().heldShards(record))).isEqualTo(restoredShard);
    stopNode(1);
    assertThat(nodes.get(0).vault().fetch(record, 20_000)).isEqualTo(document);
  }

  private Transaction commit(BftTestNetwork net, Transaction tx) throws InterruptedException {
    MedLedgerNode through = nodes.stream().filter(n -> n != null).findFirst().orElseThrow();
    assertThat(through.admission().submit(tx)).isInstanceOf(AdmissionResult.Accepted.class);
    Hash id = tx.id(net.suite.hash());
    await("committed", 30_000, () -> nodes.stream().filter(n -> n != null).allMatch(n -> n.ledger().transaction(id).isPresent()));
    assertThat(through.ledger().transaction(id).orElseThrow().outcome().success())
        .as(through.ledger().transaction(id).orElseThrow().outcome().message()).isTrue();
    return tx;
  }

  private void stopNode(int i) {
    nodes.get(i).close();
    nodes.set(i, null);
  }

  private void awaitLinked(int... which) throws InterruptedException {
    await("linked", 30_000, () -> java.util.Arrays.stream(which)
        .allMatch(i -> ((org.medledger.node.bft.BftOrdering) nodes.get(i).ordering()).connectedPeers() == 3));
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

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.sorted().toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    VaultNetworkTest.deleteTree(p);
  }
}
