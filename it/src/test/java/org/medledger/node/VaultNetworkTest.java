package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.medledger.apps.records.node.RecordVault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.ErasureRequest;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.vault.VaultException;
import org.medledger.node.vault.VaultService;
import org.medledger.storage.ShardStore;

/**
 * The vault on four real validators (own RocksDB folders, mutual TLS): a record stored through
 * one node is spread one shard per node, no node's disk holds the plaintext or enough shards,
 * another organisation reads it once a consent names it, a node down does not stop a fetch, a
 * corrupt shard is left out and its node reported, a replaced disk is rebuilt, and erasure
 * destroys every shard while the ledger entry stays.
 */
class VaultNetworkTest {
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

  private static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  private void commit(BftTestNetwork net, Transaction tx) throws InterruptedException {
    assertThat(nodes.get(0).admission().submit(tx)).isInstanceOf(AdmissionResult.Accepted.class);
    Hash id = tx.id(net.suite.hash());
    await("committed", 20_000, () -> nodes.stream().filter(n -> n != null)
        .allMatch(n -> n.ledger().transaction(id).isPresent()));
    assertThat(nodes.get(0).ledger().transaction(id).orElseThrow().outcome().success())
        .as(nodes.get(0).ledger().transaction(id).orElseThrow().outcome().message()).isTrue();
  }

  @Test
  void aRecordIsSpreadReadUnderConsentSurvivesANodeLossAndIsErasedEverywhere() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    for (var c : net.configs) {
      nodes.add(MedLedgerNode.start(c));
    }
    await("linked", 20_000, () -> nodes.stream()
        .allMatch(n -> ((org.medledger.node.bft.BftOrdering) n.ordering()).connectedPeers() == 3));
    commit(net, net.registerClinician());
    KeyPair patient = net.suite.signatures().generateKeyPair(new SecureRandom());
    PatientId pid = PatientId.of(net.suite.hash(), patient.getPublic().getEncoded());
    commit(net, net.tx("patients", "register", "publicKey", Hex.encode(patient.getPublic().getEncoded()), "signature",
        org.medledger.apps.records.contract.patient.CareRegistration.sign(net.suite.signatures().signer(patient), net.genesis.chainId(), pid, "org-0"),
        "encryptionKeyCertificate", net.encryptionKeyCertificate(patient)));

    byte[] document = new byte[1 << 20];
    new SecureRandom().nextBytes(document);
    VaultService.Stored stored = RecordVault.of(nodes.get(0)).store(net.clinicianId, document, pid, "Binary", "imaging");
    assertThat(stored.failed()).isEmpty();
    assertThat(new TreeSet<>(stored.holders())).containsExactly("org-0", "org-1", "org-2", "org-3");
    assertThat(stored.placements()).extracting(p -> p.holder()).isEqualTo(stored.holders());
    assertThat(stored.placements()).extracting(p -> p.status())
        .containsOnly(org.medledger.node.vault.ShardPlaced.Status.KEPT, org.medledger.node.vault.ShardPlaced.Status.PLACED)
        .containsOnlyOnce(org.medledger.node.vault.ShardPlaced.Status.KEPT);
    Hash record = stored.record();
    assertThat(nodes.get(0).vault().fetch(record)).isEqualTo(document);
    // k = 3 shards: its own and two others', not every holder's (measured on a second, warm fetch:
    // a fetch asks the rest only when the first ones are slow)
    long served = nodes.stream().mapToLong(n -> n.vault().shardsServed()).sum();
    assertThat(nodes.get(0).vault().fetch(record)).isEqualTo(document);
    assertThat(nodes.stream().mapToLong(n -> n.vault().shardsServed()).sum() - served).isEqualTo(2);

    // Every node holds exactly one shard, and no node's files hold any piece of the plaintext.
    for (MedLedgerNode n : nodes) {
      assertThat(n.vault().heldShards(record)).hasSize(1);
    }
    for (int i = 0; i < 4; i++) {
      assertThat(filesContainingAPieceOf(dir.resolve("org-" + i), document)).as("org-%d's disk", i).isEmpty();
    }

