package org.medledger.node;

import org.medledger.apps.records.node.RecordVault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.bft.DiskFaultTable;
import org.medledger.node.vault.VaultException;
import org.medledger.node.vault.VaultService;

/**
 * Disks that lie under the vault (issue 19, item 3) on four real validators: a shard file cut,
 * with a flipped bit, or deleted is caught by the manifest's hash on every read, left out, and the
 * document rebuilt from the other nodes' shards; the holder's next repair sweep rebuilds its own
 * shard. Two damaged of four (k = 3) give an error naming the record and the shards, never bytes.
 */
class VaultShardDiskFaultTest {
  private static final DiskFaultTable TABLE = new DiskFaultTable();
  @TempDir
  Path dir;
  private final List<MedLedgerNode> nodes = new ArrayList<>();
  private BftTestNetwork net;

  @AfterEach
  void stop() {
    nodes.forEach(MedLedgerNode::close);
  }

  @AfterAll
  static void print() {
    TABLE.print("VaultShardDiskFaultTest: the vault's shard files (4 validators, k = 3 of n = 4)");
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

  private void commit(Transaction tx) throws InterruptedException {
    assertThat(nodes.get(0).admission().submit(tx)).isInstanceOf(AdmissionResult.Accepted.class);
    Hash id = tx.id(net.suite.hash());
    await("committed", 20_000, () -> nodes.stream().allMatch(n -> n.ledger().transaction(id).isPresent()));
    assertThat(nodes.get(0).ledger().transaction(id).orElseThrow().outcome().success()).isTrue();
  }

  /** The file holding node {@code i}'s shard of the record (ShardStore's layout). */
  private Path shardFile(int i, Hash record) {
    int index = nodes.get(i).vault().heldShards(record).get(0);
    String hex = record.hex();
    return net.configs.get(i).dataDir().resolve("shards").resolve("files").resolve(hex.substring(0, 2))
        .resolve(hex + "-" + index);
  }

  private static void flipABit(Path file, Random random) throws Exception {
    long bit = (long) (random.nextDouble() * Files.size(file) * 8);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(bit / 8);
      int b = f.read();
      f.seek(bit / 8);
      f.write(b ^ (1 << (bit % 8)));
    }
  }

  private static void truncate(Path file, long length) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(length);
    }
  }

  /** Node i's shard is back on disk, byte for byte what the manifest names. */
  private void repairedBy(int i, Hash record, byte[] good) throws Exception {
    assertThat(nodes.get(i).vault().repair()).as("org-%d rebuilt its shard", i).isEqualTo(1);
    assertThat(Files.readAllBytes(shardFile(i, record))).isEqualTo(good);
    assertThat(nodes.get(i).vault().repair()).as("an intact shard is left alone").isZero();
  }

  @Test
  void aDamagedShardIsLeftOutOfEveryReadAndRebuiltByItsHolder() throws Exception {
    net = new BftTestNetwork(dir, "intl", 4);
    for (var c : net.configs) {
      nodes.add(MedLedgerNode.start(c));
    }
    await("linked", 20_000, () -> nodes.stream()
        .allMatch(n -> ((org.medledger.node.bft.BftOrdering) n.ordering()).connectedPeers() == 3));
    commit(net.registerClinician());
    KeyPair patient = net.suite.signatures().generateKeyPair(new SecureRandom());
    PatientId pid = PatientId.of(net.suite.hash(), patient.getPublic().getEncoded());
    commit(net.tx("patients", "register", "publicKey", Hex.encode(patient.getPublic().getEncoded()), "signature",
        org.medledger.apps.records.contract.patient.CareRegistration.sign(net.suite.signatures().signer(patient), net.genesis.chainId(), pid, "org-0"),
        "encryptionKeyCertificate", net.encryptionKeyCertificate(patient)));
    byte[] document = new byte[256 * 1024];
    new Random(19).nextBytes(document);
    VaultService.Stored stored = RecordVault.of(nodes.get(0)).store(net.clinicianId, document, pid, "Binary", "imaging");
    assertThat(stored.failed()).isEmpty();
    Hash record = stored.record();
    VaultService reader = nodes.get(0).vault();
    assertThat(reader.fetch(record)).isEqualTo(document);
    byte[][] good = new byte[4][];
    for (int i = 0; i < 4; i++) {
      good[i] = Files.readAllBytes(shardFile(i, record));
    }
    Random random = new Random(1931);

    // The reader's own shard with a flipped bit: its hash fails, the other three rebuild the document.
    int flips = 8;
    for (int t = 0; t < flips; t++) {
      flipABit(shardFile(0, record), random);
      assertThat(reader.fetch(record)).isEqualTo(document);
      repairedBy(0, record, good[0]);
    }
    TABLE.add("shards/files/<xx>/<record>-<i>", "own shard, a seeded bit flipped", flips,
        "left out (manifest hash), document from the others; repair rebuilt it");

    // Another holder's shard cut short (to nothing, half, all but one byte): it goes out, fails here.
    int cuts = 0;
    for (double keep : new double[] {0, 0.5, 0.999}) {
      truncate(shardFile(1, record), (long) (good[1].length * keep));
      assertThat(reader.fetch(record)).isEqualTo(document);
      repairedBy(1, record, good[1]);
      cuts++;
    }
    TABLE.add("shards/files/<xx>/<record>-<i>", "a peer's shard cut to 0 %, 50 %, 99.9 %", cuts,
        "left out (manifest hash), document from the others; repair rebuilt it");

    Files.delete(shardFile(2, record));
    assertThat(nodes.get(2).vault().heldShards(record)).isEmpty();
    assertThat(reader.fetch(record)).isEqualTo(document);
    assertThat(nodes.get(2).vault().repair()).isEqualTo(1);
    assertThat(Files.readAllBytes(shardFile(2, record))).isEqualTo(good[2]);
    TABLE.add("shards/files/<xx>/<record>-<i>", "a peer's shard deleted", 1, "missing, document from the others; repair rebuilt it");

    // Two of four damaged: fewer than k good shards. An error naming the record and both shards.
    int i0 = nodes.get(0).vault().heldShards(record).get(0);
    int i3 = nodes.get(3).vault().heldShards(record).get(0);
    flipABit(shardFile(0, record), random);
    truncate(shardFile(3, record), good[3].length / 2);
    assertThatThrownBy(() -> reader.fetch(record)).isInstanceOf(VaultException.class)
        .hasMessageContaining(record.toString())
        .hasMessageContaining("failing the manifest's hash: shards [" + Math.min(i0, i3) + ", " + Math.max(i0, i3) + "]");
    assertThat(nodes.get(0).vault().repair()).as("too few good shards left to rebuild from").isZero();
    assertThat(nodes.get(0).vault().lastSweepSkipped()).containsKey("record/" + record.hex());
    TABLE.add("shards/files/<xx>/<record>-<i>", "two of four damaged (flipped; cut)", 1,
        "error naming the record and shards " + Math.min(i0, i3) + ", " + Math.max(i0, i3) + "; no bytes returned");
  }
}
