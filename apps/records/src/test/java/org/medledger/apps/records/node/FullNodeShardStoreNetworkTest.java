package org.medledger.apps.records.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.network.Peer;
import org.medledger.network.PeerAddress;
import org.medledger.network.TlsTransport;
import org.medledger.network.Topic;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.NodeEncryptionKey;
import org.medledger.node.NodeSecrets;
import org.medledger.node.RunningValidators;
import org.medledger.node.application.Applications;
import org.medledger.node.config.NodeConfig;
import org.medledger.node.config.NodeRole;
import org.medledger.node.vault.VaultService;

/**
 * Issue 24 item 12, a full node's shard store: four validators and org-1's full node with {@code
 * "vault": {"shardStore": true}}. It keeps a replica of org-1's shard slot of a record stored at
 * org-0 (and no other slot); with org-1's validator down it serves that slot to a validator
 * rebuilding its own lost shard, and serves the record's content, byte for byte, to the org-1
 * clinician the patient consented to, the read audited. The cheats: another org-1 clinician with
 * no consent is refused at the full node and the refusal is on the ledger; org-2's registered full
 * node asking for org-1's slot is refused (its own slot it gets).
 */
class FullNodeShardStoreNetworkTest {
  @TempDir Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();

  private record NodeIdentity(String name, X509Certificate certificate, KeyPair keys, Path folder) {}

