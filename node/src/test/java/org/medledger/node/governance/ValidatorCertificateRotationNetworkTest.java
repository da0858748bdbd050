package org.medledger.node.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.block.Block;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitCertificateVerifier;
import org.medledger.core.block.CommitSeal;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GovernanceRules;
import org.medledger.core.genesis.Threshold;
import org.medledger.core.governance.GovernanceView;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.Signer;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.network.PeerAddress;
import org.medledger.network.TlsTransport;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.NodeKeyRing;
import org.medledger.node.RunningValidators;
import org.medledger.node.admission.AdmissionResult;

/**
 * Four real validators (RocksDB, mutual TLS, Tendermint) on a governed chain. Validator 3's
 * organisation rotates its node certificate without stopping the chain: the new pair is placed
 * beside the old key, the rotation passes, and from its height the node votes with the new key
 * (with validator 2 cut off, no block is final without it) and its links present the new
 * certificate. The cheats: the old certificate (its real key) dialling a validator after the
 * height is refused while the new one is taken, and a commit certificate sealed with the old key
 * after the height is refused. A validator whose certificate its organisation revokes has every
 * link dropped by the next block.
 */
class ValidatorCertificateRotationNetworkTest {
  @TempDir Path dir;

  private final MedLedgerNode[] nodes = new MedLedgerNode[4];

