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
import org.medledger.core.block.CommitSeal;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GovernanceRules;
import org.medledger.core.genesis.Threshold;
import org.medledger.core.governance.GovernanceView;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.network.PeerAddress;
import org.medledger.network.TlsTransport;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.RunningValidators;
import org.medledger.node.admission.AdmissionResult;

/**
 * A gm network's links run on P-256 transport certificates ({@code <node>-tls}), each naming the
 * node certificate it goes with. Validator 3's organisation rotates its node certificate with a
 * new transport pair beside the configured one ({@code tls/next-cert.pem}, {@code
 * tls/next-key.pem}) bound to the new node certificate: once the rotation passed the node
 * presents the new transport certificate, and from the rotation's height its new key seals and no
 * link presents the old transport certificate. Validator 2's organisation revokes its node
 * certificate: the links of the transport certificate naming it drop by the next block, and no
 * block is final without node 3's new key.
 * The cheats: the old transport certificate with its real key is refused after the height while
 * the new one is taken; transport certificates its organisation's CA mints afresh, one naming the
 * old node certificate and one naming none, are refused too.
 */
class GmTransportCertificateRotationNetworkTest {
  @TempDir Path dir;

  private final MedLedgerNode[] nodes = new MedLedgerNode[4];

  @Test
  void onGmARotationReplacesTheTransportCertificateAndTheOldOneIsRefusedFromItsHeight() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "gm", java.util.Collections.nCopies(4, List.of(Role.values())),
        g -> new Genesis(g.chainId(), g.suite(), g.timestamp(), g.organisations(), g.validators(), g.revokedCertificates(),
            g.parameters(), g.applications(), g.registeredCertificates(),
            Optional.of(new GovernanceRules(Threshold.parse(">1/2"), Threshold.parse(">=2/3"), 200, 2)), g.protocolVersion()));
    List<BftTestNetwork.Member> admins = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      admins.add(net.member(i, "admin-" + i, Role.ADMIN));
    }
    X509Certificate oldTransport = Pem.parseCertificate(Files.readString(net.configs.get(3).tlsCertificate()));
    java.security.PrivateKey oldTransportKey = Pem.parsePrivateKey(CryptoSuites.intl().signatures(),
        Files.readString(net.configs.get(3).tlsPrivateKey()));
    Hash oldId = CertificateId.of(net.suite.hash(), Pem.parseCertificate(Files.readString(net.configs.get(3).certificate())));
    try {
      for (int i = 0; i < 4; i++) {
        nodes[i] = MedLedgerNode.start(net.configs.get(i));
      }
      RunningValidators.await("the four linked", 20_000, () -> running(0, 1, 2, 3).allMatch(n -> n.connectedPeers() >= 3));
      List<String> staleLinks = new CopyOnWriteArrayList<>();
      long[] rotationAt = {Long.MAX_VALUE};
      long[] revokedIn = {Long.MAX_VALUE};
      X509Certificate transportOf2 = Pem.parseCertificate(Files.readString(net.configs.get(2).tlsCertificate()));
      nodes[1].addCommitListener((block, outcomes) -> {
        long h = block.header().height();
        List<X509Certificate> linked = nodes[1].linkedPeerCertificates();
        if (h >= rotationAt[0] && linked.contains(oldTransport)) {
          staleLinks.add("block " + h + ": a link presents the old transport certificate");
        }
        if (h > revokedIn[0] && linked.contains(transportOf2)) {
          staleLinks.add("block " + h + ": a link presents the transport certificate of a revoked node certificate");
        }
      });
      // Committed together: fewer blocks to wait for.
      commit(net, admins.stream().map(net::register).toList(), 0, 1, 2, 3);

      RotatedNodePair rotated = RotatedNodePair.make(net, 3).placeBeside(net.configs.get(3));
      commit(net, net.tx(admins.get(3), "governance", "propose", rotated.proposal("org-3-node")), 0, 1, 2, 3);
      commit(net, List.of(net.tx(admins.get(0), "governance", "vote", "proposal", "1", "choice", "yes"),
          net.tx(admins.get(1), "governance", "vote", "proposal", "1", "choice", "yes")), 0, 1, 2, 3);
      rotationAt[0] = GovernanceView.proposal(nodes[1].ledger().state(), 1).orElseThrow().proposal().effectiveAt();
      assertThat(rotationAt[0]).as("passed by the third organisation's vote").isGreaterThan(0);
      for (int k = 0; nodes[1].ledger().height() < rotationAt[0] + 1; k++) {
        commit(net, net.register(net.member(0, "nurse-" + k, Role.CLINICIAN)), 0, 1, 2, 3);
      }
      RunningValidators.await("node 3 linked again with its new transport certificate", 20_000,
          () -> nodes[1].linkedPeerCertificates().contains(rotated.transportCertificate()));

      // Org-2's admin revokes its own validator's node certificate: its transport certificate names it, so
      // the others drop its links by the next block, and the three left need node 3's new key in every block.
      Hash revoked = CertificateId.of(net.suite.hash(), Pem.parseCertificate(Files.readString(net.configs.get(2).certificate())));
      Transaction revoke = net.tx(admins.get(2), "membership", "revoke", "certificate", revoked.hex(), "reason", "retired");
      commit(net, revoke, 0, 1, 3);
      revokedIn[0] = nodes[1].ledger().transaction(revoke.id(net.suite.hash())).orElseThrow().height();
      for (int k = 0; k < 2; k++) {
        commit(net, net.register(net.member(1, "clinician-" + k, Role.CLINICIAN)), 0, 1, 3);
      }
      for (long h = rotationAt[0]; h <= nodes[1].ledger().height(); h++) {
        List<Hash> sealed = seals(nodes[1], h);
        assertThat(sealed).as("block %d, after the rotation", h).doesNotContain(oldId);
        if (h > revokedIn[0] + 1) {
          assertThat(sealed).as("block %d, validator 2 cut off", h).doesNotContain(revoked).contains(rotated.id());
        }
      }
      assertThat(staleLinks).as("links of an old transport certificate a block after its change").isEmpty();

      // The cheats over TLS, each dialling validator 1 as org-3-node.
      long now = System.currentTimeMillis();
      KeyPair minted = CryptoSuites.intl().signatures().generateKeyPair(new SecureRandom());
      X509Certificate namingTheOld = net.ca(3).issueTransport("org-3-node", minted.getPublic(), oldId,
          new Date(now - 3_600_000L), new Date(now + 86_400_000L), List.of(), List.of());
      X509Certificate namingNone = net.ca(3).issueTransport("org-3-node", minted.getPublic(),
          new Date(now - 3_600_000L), new Date(now + 86_400_000L), List.of(), List.of());
      PeerAddress one = new PeerAddress("org-1-node", "127.0.0.1", nodes[1].p2pPort());
      try (TlsTransport old = dial(oldTransport, oldTransportKey, one);
           TlsTransport old2 = dial(namingTheOld, minted.getPrivate(), one);
           TlsTransport unbound = dial(namingNone, minted.getPrivate(), one);
           TlsTransport renewed = dial(rotated.transportCertificate(), rotated.transportKeys().getPrivate(), one)) {
        RunningValidators.await("the new transport certificate linked", 10_000, () -> renewed.connectedPeers().size() == 1);
        assertThat(old.connectedPeers()).as("the old transport certificate after the rotation's height").isEmpty();
        assertThat(old2.connectedPeers()).as("a transport certificate naming the old node certificate").isEmpty();
        assertThat(unbound.connectedPeers()).as("a transport certificate naming no node certificate").isEmpty();
      }
    } finally {
      for (MedLedgerNode n : nodes) {
        if (n != null) {
          n.close();
        }
      }
    }
  }

  private static TlsTransport dial(X509Certificate cert, java.security.PrivateKey key, PeerAddress to) {
    TlsTransport t = new TlsTransport(cert, key, c -> Optional.empty(), (p, topic, b) -> { });
    t.connect(to);
    return t;
  }

  private java.util.stream.Stream<MedLedgerNode> running(int... which) {
    return java.util.Arrays.stream(which).mapToObj(i -> nodes[i]);
  }

  /** Admits {@code tx} at the first of {@code at} and waits until each of them committed it, successfully. */
  private void commit(BftTestNetwork net, Transaction tx, int... at) throws InterruptedException {
    commit(net, List.of(tx), at);
  }

  /** As above for several transactions admitted together (the chain may put them in one block). */
  private void commit(BftTestNetwork net, List<Transaction> txs, int... at) throws InterruptedException {
    for (Transaction tx : txs) {
      AdmissionResult r = nodes[at[0]].admission().submit(tx);
      assertThat(r).as(r.toString()).isInstanceOf(AdmissionResult.Accepted.class);
    }
    for (Transaction tx : txs) {
      Hash id = tx.id(net.suite.hash());
      RunningValidators.await("committed " + tx, 30_000, () -> running(at).allMatch(n -> n.ledger().transaction(id).isPresent()));
      var outcome = nodes[at[0]].ledger().transaction(id).orElseThrow().outcome();
      assertThat(outcome.success()).as(outcome.code() + ": " + outcome.message()).isTrue();
    }
  }

  private static List<Hash> seals(MedLedgerNode n, long height) {
    return n.ledger().signedHeader(height).orElseThrow().certificate().seals().stream().map(CommitSeal::validator).toList();
  }
}
