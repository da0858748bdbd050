package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.medledger.apps.records.node.RecordVault;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.network.Peer;
import org.medledger.network.PeerAddress;
import org.medledger.network.TlsTransport;
import org.medledger.network.Topic;
import org.medledger.node.vault.VaultService;

/**
 * Issue 20 findings 9 and 10 (the vault's parts) on four real validators. The operator of org-2
 * runs a second process with its own validator's key and, over a real mutual-TLS link to org-0's
 * node, floods it with early {@code PutShard}s (payload included) for a record that is never
 * committed, forges {@code PutAck}s and {@code ShardReply}s, and declares a frame longer than any
 * shard. Org-0's node holds no more than its waiting budget, tells the sender why it refuses, drops
 * the forged replies and counts them, closes the oversized frame's connection; meanwhile org-1's
 * clinician stores a record whose shard org-0 holds, and it lands.
 */
class VaultFloodNetworkTest {
  @TempDir
  java.nio.file.Path dir;
  private RunningValidators running;
  private TlsTransport rogue;

  @AfterEach
  void stop() {
    if (rogue != null) {
      rogue.close();
    }
    if (running != null) {
      running.close();
    }
  }

  /** A putShard frame as docs/format.md lays it out: u8 1 ‖ fixed 16 request ‖ fixed 32 record ‖ u16 index ‖ bytes shard ‖ u8 0. */
  private static byte[] putShard(SecureRandom random, Hash record, byte[] shard) {
    byte[] request = new byte[16];
    random.nextBytes(request);
    return new CanonicalWriter(shard.length + 64).u8(1).fixed(request, 16).fixed(record.unsafeBytes(), Hash.LENGTH).u8(0).u8(0)
        .bytes(shard).u8(0).toByteArray();
  }

  private static void sendHard(Peer peer, byte[] frame) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!peer.send(Topic.VAULT, frame)) {
      if (System.currentTimeMillis() > deadline || !peer.isConnected()) {
        throw new AssertionError("the link to org-0 stayed busy or closed");
      }
      Thread.sleep(1);
    }
  }

  @Test
  void aValidatorFloodingEarlyShardsAndForgingRepliesGrowsNoMemoryPastTheBoundAndHonestShardsLand() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", List.of(BftTestNetwork.HOSPITAL, BftTestNetwork.HOSPITAL,
        BftTestNetwork.INSURER, BftTestNetwork.REGULATOR));
    running = RunningValidators.start(net);
    VaultService target = running.node(0).vault();
    NodeKeys org2 = NodeKeys.load(net.suite, net.configs.get(2).certificate(), net.configs.get(2).privateKey());
    LinkedBlockingQueue<byte[]> answers = new LinkedBlockingQueue<>();
    rogue = new TlsTransport(org2.certificate(), org2.privateKey(), cert -> Optional.empty(), (p, topic, payload) -> {
      if (topic == Topic.VAULT) {
        answers.add(payload);
      }
    });
    rogue.listen("127.0.0.1", 0);
    rogue.connect(new PeerAddress("org-0-node", "127.0.0.1", running.node(0).p2pPort()));
    RunningValidators.await("the rogue link", 20_000, () -> rogue.connectedPeers().size() == 1);
    Peer toOrg0 = rogue.connectedPeers().get(0);

    // Forged replies: ids org-0 never sent to org-2 (and ones it sent to others are 128 random bits).
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 50; i++) {
      byte[] id = new byte[16];
      random.nextBytes(id);
      sendHard(toOrg0, new CanonicalWriter(64).u8(2).fixed(id, 16).bool(true).string("stored").toByteArray());
      sendHard(toOrg0, new CanonicalWriter(64).u8(4).fixed(id, 16).u8(0).bytes(new byte[] {6, 6, 6}).toByteArray());
    }
    RunningValidators.await("the forged replies counted", 20_000, () -> target.unmatchedReplies() >= 100);

    // The flood: 4 MiB shards of a record that never commits, more than org-0 keeps for one node.
    Hash never = Hash.of(net.suite.hash().hash("never committed".getBytes()));
    byte[] shard = new byte[4 << 20];
    AtomicLong peak = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(target.waitingBytes(), Math::max);
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.start();
    int flood = 80;
    for (int i = 0; i < flood; i++) {
      sendHard(toOrg0, putShard(random, never, shard));
    }
    RunningValidators.await("org-0 refused part of the flood", 30_000, () -> target.waitingRefused() > 0);

    // Meanwhile org-1 stores a record; its shard for org-0 lands despite org-2's flood.
    BftTestNetwork.Member li = net.member(1, "dr-li", Role.CLINICIAN);
    running.commit(net.register(li));
    KeyPair patient = net.suite.signatures().generateKeyPair(random);
    PatientId pid = PatientId.of(net.suite.hash(), patient.getPublic().getEncoded());
    running.commit(net.tx(li, "patients", "register", "publicKey", Hex.encode(patient.getPublic().getEncoded()), "signature",
        org.medledger.apps.records.contract.patient.CareRegistration.sign(net.suite.signatures().signer(patient), net.genesis.chainId(), pid, "org-1"),
        "encryptionKeyCertificate", net.encryptionKeyCertificate(patient)));
    byte[] document = new byte[3 << 20];
    random.nextBytes(document);
    VaultService.Stored stored = RecordVault.of(running.node(1)).store(li.id(), document, pid, "Binary", "imaging");
    sampler.interrupt();
    sampler.join();
    assertThat(stored.failed()).as("every holder took its shard").isEmpty();
    assertThat(target.heldShards(stored.record())).as("org-0 holds its shard").isNotEmpty();
    assertThat(running.node(1).vault().fetch(stored.record())).isEqualTo(document);

    assertThat(peak.get()).as("held at most the waiting budget").isLessThanOrEqualTo(target.waitingBytesLimit());
    assertThat(peak.get()).as("and at most one node's share of it from org-2").isLessThanOrEqualTo(target.waitingBytesLimit() / 2);
    assertThat(target.waitingRefused()).isPositive();
    boolean toldWhy = false;
    for (byte[] a : answers) {
      CanonicalReader r = new CanonicalReader(a);
      if (r.u8("kind") == 2) {
        r.fixed(16, "request");
        if (!r.bool("stored") && r.string("message", 1024).contains("waiting for their ledger entries")) {
          toldWhy = true;
        }
      }
    }
    assertThat(toldWhy).as("the sender is told why").isTrue();

    // A frame declaring more than any shard closes the rogue's connection before it is buffered.
    long before = oversized(running);
    sendHard(toOrg0, new byte[40 << 20]);
    RunningValidators.await("the oversized frame refused", 30_000, () -> oversized(running) > before);
  }

  private static long oversized(RunningValidators running) {
    return running.node(0).oversizedFrames();
  }
}