  @Test
  void aRotatedValidatorVotesWithItsNewCertificateFromTheHeightAndItsOldOneIsRefused() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", java.util.Collections.nCopies(4, List.of(Role.values())),
        g -> new Genesis(g.chainId(), g.suite(), g.timestamp(), g.organisations(), g.validators(), g.revokedCertificates(),
            g.parameters(), g.applications(), g.registeredCertificates(),
            Optional.of(new GovernanceRules(Threshold.parse(">1/2"), Threshold.parse(">=2/3"), 200, 2)), g.protocolVersion()));
    List<BftTestNetwork.Member> admins = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      admins.add(net.member(i, "admin-" + i, Role.ADMIN));
    }
    X509Certificate oldCertificate = nodeCertificate(net, 3);
    Hash oldId = CertificateId.of(net.suite.hash(), oldCertificate);
    try {
      for (int i = 0; i < 4; i++) {
        nodes[i] = MedLedgerNode.start(net.configs.get(i));
      }
      RunningValidators.await("the four linked", 20_000, () -> running(0, 1, 2, 3).allMatch(n -> n.connectedPeers() >= 3));
      // What node 1's links present after each block it commits: checked within one block of each change.
      List<String> staleLinks = new CopyOnWriteArrayList<>();
      long[] rotationAt = {Long.MAX_VALUE};
      Hash[] revoked = {null};
      long[] revokedIn = {Long.MAX_VALUE};
      nodes[1].addCommitListener((block, outcomes) -> {
        long h = block.header().height();
        for (X509Certificate c : nodes[1].linkedPeerCertificates()) {
          Hash id = CertificateId.of(net.suite.hash(), c);
          if (h >= rotationAt[0] && id.equals(oldId) || h > revokedIn[0] && id.equals(revoked[0])) {
            staleLinks.add("block " + h + ": a link presents " + id);
          }
        }
      });
      for (BftTestNetwork.Member a : admins) {
        commit(net, net.register(a), 0, 1, 2, 3);
      }

      // Org-3 makes the new pair with its CA and places it beside the node key, then proposes.
      long now = System.currentTimeMillis();
      KeyPair newKeys = net.suite.signatures().generateKeyPair(new SecureRandom());
      X509Certificate newCertificate = net.ca(3).issueNode("org-3-node", newKeys.getPublic(),
          new Date(now - 3_600_000L), new Date(now + 86_400_000L));
      Hash newId = CertificateId.of(net.suite.hash(), newCertificate);
      Signer newSigner = net.suite.signatures().signer(newKeys);
      // The new key certifies the node's same encryption key: every custodial data key is wrapped to it.
      String encryptionKey = Hex.encode(EncryptionKeyCertificate.issue(net.suite, newSigner, net.genesis.chainId(),
          EncryptionKeyCertificate.nodeHolder("org-3-node"),
          net.genesis.encryptionKey(net.genesis.validators().get(3)).publicKey()).encode());
      Files.writeString(NodeKeyRing.nextFileFor(net.configs.get(3).certificate()), Pem.certificate(newCertificate));
      Files.writeString(NodeKeyRing.nextFileFor(net.configs.get(3).privateKey()), Pem.privateKey(newKeys.getPrivate()));
      commit(net, net.tx(admins.get(3), "governance", "propose", "kind", "rotate-validator", "validator", "org-3-node",
          "nodeCertificate", Pem.certificate(newCertificate), "encryptionKeyCertificate", encryptionKey), 0, 1, 2, 3);
      commit(net, net.tx(admins.get(0), "governance", "vote", "proposal", "1", "choice", "yes"), 0, 1, 2, 3);
      commit(net, net.tx(admins.get(1), "governance", "vote", "proposal", "1", "choice", "yes"), 0, 1, 2, 3);
      assertThat(GovernanceView.proposal(nodes[1].ledger().state(), 1).orElseThrow().proposal().effectiveAt())
          .as("passed by the third organisation's vote").isGreaterThan(0);
      rotationAt[0] = GovernanceView.proposal(nodes[1].ledger().state(), 1).orElseThrow().proposal().effectiveAt();
      // Blocks are cut for transactions: a few carry the chain past the rotation's height.
      for (int k = 0; nodes[1].ledger().height() < rotationAt[0] + 1; k++) {
        commit(net, net.register(net.member(0, "nurse-" + k, Role.CLINICIAN)), 0, 1, 2, 3);
      }
      RunningValidators.await("node 3 linked again with its new certificate", 20_000,
          () -> nodes[1].linkedPeerCertificates().contains(newCertificate));

      // Org-2's admin revokes its own validator's certificate: the others drop its links by the next block,
      // and the three left (quorum three of four) need node 3's new key in every block.
      revoked[0] = CertificateId.of(net.suite.hash(), nodeCertificate(net, 2));
      Transaction revoke = net.tx(admins.get(2), "membership", "revoke", "certificate", revoked[0].hex(), "reason", "retired");
      commit(net, revoke, 0, 1, 3);
      revokedIn[0] = nodes[1].ledger().transaction(revoke.id(net.suite.hash())).orElseThrow().height();
      for (int k = 0; k < 3; k++) {
        commit(net, net.register(net.member(1, "clinician-" + k, Role.CLINICIAN)), 0, 1, 3);
      }
      long end = nodes[1].ledger().height();
      for (long h = 1; h <= end; h++) {
        List<Hash> sealed = seals(nodes[1], h);
        assertThat(sealed).as("block %d's seals", h).hasSizeGreaterThanOrEqualTo(3);
        if (h >= rotationAt[0]) {
          assertThat(sealed).as("block %d, after the rotation", h).doesNotContain(oldId);
        } else {
          assertThat(sealed).as("block %d, before the rotation", h).doesNotContain(newId);
        }
        if (h > revokedIn[0] + 1) {
          assertThat(sealed).as("block %d, validator 2 cut off", h).doesNotContain(revoked[0]).contains(newId);
        }
      }
      assertThat(staleLinks).as("links of an old or revoked certificate a block after its change").isEmpty();

      // The cheat over TLS: the old certificate with its real key dials validator 1 and is refused;
      // the new one, dialling alike, is taken (so the refusal is the certificate's).
      PeerAddress one = new PeerAddress("org-1-node", "127.0.0.1", nodes[1].p2pPort());
      try (TlsTransport old = new TlsTransport(oldCertificate, privateKey(net, 3), c -> Optional.empty(), (p, t, b) -> { });
           TlsTransport renewed = new TlsTransport(newCertificate, newKeys.getPrivate(), c -> Optional.empty(), (p, t, b) -> { })) {
        old.connect(one);
        renewed.connect(one);
        RunningValidators.await("the new certificate linked", 10_000, () -> renewed.connectedPeers().size() == 1);
        assertThat(old.connectedPeers()).as("the old certificate after the rotation's height").isEmpty();
      }

      // The cheat on the chain: a commit certificate with the old key's seal for a block past the height.
      Block last = nodes[1].ledger().block(end).orElseThrow();
      Hash lastHash = last.header().hash(net.suite.hash());
      byte[] message = CommitCertificate.commitMessage(net.genesis.signingChainId(), end, 0, lastHash);
      List<CommitSeal> forgedSeals = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        forgedSeals.add(new CommitSeal(CertificateId.of(net.suite.hash(), nodeCertificate(net, i)),
            nodeSigner(net, i).sign(message)));
      }
      forgedSeals.add(new CommitSeal(oldId, nodeSigner(net, 3).sign(message)));
      CommitCertificate forged = new CommitCertificate(0, forgedSeals);
      assertThat(new CommitCertificateVerifier(net.genesis).problemAt(nodes[1].ledger().state(), last.header(), lastHash,
          forged)).get().asString().contains("seal from " + oldId + ", which is not a validator at height " + end);
    } finally {
      for (MedLedgerNode n : nodes) {
        if (n != null) {
          n.close();
        }
      }
    }
  }

  private java.util.stream.Stream<MedLedgerNode> running(int... which) {
    return java.util.Arrays.stream(which).mapToObj(i -> nodes[i]);
  }

  /** Admits {@code tx} at the first of {@code at} and waits until each of them committed it, successfully. */
  private void commit(BftTestNetwork net, Transaction tx, int... at) throws InterruptedException {
    AdmissionResult r = nodes[at[0]].admission().submit(tx);
    assertThat(r).as(r.toString()).isInstanceOf(AdmissionResult.Accepted.class);
    Hash id = tx.id(net.suite.hash());
    RunningValidators.await("committed " + tx, 30_000, () -> running(at).allMatch(n -> n.ledger().transaction(id).isPresent()));
    var outcome = nodes[at[0]].ledger().transaction(id).orElseThrow().outcome();
    assertThat(outcome.success()).as(outcome.code() + ": " + outcome.message()).isTrue();
  }

  private static List<Hash> seals(MedLedgerNode n, long height) {
    return n.ledger().signedHeader(height).orElseThrow().certificate().seals().stream().map(CommitSeal::validator).toList();
  }

  private static X509Certificate nodeCertificate(BftTestNetwork net, int i) throws java.io.IOException {
    return Pem.parseCertificate(Files.readString(net.configs.get(i).certificate()));
  }

  private static java.security.PrivateKey privateKey(BftTestNetwork net, int i) throws java.io.IOException {
    return Pem.parsePrivateKey(net.suite.signatures(), Files.readString(net.configs.get(i).privateKey()));
  }

  private static Signer nodeSigner(BftTestNetwork net, int i) throws java.io.IOException {
    return net.suite.signatures().signer(new KeyPair(nodeCertificate(net, i).getPublicKey(), privateKey(net, i)));
  }
}
