package org.medledger.node.membership;

import java.io.IOException;
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
 * node presents the new certificate and redials every link with it, before the height at which
 * its peers refuse the old one.
 */
public final class PeerLinksFollowCommits implements CommitListener {
  private static final Logger LOG = LoggerFactory.getLogger(PeerLinksFollowCommits.class);
  private final TlsTransport transport;
  private final PeerCheck check;
  private final NodeKeyRing keys;
  private final Supplier<List<ValidatorEntry>> currentAndScheduled;
  private final CryptoSuite suite;
  /** False when TLS runs on a separate transport certificate (gm networks), which this does not rotate. */
  private final boolean tlsOnNodeCertificate;
  private String lastProblem;

  public PeerLinksFollowCommits(TlsTransport transport, PeerCheck check, NodeKeyRing keys,
      Supplier<List<ValidatorEntry>> currentAndScheduled, CryptoSuite suite, boolean tlsOnNodeCertificate) {
    this.transport = transport;
    this.check = check;
    this.keys = keys;
    this.currentAndScheduled = currentAndScheduled;
    this.suite = suite;
    this.tlsOnNodeCertificate = tlsOnNodeCertificate;
  }

  @Override
  public void committed(Block block, List<TxOutcome> outcomes) {
    follow();
  }

  /** Presents the rotated certificate once its rotation passed, then drops the links now refused. */
  public void follow() {
    if (tlsOnNodeCertificate) {
      presentRotatedOnceScheduled();
    }
    transport.recheckPeers(check);
  }

  private void presentRotatedOnceScheduled() {
    Optional<NodeKeys> next;
    try {
      next = keys.pickUpNext();
    } catch (IOException | IllegalArgumentException e) {
      String problem = "the rotated key pair beside the node key cannot be used: " + e.getMessage();
      if (!problem.equals(lastProblem)) {
        LOG.warn(problem);
        lastProblem = problem;
      }
      return;
    }
    if (next.isEmpty() || transport.presented().equals(next.get().certificate())) {
      return;
    }
    NodeKeys n = next.get();
    for (ValidatorEntry v : currentAndScheduled.get()) {
      if (CertificateId.of(suite.hash(), Pem.parseCertificate(v.nodeCertificatePem())).equals(n.certificateId())) {
        LOG.info("the ledger holds the rotation of this node's certificate to {}: presenting it on every link",
            n.certificateId());
        transport.present(n.certificate(), n.privateKey());
        return;
      }
    }
  }
}