    // org-1 reads nothing until the patient consents; then the custodian's node wraps the key for it.
    assertThatThrownBy(() -> nodes.get(1).vault().fetch(record)).isInstanceOf(VaultException.class).hasMessageContaining("not wrapped");
    ConsentGrant g = new ConsentGrant(net.genesis.chainId(), pid, Grantee.organisation("org-1"), new TreeSet<>(Set.of("imaging")),
        new TreeSet<>(), new TreeSet<>(Set.of(PurposeOfUse.TREAT)), System.currentTimeMillis() - 1000,
        System.currentTimeMillis() + 3_600_000, false, "referral");
    commit(net, net.tx("consent", "grant", "grant", Hex.encode(g.encode()),
        "signature", Hex.encode(net.suite.signatures().signer(patient).sign(g.encode()))));
    await("the key is shared with org-1", 20_000,
        () -> RecordContract.keyCommitment(nodes.get(1).ledger().state(), record, "org:org-1").isPresent());
    assertThat(nodes.get(1).vault().fetch(record, 10_000)).isEqualTo(document);
    byte[] keyForOrg1 = nodes.get(1).vault().wrappedKey(record, "org:org-1").orElseThrow();
    // Wrapped to org-1's encryption key, which the genesis certifies, not to its node (signing) key (issue 23, finding 6).
    java.security.PrivateKey org1Encryption = net.suite.signatures().decodePrivateKey(org.medledger.crypto.x509.Pem.decode(
        "PRIVATE KEY", java.nio.file.Files.readString(NodeEncryptionKey.fileFor(net.configs.get(1).privateKey()))));
    java.security.PrivateKey org1Signing = net.suite.signatures().decodePrivateKey(org.medledger.crypto.x509.Pem.decode(
        "PRIVATE KEY", java.nio.file.Files.readString(net.configs.get(1).privateKey())));
    assertThat(net.suite.keyWrap().unwrap(org1Encryption, keyForOrg1)).hasSize(32);
    assertThatThrownBy(() -> net.suite.keyWrap().unwrap(org1Signing, keyForOrg1)).isInstanceOf(org.medledger.crypto.AeadException.class);

    // Issue 22, finding 6: a junk record (hash of zeros, which sorts first; a manifest never
    // parsed) used to stop every node's repair and erasure sweep. The contract now refuses it with
    // the vault's own decoder, and a real manifest registered under another hash.
    byte[] realManifest = RecordContract.find(nodes.get(0).ledger().state(), record).orElseThrow().manifest();
    for (String[] junk : new String[][] {{"00".repeat(32), "00"}, {"00".repeat(32), Hex.encode(realManifest)}}) {
      Transaction tx = net.tx("records", "register", "record", junk[0], "patient", pid.toString(), "resourceType", "Binary",
          "category", "imaging", "manifest", junk[1], "patientKeyHash", "01".repeat(32), "custodianKeyHash", "02".repeat(32));
      assertThat(nodes.get(0).admission().submit(tx)).isInstanceOf(AdmissionResult.Accepted.class);
      Hash id = tx.id(net.suite.hash());
      await("junk decided", 20_000, () -> nodes.stream().allMatch(n -> n.ledger().transaction(id).isPresent()));
      assertThat(nodes.get(0).ledger().transaction(id).orElseThrow().outcome().code()).isEqualTo("invalid_manifest");
    }
    assertThat(RecordContract.find(nodes.get(0).ledger().state(), Hash.fromHex("00".repeat(32)))).isEmpty();

    // One node down (f = 1): three shards remain, enough.
    nodes.get(3).close();
    nodes.set(3, null);
    assertThat(nodes.get(1).vault().fetch(record)).isEqualTo(document);
    // A record stored meanwhile is committed (three shards are enough), and its answer shows the
    // shard org-3 did not take, not only a count.
    VaultService.Stored whileDown = RecordVault.of(nodes.get(0)).store(net.clinicianId, "while org-3 is down".getBytes(),
        pid, "Binary", "imaging");
    assertThat(whileDown.placements()).filteredOn(p -> p.holder().equals("org-3")).singleElement()
        .satisfies(p -> {
          assertThat(p.status()).isEqualTo(org.medledger.node.vault.ShardPlaced.Status.FAILED);
          assertThat(p.error()).isNotEmpty();
        });
    assertThat(whileDown.placements()).filteredOn(p -> !p.holder().equals("org-3"))
        .allSatisfy(p -> assertThat(p.status()).isNotEqualTo(org.medledger.node.vault.ShardPlaced.Status.FAILED));

