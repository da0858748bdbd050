package org.medledger.node.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.RunningValidators;
import org.medledger.node.admission.AdmissionResult;

/**
 * A validator down from before its certificate's rotation passed until after the rotation's
 * height (issue 24 item 4): validator 3 is stopped, its organisation's rotation passes and its
 * height goes by on the other three, and the node restarts with its configuration unchanged and
 * only the rotated pair beside its key ({@code next-cert.pem}, {@code next-key.pem}). Its peers
 * refuse the old certificate it presents first; it presents the rotated one, links, syncs the
 * blocks it missed, and with validator 2 then stopped (three of four: no block without it) seals
 * with the new key. The cheat: a commit certificate carrying the old key's seal for a block past
 * the height counts for nothing. On gm (with {@code -Dmedledger.it.long=true}: the same path on
 * the rotated transport pair, {@code tls/next-*}) likewise.
 */
class ValidatorDownAcrossItsRotationNetworkTest {
  @TempDir Path dir;

  private final MedLedgerNode[] nodes = new MedLedgerNode[4];

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aValidatorDownAcrossItsRotationRestartsWithTheRotatedPairBesideItsKeyCatchesUpAndSealsWithTheNewKey(String suite)
      throws Exception {
    Assumptions.assumeTrue(suite.equals("intl") || Boolean.getBoolean("medledger.it.long"),
        "gm's run of the same path: -Dmedledger.it.long=true (keeps the default run short)");
    BftTestNetwork net = new BftTestNetwork(dir, suite, java.util.Collections.nCopies(4, List.of(Role.values())),
        g -> new Genesis(g.chainId(), g.suite(), g.timestamp(), g.organisations(), g.validators(), g.revokedCertificates(),
            g.parameters(), g.applications(), g.registeredCertificates(),
            Optional.of(new GovernanceRules(Threshold.parse(">1/2"), Threshold.parse(">=2/3"), 200, 2)), g.protocolVersion()));
    List<BftTestNetwork.Member> admins = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      admins.add(net.member(i, "admin-" + i, Role.ADMIN));
    }
    Hash oldId = CertificateId.of(net.suite.hash(), Pem.parseCertificate(Files.readString(net.configs.get(3).certificate())));
    X509Certificate oldLink = Pem.parseCertificate(Files.readString(net.suite.id().equals("intl")
        ? net.configs.get(3).certificate() : net.configs.get(3).tlsCertificate()));
    try {
      for (int i = 0; i < 4; i++) {
        nodes[i] = MedLedgerNode.start(net.configs.get(i));
      }
      RunningValidators.await("the four linked", 20_000, () -> running(0, 1, 2, 3).allMatch(n -> n.connectedPeers() >= 3));
      // Committed together: fewer blocks to wait for.
      commit(net, admins.stream().map(net::register).toList(), 0, 1, 2, 3);
      long downFrom = nodes[3].ledger().height();
      nodes[3].close();
      nodes[3] = null;

      // While it is down, its organisation makes the new pair and the rotation passes on the other three.
      RotatedNodePair rotated = RotatedNodePair.make(net, 3);
      commit(net, net.tx(admins.get(3), "governance", "propose", rotated.proposal("org-3-node")), 0, 1, 2);
      commit(net, List.of(net.tx(admins.get(0), "governance", "vote", "proposal", "1", "choice", "yes"),
          net.tx(admins.get(1), "governance", "vote", "proposal", "1", "choice", "yes")), 0, 1, 2);
      long rotationAt = GovernanceView.proposal(nodes[1].ledger().state(), 1).orElseThrow().proposal().effectiveAt();
      assertThat(rotationAt).as("passed by the third organisation's vote").isGreaterThan(downFrom);
      for (int k = 0; nodes[1].ledger().height() < rotationAt + 1; k++) {
        commit(net, net.register(net.member(0, "nurse-" + k, Role.CLINICIAN)), 0, 1, 2);
      }

      // Restarted with node.json unchanged (the old certificate configured) and only the new pair beside its key.
      rotated.placeBeside(net.configs.get(3));
      nodes[3] = MedLedgerNode.start(net.configs.get(3));
      long reached = nodes[1].ledger().height();
      RunningValidators.await("node 3 caught up to height " + reached, 30_000, () -> nodes[3].ledger().height() >= reached);
      RunningValidators.await("node 3 linked with its new certificate", 20_000,
          () -> nodes[1].linkedPeerCertificates().contains(rotated.linkCertificate()));
      assertThat(nodes[1].linkedPeerCertificates()).as("links of the old certificate").doesNotContain(oldLink);

      // Validator 2 stopped: three of four are a quorum only with node 3's seal, which must be its new key's.
      nodes[2].close();
      nodes[2] = null;
      RunningValidators.await("node 3 linked to the two others", 20_000, () -> nodes[3].connectedPeers() >= 2);
      Transaction last = net.register(net.member(1, "clinician-after", Role.CLINICIAN));
      commit(net, last, 0, 1, 3);
      long sealedAt = nodes[1].ledger().transaction(last.id(net.suite.hash())).orElseThrow().height();
      assertThat(seals(nodes[1], sealedAt)).as("block %d, sealed without validator 2", sealedAt)
          .contains(rotated.id()).doesNotContain(oldId);
      for (long h = rotationAt; h <= nodes[1].ledger().height(); h++) {
        assertThat(seals(nodes[1], h)).as("block %d, after the rotation", h).doesNotContain(oldId);
      }

      // The cheat: the old key's seal on a block past the rotation's height counts for no one.
      long end = nodes[1].ledger().height();
      Block block = nodes[1].ledger().block(end).orElseThrow();
      Hash hash = block.header().hash(net.suite.hash());
      byte[] message = CommitCertificate.commitMessage(net.genesis.signingChainId(), end, 0, hash);
      List<CommitSeal> forged = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        forged.add(new CommitSeal(CertificateId.of(net.suite.hash(), certificate(net, i)), signer(net, i).sign(message)));
      }
      forged.add(new CommitSeal(oldId, signer(net, 3).sign(message)));
      assertThat(new CommitCertificateVerifier(net.genesis).problemAt(nodes[1].ledger().state(), block.header(), hash,
          new CommitCertificate(0, forged))).get().asString()
          .contains("seal from " + oldId + ", which is not a validator at height " + end);
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

  private static X509Certificate certificate(BftTestNetwork net, int i) throws java.io.IOException {
    return Pem.parseCertificate(Files.readString(net.configs.get(i).certificate()));
  }

  private static Signer signer(BftTestNetwork net, int i) throws java.io.IOException {
    return net.suite.signatures().signer(new KeyPair(certificate(net, i).getPublicKey(),
        Pem.parsePrivateKey(net.suite.signatures(), Files.readString(net.configs.get(i).privateKey()))));
  }
}
