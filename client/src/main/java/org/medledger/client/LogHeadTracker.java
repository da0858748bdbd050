package org.medledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.core.block.CommitCertificateVerifier;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.genesis.Genesis;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.merkle.MerkleHasher;
import org.medledger.crypto.merkle.MerkleVerifier;

/**
 * The last transaction-log head this client verified, and the rule that every new one only
 * extends it: each head comes from a header sealed by a quorum of genesis validators, and an RFC
 * 9162 §2.1.4 consistency proof shows the old log is a prefix of the new one. A node that rewrote
 * or forked history is caught the first time the client looks. Keep {@link #current()} between
 * runs (it is three numbers) and pass it back to the constructor.
 */
public final class LogHeadTracker {
  /** A verified head: the log's size and root, and the height of the header that carried them. */
  public record LogHead(long size, Hash root, long height) {
  }

  private final Genesis genesis;
  private final MerkleHasher merkle;
  private final CommitCertificateVerifier certificates;
  private LogHead current;

  public LogHeadTracker(Genesis genesis, LogHead lastVerified) {
    this.genesis = genesis;
    this.merkle = new MerkleHasher(genesis.cryptoSuite().hash());
    this.certificates = new CommitCertificateVerifier(genesis);
    this.current = lastVerified;
  }

  public LogHeadTracker(Genesis genesis) {
    this(genesis, null);
  }

  public synchronized Optional<LogHead> current() {
    return Optional.ofNullable(current);
  }

  /** Fetches the node's latest sealed header and checks it against the last verified head. */
  public Verification advance(MedLedgerClient node) {
    JsonNode latest = node.latestBlock();
    return advance(SignedHeader.decode(Hex.decode(latest.get("signedHeader").asText())), node);
  }

  /** Checks {@code header} (from any source) and, when it holds, makes its log the verified head. */
  public synchronized Verification advance(SignedHeader header, MedLedgerClient node) {
    Hash blockHash = header.header().hash(genesis.cryptoSuite().hash());
    Optional<String> sealed = certificates.problem(header.header(), blockHash, header.certificate());
    if (sealed.isPresent()) {
      return new Verification.Failed("certificate", sealed.get());
    }
    long size = header.header().logSize();
    Hash root = header.header().logRoot();
    if (current != null) {
      if (size < current.size()) {
        return new Verification.Failed("consistency", "the log shrank from " + current.size() + " to " + size + " transactions");
      }
      if (size == current.size() && !root.equals(current.root())) {
        return new Verification.Failed("consistency", "a different log of the same size " + size + " (a fork or a rewrite)");
      }
      if (size > current.size()) {
        JsonNode p = node.consistencyProof(current.size(), size);
        List<byte[]> path = new ArrayList<>();
        p.get("path").forEach(n -> path.add(Hex.decode(n.asText())));
        if (!new MerkleVerifier(merkle).verifyConsistency(current.size(), size, current.root().unsafeBytes(), root.unsafeBytes(), path)) {
          return new Verification.Failed("consistency", "the node's consistency proof does not show the log of " + current.size()
              + " (root " + current.root() + ") as a prefix of the sealed log of " + size);
        }
      }
    }
    LogHead before = current;
    current = new LogHead(size, root, header.header().height());
    return new Verification.Verified("log head " + size + " at height " + header.header().height()
        + (before == null ? " (first head)" : " extends the verified head " + before.size()));
  }
}
