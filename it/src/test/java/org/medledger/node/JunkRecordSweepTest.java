package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.node.RunningValidators.await;

import org.medledger.apps.records.node.RecordVault;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.MedLedgerClient;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.ErasureRequest;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.runtime.StateKeys;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.vault.VaultService;
import org.medledger.vault.ShardManifest;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * Issue 22, finding 6, on four real validators: a junk record in a node's state — a record hash of
 * zeros, which sorts first, with a manifest that is not one, and an entry that is not an entry —
 * written straight into its RocksDB as a dishonest node's (or an older release's) state would hold
 * them, past the contract that now refuses both — and a well-formed manifest of shards no node holds. The node's sweep still rebuilds every other record
 * on its replaced disk and still does the erasures it missed while down, and reports the junk.
 */
class JunkRecordSweepTest {
  static final String ZEROS = "record/" + "00".repeat(32);
  static final String NOT_AN_ENTRY = "record/" + "00".repeat(31) + "01";
  /** A manifest that reads well and commits to its fields, of shards no node ever held. */
  static final ShardManifest NO_SHARDS = ShardManifest.of(org.medledger.crypto.CryptoSuites.intl().hash(), "AES-256-GCM",
      new byte[12], 1 << 20, 3, 4, 3 << 20, Hash.of(new byte[32]), List.of(hash(1), hash(2), hash(3), hash(4)));
  static final String NO_SHARDS_KEY = "record/" + NO_SHARDS.recordHash().hex();
  @TempDir
  Path dir;

  @Test
  void aJunkRecordOrderedFirstStopsNeitherRepairNorCatchUpErasure() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    try (RunningValidators running = RunningValidators.start(net)) {
      running.commit(net.registerClinician());
      KeyPair patient = net.suite.signatures().generateKeyPair(new SecureRandom());
      PatientId pid = PatientId.of(net.suite.hash(), patient.getPublic().getEncoded());
      running.commit(net.tx("patients", "register", "publicKey", Hex.encode(patient.getPublic().getEncoded()), "signature",
          CareRegistration.sign(net.suite.signatures().signer(patient), net.genesis.chainId(), pid, "org-0"),
          "encryptionKeyCertificate", net.encryptionKeyCertificate(patient)));
      List<Hash> records = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        byte[] document = new byte[64 * 1024];
        new SecureRandom().nextBytes(document);
        VaultService.Stored stored = RecordVault.of(running.node(0)).store(net.clinicianId, document, pid, "Binary", "imaging");
        assertThat(stored.failed()).isEmpty();
        records.add(stored.record());
      }

      // org-1's disk is replaced, and its state holds the junk ordered before every real record.
      running.node(1).close();
      restartWithJunk(running, net, 1, pid, true);
      VaultService victim = running.node(1).vault();
      for (Hash r : records) {
        assertThat(victim.heldShards(r)).as("the new disk is empty").isEmpty();
      }
      assertThat(victim.repair()).as("both real records rebuilt").isEqualTo(2);
      for (Hash r : records) {
        assertThat(victim.heldShards(r)).hasSize(1);
      }
      assertJunkReported(victim.lastSweepSkipped());
      assertThat(new MedLedgerClient("http://127.0.0.1:" + running.node(1).apiPort()).health().path("vaultSweepSkipped")
          .has(ZEROS)).isTrue();

