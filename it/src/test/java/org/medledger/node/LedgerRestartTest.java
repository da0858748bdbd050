package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.ledger.LedgerCorruptedException;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;

/** A node restarts where it stopped, and refuses a store edited on disk, naming the height. */
class LedgerRestartTest {
  @TempDir Path dir;

  List<Hash> fill(TestNetwork net, MedLedgerNode node, int blocks) throws Exception {
    List<Hash> ids = new ArrayList<>();
    if (node.ledger().height() == 0) {
      Transaction reg = net.register(net.user("dr-wang"));
      CompletableFuture<?> f = node.commitWaiters().await(reg.id(net.suite.hash()));
      assertThat(node.admission().submit(reg)).isInstanceOf(org.medledger.node.admission.AdmissionResult.Accepted.class);
      f.get(10, TimeUnit.SECONDS);
    }
    for (int b = 0; b < blocks; b++) {
      Transaction tx = net.anchor(net.user("dr-wang"), net.fingerprint("doc " + b + " " + System.nanoTime()));
      CompletableFuture<?> f = node.commitWaiters().await(tx.id(net.suite.hash()));
      assertThat(node.admission().submit(tx)).isInstanceOf(org.medledger.node.admission.AdmissionResult.Accepted.class);
      f.get(10, TimeUnit.SECONDS);
      ids.add(tx.id(net.suite.hash()));
    }
    return ids;
  }

  @Test
  void restartsAtTheSameHeadWithTheSameProofs() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    long height;
    Hash head;
    List<Hash> ids;
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      ids = fill(net, node, 5);
      height = node.ledger().height();
      head = node.ledger().headHash();
    }
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      assertThat(node.ledger().height()).isEqualTo(height);
      assertThat(node.ledger().headHash()).isEqualTo(head);
      assertThat(node.ledger().inclusionProof(ids.get(2))).isPresent();
      fill(net, node, 1);
      assertThat(node.ledger().height()).isGreaterThan(height);
    }
  }

  @Test
  void refusesAStoreWhoseBlockWasEditedOnDisk() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      fill(net, node, 4);
    }
    Path db = net.config.dataDir().resolve("ledger");
    tamper(db, "blocks", 3, bytes -> bytes[bytes.length - 20] ^= 1);
    assertThatThrownBy(() -> MedLedgerNode.start(net.config))
        .isInstanceOf(LedgerCorruptedException.class)
        .hasMessageContaining("height 3");
  }

  @Test
  void refusesAStoreWhoseHeaderWasEditedOnDisk() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      fill(net, node, 4);
    }
    tamper(net.config.dataDir().resolve("ledger"), "headers", 2, bytes -> bytes[60] ^= 1);
    assertThatThrownBy(() -> MedLedgerNode.start(net.config))
        .isInstanceOf(LedgerCorruptedException.class)
        .hasMessageContaining("height 2");
  }

  interface Edit {
    void apply(byte[] bytes);
  }

  /** Edits one record straight in RocksDB, as an attacker with disk access would. */
  static void tamper(Path db, String family, long height, Edit edit) throws Exception {
    RocksDB.loadLibrary();
    List<ColumnFamilyDescriptor> cfs = new ArrayList<>();
    cfs.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
    for (byte[] name : RocksDB.listColumnFamilies(new org.rocksdb.Options(), db.toString())) {
      if (!new String(name, StandardCharsets.UTF_8).equals("default")) {
        cfs.add(new ColumnFamilyDescriptor(name));
      }
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (RocksDB rocks = RocksDB.open(new org.rocksdb.DBOptions(), db.toString(), cfs, handles)) {
      ColumnFamilyHandle h = null;
      for (int i = 0; i < cfs.size(); i++) {
        if (new String(cfs.get(i).getName(), StandardCharsets.UTF_8).equals(family)) {
          h = handles.get(i);
        }
      }
      byte[] key = java.nio.ByteBuffer.allocate(8).putLong(height).array();
      byte[] v = rocks.get(h, key);
      edit.apply(v);
      rocks.put(h, key, v);
      handles.forEach(ColumnFamilyHandle::close);
    }
  }
}
