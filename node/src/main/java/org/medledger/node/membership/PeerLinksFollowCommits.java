package org.medledger.node.membership;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.medledger.core.block.Block;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.network.PeerCheck;
import org.medledger.network.TlsTransport;
import org.medledger.node.NodeKeyRing;
import org.medledger.node.NodeKeys;
import org.medledger.node.ordering.CommitListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's TLS links in step with the ledger at every committed block, not only at the
 * next status tick: links whose peer the check now refuses are dropped (a removed validator from
 * its removal's height, a revoked certificate from the block that revokes it, a rotated
 * validator's old certificate from the rotation's height), so within one block. And it follows
 * this node's own rotation: once the rotated pair is beside the configured one and the ledger
 * holds the passed rotation (peers accept a scheduled validator's certificate from then), the
 * node presents the new certificate (on a gm network the rotated transport certificate issued for
 * it) and redials every link with it, before the height at which its peers refuse the old one.
 */
public final class PeerLinksFollowCommits implements CommitListener {
  private static final Logger LOG = LoggerFactory.getLogger(PeerLinksFollowCommits.class);
  private final TlsTransport transport;
  private final PeerCheck check;
  private final NodeKeyRing keys;
  private final Supplier<List<ValidatorEntry>> currentAndScheduled;
  private final CryptoSuite suite;
  private String lastProblem;

  public PeerLinksFollowCommits(TlsTransport transport, PeerCheck check, NodeKeyRing keys,
      Supplier<List<ValidatorEntry>> currentAndScheduled, CryptoSuite suite) {
    this.transport = transport;
    this.check = check;
    this.keys = keys;
    this.currentAndScheduled = currentAndScheduled;
    this.suite = suite;
  }

  @Override
  public void committed(Block block, List<TxOutcome> outcomes) {
    follow();
  }

  /** Presents the rotated certificate once its rotation passed, then drops the links now refused. */
  public void follow() {
    presentRotatedOnceScheduled();
    transport.recheckPeers(check);
  }

  private void presentRotatedOnceScheduled() {
    Optional<NodeKeys> next;
    try {
      next = keys.pickUpNext();
    } catch (IOException | IllegalArgumentException e) {
      warnOnce("the rotated key pair beside the node key cannot be used: " + e.getMessage());
      return;
    }
    if (next.isEmpty() || !scheduledOrInForce(next.get())) {
      return;
    }
    Optional<NodeKeys> link = keys.nextLinkIdentity();
    if (link.isEmpty()) {
      warnOnce("the ledger holds the rotation of this node's certificate to " + next.get().certificateId() + ", but no"
          + " rotated transport pair is beside the configured one (" + keys.nextTransportCertificateFile().map(Path::toString)
          .orElse("") + " and its key): this node's links will be refused from the rotation's height; make it with"
          + " `medledger governance node-key`");
      return;
    }
    if (transport.presented().equals(link.get().certificate())) {
      // Already presented (a restart that found its peers refusing the old one): nothing to fall back to any more.
      transport.presentWhenRefused(null, null);
      return;
    }
    LOG.info("the ledger holds the rotation of this node's certificate to {}: presenting {} on every link",
        next.get().certificateId(), link.get().certificate().getSubjectX500Principal().getName());
    transport.present(link.get().certificate(), link.get().privateKey());
  }

  private boolean scheduledOrInForce(NodeKeys next) {
    for (ValidatorEntry v : currentAndScheduled.get()) {
      if (CertificateId.of(suite.hash(), Pem.parseCertificate(v.nodeCertificatePem())).equals(next.certificateId())) {
        return true;
      }
    }
    return false;
  }

  private void warnOnce(String problem) {
    if (!problem.equals(lastProblem)) {
      LOG.warn(problem);
      lastProblem = problem;
    }
  }
}