      // org-3 is down when the patient's records are erased, and comes back with the junk in its state.
      running.node(3).close();
      long upTo = running.node(0).ledger().height();
      byte[] request = ErasureRequest.statement(net.genesis.chainId(), pid, "org-0", upTo, "erase-1");
      running.submit(net.tx("records", "erase", "patient", pid.toString(), "reference", "erase-1", "upToHeight", Long.toString(upTo),
          "signature", Hex.encode(net.suite.signatures().signer(patient).sign(request))));
      await("the running nodes erased their shards", 30_000, () -> running.nodes().subList(0, 3).stream()
          .allMatch(n -> records.stream().allMatch(r -> n.vault().heldShards(r).isEmpty())));
      restartWithJunk(running, net, 3, pid, false);
      MedLedgerNode late = running.node(3);
      await("org-3 caught up", 30_000, () -> records.stream()
          .allMatch(r -> RecordContract.find(late.ledger().state(), r).orElseThrow().erased()));
      late.vault().repair(); // what its background sweep does shortly after a start
      for (Hash r : records) {
        assertThat(late.vault().heldShards(r)).as("org-3's shard of an erased record").isEmpty();
      }
      assertJunkReported(late.vault().lastSweepSkipped());
    }
  }

  private static Hash hash(int b) {
    byte[] h = new byte[32];
    java.util.Arrays.fill(h, (byte) b);
    return Hash.of(h);
  }

  private static void assertJunkReported(Map<String, String> skipped) {
    assertThat(skipped).containsOnlyKeys(ZEROS, NOT_AN_ENTRY, NO_SHARDS_KEY);
    assertThat(skipped.get(NO_SHARDS_KEY)).contains("unavailable");
    assertThat(skipped.get(ZEROS)).containsIgnoringCase("manifest");
    assertThat(skipped.get(NOT_AN_ENTRY)).contains("does not decode");
  }

  /**
   * With validator {@code v} stopped, writes the junk into its ledger's state column family (and, if
   * {@code newDisk}, deletes its shards), and starts it again in its place.
   */
  private static void restartWithJunk(RunningValidators running, BftTestNetwork net, int v, PatientId pid, boolean newDisk)
      throws Exception {
    Path data = net.configs.get(v).dataDir();
    if (newDisk) {
      VaultNetworkTest.deleteTree(data.resolve("shards"));
    }
    HealthRecordEntry junk = new HealthRecordEntry(Hash.fromHex("00".repeat(32)), pid, "Binary", "imaging", "org-0",
        Hash.fromHex("11".repeat(32)), new byte[] {2, 9, 'n', 'o', 't'}, 1, 1, false, 0, 0);
    writeState(data.resolve("ledger"), Map.of(
        StateKeys.of(RecordContract.NAME, ZEROS), junk.encode(),
        StateKeys.of(RecordContract.NAME, NOT_AN_ENTRY), new byte[] {1, 2, 3},
        StateKeys.of(RecordContract.NAME, NO_SHARDS_KEY), new HealthRecordEntry(NO_SHARDS.recordHash(), pid, "Binary", "imaging", "org-0",
            Hash.fromHex("11".repeat(32)), NO_SHARDS.encode(), 1, 1, false, 0, 0).encode()));
    running.nodes().set(v, MedLedgerNode.start(net.configs.get(v)));
    await("validator " + v + " relinked", 30_000,
        () -> ((org.medledger.node.bft.BftOrdering) running.node(v).ordering()).connectedPeers() == net.configs.size() - 1);
  }

  /** Puts values straight into a stopped node's RocksDB state column family, past every contract. */
  private static void writeState(Path ledgerDir, Map<byte[], byte[]> values) throws Exception {
    RocksDB.loadLibrary();
    List<ColumnFamilyDescriptor> families = new ArrayList<>();
    try (Options o = new Options()) {
      for (byte[] name : RocksDB.listColumnFamilies(o, ledgerDir.toString())) {
        families.add(new ColumnFamilyDescriptor(name));
      }
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions(); RocksDB db = RocksDB.open(options, ledgerDir.toString(), families, handles)) {
      int state = -1;
      for (int i = 0; i < families.size(); i++) {
        if (new String(families.get(i).getName(), java.nio.charset.StandardCharsets.UTF_8).equals("state")) {
          state = i;
        }
      }
      assertThat(state).as("the ledger's state column family").isNotNegative();
      for (Map.Entry<byte[], byte[]> e : values.entrySet()) {
        db.put(handles.get(state), e.getKey(), e.getValue());
      }
      handles.forEach(ColumnFamilyHandle::close);
    }
  }
}