  @Test
  void aFullNodesReplicaServesReadsAndRebuildsWhileItsValidatorIsDownAndOnlyItsOwnSlot() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    NodeIdentity full1 = nodeIdentity(net, 1, "org-1-full");
    NodeIdentity cheater = nodeIdentity(net, 2, "org-2-full");
    RunningValidators validators = RunningValidators.start(net);
    Set<Integer> stopped = new java.util.TreeSet<>();
    try {
      BftTestNetwork.Member patientUser = net.member(0, "patient-1", Role.PATIENT);
      BftTestNetwork.Member li = net.member(1, "dr-li", Role.CLINICIAN);
      BftTestNetwork.Member chen = net.member(1, "dr-chen", Role.CLINICIAN);
      validators.commit(net.registerClinician());
      for (BftTestNetwork.Member m : List.of(patientUser, li, chen, member(net, full1), member(net, cheater))) {
        validators.commit(net.register(m));
      }
      PatientId pid = PatientId.of(net.suite.hash(), patientUser.keys().getPublic().getEncoded());
      validators.commit(net.tx("patients", "register", "publicKey", Hex.encode(patientUser.keys().getPublic().getEncoded()),
          "signature", org.medledger.apps.records.contract.patient.CareRegistration.sign(
              net.suite.signatures().signer(patientUser.keys()), net.genesis.chainId(), pid, "org-0"), "custody", "self",
          "encryptionKeyCertificate", net.encryptionKeyCertificate(patientUser.keys())));
      ConsentGrant g = new ConsentGrant(net.genesis.chainId(), pid, Grantee.certificate(li.id()),
          new TreeSet<>(Set.of("laboratory")), new TreeSet<>(), new TreeSet<>(Set.of(PurposeOfUse.TREAT)),
          System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 3_600_000, false, "referral-1");
      validators.commit(net.tx(patientUser, "consent", "grant", "grant", Hex.encode(g.encode()),
          "signature", Hex.encode(patientUser.signer().sign(g.encode()))));

      MedLedgerNode full = startFullNode(net, full1, 1);
      RunningValidators.await("the full node linked to the four and caught up", 20_000,
          () -> full.connectedPeers() >= 4 && full.ledger().height() == validators.node(0).ledger().height());

      byte[] document = "potassium 4.1 mmol/L, sodium 139 mmol/L".getBytes(StandardCharsets.UTF_8);
      VaultService.Stored stored = RecordVault.of(validators.node(0)).store(net.clinicianId, document, pid, "Binary", "laboratory");
      Hash record = stored.record();
      int org1Slot = stored.holders().indexOf("org-1");
      int org2Slot = stored.holders().indexOf("org-2");
      RunningValidators.await("the full node kept org-1's shard", 20_000,
          () -> full.vault().heldShards(record).equals(List.of(org1Slot)));

      // The cheat: org-2's registered full node asks org-1's validator for org-1's slot, and gets a refusal.
      LinkedBlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
      TlsTransport forger = new TlsTransport(cheater.certificate(), cheater.keys().getPrivate(),
          cert -> java.util.Optional.empty(), (peer, topic, payload) -> {
            if (topic == Topic.VAULT) {
              replies.add(payload);
            }
          });
      open.add(forger);
      for (int i = 1; i <= 2; i++) {
        forger.connect(new PeerAddress("org-" + i + "-node", "127.0.0.1", net.configs.get(i).p2pPort()));
      }
      RunningValidators.await("org-2's full node linked to org-1's and org-2's validators", 20_000,
          () -> forger.connectedPeers().size() == 2);
      assertThat(askShard(forger, "org-1", record, org1Slot, replies)).as("org-1's slot, asked by org-2's full node")
          .isEqualTo(REFUSED);
      assertThat(askShard(forger, "org-2", record, org2Slot, replies)).as("its own organisation's slot").isEqualTo(FOUND);

      // org-1's validator goes down; org-2's validator loses its shard (a replaced disk) and rebuilds
      // it from the three others: org-0's, org-3's and the full node's replica of org-1's.
      // No validator asks a full node while its organisation's validator is linked: nothing served so far.
      long servedBefore = full.vault().shardsServed();
      stopped.add(1);
      validators.node(1).close();
      stopped.add(2);
      validators.node(2).close();
      deleteTree(net.configs.get(2).dataDir().resolve("shards"));
      MedLedgerNode org2 = MedLedgerNode.start(net.configs.get(2));
      open.add(org2);
      RunningValidators.await("org-2's validator relinked to org-0's, org-3's and the full node", 20_000,
          () -> org2.linkedPeerCertificates().contains(full1.certificate()) && org2.connectedPeers() == 2);
      // (Its background sweep, 10 s after the start, may have rebuilt it first on a slow machine.)
      org2.vault().repair();
      assertThat(org2.vault().heldShards(record)).containsExactly(org2Slot);
      assertThat(full.vault().shardsServed()).as("the full node served org-1's slot").isGreaterThan(servedBefore);

      // The consented clinician reads through the full node; the content is byte-identical.
      MedLedgerClient atFullNode = new MedLedgerClient("http://127.0.0.1:" + full.apiPort());
      atFullNode.login(new ClientIdentity(net.suite, li.certificate(), li.keys().getPrivate()));
      assertThat(atFullNode.recordContent(record.hex(), "TREAT", null)).isEqualTo(document);

      // Another org-1 clinician, without consent: refused at the full node, and the refusal audited.
      MedLedgerClient chenAtFullNode = new MedLedgerClient("http://127.0.0.1:" + full.apiPort());
      chenAtFullNode.login(new ClientIdentity(net.suite, chen.certificate(), chen.keys().getPrivate()));
      ApiException refused = null;
      try {
        chenAtFullNode.recordContent(record.hex(), "TREAT", null);
      } catch (ApiException e) {
        refused = e;
      }
      assertThat(refused).as("a read without consent").isNotNull();
      assertThat(refused.status()).isEqualTo(403);
      List<AccessEvent> events = AuditContract.ofRecord(full.ledger().state(), record);
      assertThat(events).anySatisfy(e -> {
        assertThat(e.requester()).isEqualTo(li.id());
        assertThat(e.served()).isTrue();
      });
      assertThat(events).anySatisfy(e -> {
        assertThat(e.requester()).isEqualTo(chen.id());
        assertThat(e.served()).isFalse();
      });
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
      for (int i = 0; i < 4; i++) {
        if (!stopped.contains(i)) {
          validators.node(i).close();
        }
      }
    }
  }

  private static final int FOUND = 0;
  private static final int REFUSED = 3;

  /**
   * Sends getShard (docs/format.md, topic 4) to {@code org}'s validator and returns the status byte
   * of its answer: u8 4 ‖ fixed 16 request ‖ u8 status ‖ bytes shard.
   */
  private static int askShard(TlsTransport from, String org, Hash record, int index, LinkedBlockingQueue<byte[]> replies)
      throws InterruptedException {
    replies.clear();
    byte[] frame = new CanonicalWriter(64).u8(3).u64(7).u64(index).fixed(record.toBytes(), Hash.LENGTH)
        .u8(index >>> 8).u8(index & 0xff).toByteArray();
    Peer validator = from.connectedPeers().stream()
        .filter(p -> p.certificate().getSubjectX500Principal().getName().contains("O=" + org)).findFirst().orElseThrow();
    assertThat(validator.send(Topic.VAULT, frame)).isTrue();
    byte[] reply = replies.poll(10, TimeUnit.SECONDS);
    assertThat(reply).as("an answer from " + org + "'s validator").isNotNull();
    assertThat(reply[0]).isEqualTo((byte) 4);
    return reply[17];
  }

  private NodeIdentity nodeIdentity(BftTestNetwork net, int org, String name) throws java.io.IOException {
    long now = System.currentTimeMillis();
    KeyPair k = net.suite.signatures().generateKeyPair(new SecureRandom());
    X509Certificate cert = net.ca(org).issueNode(name, k.getPublic(), new Date(now - 3_600_000L), new Date(now + 86_400_000L));
    Path folder = Files.createDirectories(dir.resolve(name));
    Files.writeString(folder.resolve("cert.pem"), Pem.certificate(cert));
    Files.writeString(folder.resolve("key.pem"), Pem.privateKey(k.getPrivate()));
    return new NodeIdentity(name, cert, k, folder);
  }

  private static BftTestNetwork.Member member(BftTestNetwork net, NodeIdentity n) {
    return new BftTestNetwork.Member(n.name(), n.certificate(), n.keys(), CertificateId.of(net.suite.hash(), n.certificate()),
        net.suite.signatures().signer(n.keys()));
  }

  /**
   * A full node with a shard store as an operator sets it up: its own certificate, a copy of its
   * organisation's validator's encryption key beside its key, the validators as peers, node.json
   * with {@code "role": "full"} and {@code "vault": {"shardStore": true}}.
   */
  private MedLedgerNode startFullNode(BftTestNetwork net, NodeIdentity n, int org) throws Exception {
    List<PeerAddress> peers = new ArrayList<>();
    for (NodeConfig v : net.configs) {
      peers.add(new PeerAddress(v.nodeName(), "127.0.0.1", v.p2pPort()));
    }
    Path data = n.folder().resolve("data");
    NodeSecrets.createMissing(data, true, Applications.onClassPath().all());
    NodeConfig config = new NodeConfig(n.name(), "org-" + org, net.configs.get(0).genesis(), data, n.folder().resolve("cert.pem"),
        n.folder().resolve("key.pem"), "127.0.0.1", 0, "127.0.0.1", BftTestNetwork.freePort(), peers)
        .withPlainLoopbackApi().withRole(NodeRole.FULL).withShardStore(true);
    config.write(n.folder().resolve("node.json"));
    NodeConfig read = NodeConfig.read(n.folder().resolve("node.json"));
    assertThat(read.shardStore()).isTrue();
    // Without its organisation's key copy it refuses to start, naming the setting and the file.
    assertThatThrownBy(() -> MedLedgerNode.start(read))
        .hasMessageContaining("\"shardStore\": true").hasMessageContaining(NodeEncryptionKey.FILE).hasMessageContaining("is missing");
    Files.copy(NodeEncryptionKey.fileFor(net.configs.get(org).privateKey()), n.folder().resolve(NodeEncryptionKey.FILE));
    MedLedgerNode node = MedLedgerNode.start(read);
    open.add(node);
    return node;
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