    // A corrupt shard is left out and its node reported; that node, with an empty disk, rebuilds
    // its shard from the others. The victim holds a data shard, so org-1's fetch asks it at once
    // (a fetch asks its own shard, then data shards).
    int v = -1;
    for (int i = 0; i < 3 && v < 0; i++) {
      if (!stored.holders().get(i).equals("org-1")) {
        v = Integer.parseInt(stored.holders().get(i).substring("org-".length()));
      }
    }
    String victim = "org-" + v;
    if (nodes.get(v) != null) {
      nodes.get(v).close();
    }
    Path victimShards = net.configs.get(v).dataDir().resolve("shards");
    int victimIndex;
    try (ShardStore s = ShardStore.open(victimShards)) {
      victimIndex = s.indexes(record.toBytes()).get(0);
      s.put(record.toBytes(), victimIndex, new byte[] {1, 2, 3});
    }
    nodes.set(v, MedLedgerNode.start(net.configs.get(v)));
    if (nodes.get(3) == null) {
      nodes.set(3, MedLedgerNode.start(net.configs.get(3)));
    }
    await("relinked", 20_000, () -> nodes.stream()
        .allMatch(n -> ((org.medledger.node.bft.BftOrdering) n.ordering()).connectedPeers() == 3));
    assertThat(nodes.get(1).vault().fetch(record)).isEqualTo(document);
    await(victim + " reported", 10_000, () -> nodes.get(1).vault().badShardReports().containsKey(victim));
    assertThat(new org.medledger.client.MedLedgerClient("http://127.0.0.1:" + nodes.get(1).apiPort()).health()
        .path("vaultBadShards").path(victim).asInt()).isGreaterThan(0);
    assertThat(new org.medledger.client.MedLedgerClient("http://127.0.0.1:" + nodes.get(v).apiPort()).health()
        .path("vaultShardsServed").asLong()).as("the corrupt shard went out").isGreaterThan(0);
    nodes.get(v).close();
    deleteTree(victimShards);
    nodes.set(v, MedLedgerNode.start(net.configs.get(v)));
    int restarted = v;
    await("relinked", 20_000, () -> ((org.medledger.node.bft.BftOrdering) nodes.get(restarted).ordering()).connectedPeers() == 3);
    assertThat(nodes.get(v).vault().heldShards(record)).isEmpty();
    assertThat(nodes.get(v).vault().repair()).isEqualTo(1);
    assertThat(nodes.get(v).vault().heldShards(record)).containsExactly(victimIndex);

    // Erasure: the patient's signed request through the custodian; every node destroys its shard,
    // org-3 (down when it committed) once it is back and has caught up.
    nodes.get(3).close();
    nodes.set(3, null);
    long upTo = nodes.get(0).ledger().height();
    byte[] request = ErasureRequest.statement(net.genesis.chainId(), pid, "org-0", upTo, "erase-1");
    commit(net, net.tx("records", "erase", "patient", pid.toString(), "reference", "erase-1", "upToHeight", Long.toString(upTo),
        "signature", Hex.encode(net.suite.signatures().signer(patient).sign(request))));
    await("every running node's shard is gone", 20_000,
        () -> nodes.stream().limit(3).allMatch(n -> n.vault().heldShards(record).isEmpty()));
    nodes.set(3, MedLedgerNode.start(net.configs.get(3)));
    assertThat(nodes.get(3).vault().heldShards(record)).as("org-3 missed the erasure while down").hasSize(1);
    await("org-3 caught up", 20_000, () -> RecordContract.find(nodes.get(3).ledger().state(), record).orElseThrow().erased());
    nodes.get(3).vault().repair(); // what its background sweep does shortly after a start
    assertThat(nodes.get(3).vault().heldShards(record)).isEmpty();
    assertThatThrownBy(() -> nodes.get(1).vault().fetch(record)).isInstanceOf(VaultException.class).hasMessageContaining("erased");
    assertThat(RecordContract.find(nodes.get(1).ledger().state(), record).orElseThrow().erased()).isTrue();
    // The wrapped keys were never in a block: after erasure no file of any node, ledger included, holds one.
    // Read with the nodes stopped, so no compaction moves data between files mid-scan.
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i) != null) {
        nodes.get(i).close();
        nodes.set(i, null);
      }
    }
    for (int i = 0; i < 4; i++) {
      assertThat(filesContainingAPieceOf(dir.resolve("org-" + i), keyForOrg1)).as("org-%d's disk", i).isEmpty();
    }
  }

  /** Files under {@code root} holding any 32-byte piece of {@code document} (at 64 evenly spaced places). */
  static List<Path> filesContainingAPieceOf(Path root, byte[] document) throws IOException {
    List<byte[]> pieces = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      int at = (int) ((long) i * (document.length - 32) / 63);
      pieces.add(java.util.Arrays.copyOfRange(document, at, at + 32));
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return scan(root, pieces);
      } catch (java.nio.file.NoSuchFileException e) {
        // A running node's compaction replaced a file between listing and reading it: list again.
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  private static List<Path> scan(Path root, List<byte[]> pieces) throws IOException {
    List<Path> hits = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] content = Files.readAllBytes(f);
        String hay = new String(content, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (byte[] p : pieces) {
          if (hay.contains(new String(p, java.nio.charset.StandardCharsets.ISO_8859_1))) {
            hits.add(f);
            break;
          }
        }
      }
    }
    return hits;
  }

  static void deleteTree(Path p) throws IOException {
    try (Stream<Path> files = Files.walk(p)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
