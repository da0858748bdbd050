package org.medledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.core.block.CommitCertificateVerifier;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.governance.InvalidTransitionException;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.governance.ValidatorList;
import org.medledger.core.governance.ValidatorSetWalk;
import org.medledger.core.governance.ValidatorTransitionProof;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.merkle.MerkleHasher;
import org.medledger.crypto.merkle.MerkleVerifier;

/**
 * The last transaction-log head this client verified, and the rule that every new one only
 * extends it: each head comes from a header sealed by a quorum of the validators in force at its
 * height, and an RFC 9162 §2.1.4 consistency proof shows the old log is a prefix of the new one.
 * A node that rewrote or forked history is caught the first time the client looks. The validators
 * start as the genesis's; the tracker follows a change of the set only once it has walked the
 * change's proof from the sets it already trusts ({@link #learn}), so a head sealed by a new set
 * is refused until then. Keep {@link #current()} between runs (it is three numbers) and pass it
 * back to the constructor; the transitions are fetched again from the genesis.
 */
public final class LogHeadTracker {
  /** A verified head: the log's size and root, and the height of the header that carried them. */
  public record LogHead(long size, Hash root, long height) {
  }

  private final Genesis genesis;
  private final MerkleHasher merkle;
  private final CommitCertificateVerifier certificates;
  private LogHead current;
  private ValidatorSetWalk validators;

  public LogHeadTracker(Genesis genesis, LogHead lastVerified) {
    this.genesis = genesis;
    this.merkle = new MerkleHasher(genesis.cryptoSuite().hash());
    this.certificates = new CommitCertificateVerifier(genesis);
    this.validators = ValidatorSetWalk.fromGenesis(genesis, certificates);
    this.current = lastVerified;
  }

  public LogHeadTracker(Genesis genesis) {
    this(genesis, null);
  }

  public synchronized Optional<LogHead> current() {
    return Optional.ofNullable(current);
  }

  /** The validator sets followed so far: the genesis's first, then each proven change in height order. */
  public synchronized List<ValidatorHistory.Transition> validatorSets() {
    return validators.sets();
  }

  /**
   * Fetches the node's latest sealed header and checks it against the last verified head; on a
   * governed chain first fetches and walks the validator-set changes up to its height.
   */
  public Verification advance(MedLedgerClient node) {
    JsonNode latest = node.latestBlock();
    SignedHeader header = SignedHeader.decode(Hex.decode(latest.get("signedHeader").asText()));
    if (header.header().height() == 0) {
      return new Verification.Failed("certificate", "the node is at block 0, the genesis block, which no validator seals:"
          + " there is no sealed head to follow until the chain's first block");
    }
    if (genesis.governance().isPresent()) {
      Verification learned = learn(node.validatorTransitions(header.header().height()).get("validatorTransitions"));
      if (learned instanceof Verification.Failed f) {
        return f;
      }
    }
    return advance(header, node);
  }

  /**
   * Walks {@code transitions} (a receipt's or {@code GET /v1/governance/validator-transitions}'s
   * {@code validatorTransitions}: every change from the genesis on) and follows the sets they
   * prove. Each must be sealed by the set before it; a list that drops or alters a change this
   * tracker already follows is refused (a node showing another history), and nothing changes.
   */
  public synchronized Verification learn(JsonNode transitions) {
    List<ValidatorTransitionProof> proofs;
    ValidatorSetWalk walked;
    try {
      proofs = ReceiptVerifier.transitions(transitions);
      walked = ValidatorSetWalk.through(genesis, certificates, proofs);
    } catch (InvalidTransitionException e) {
      return new Verification.Failed("validatorTransitions", e.getMessage());
    } catch (IllegalArgumentException | NullPointerException | org.medledger.core.codec.DecodeException e) {
      return new Verification.Failed("format", "the validator-set transitions are malformed: " + e.getMessage());
    }
    List<ValidatorHistory.Transition> known = validators.sets();
    List<ValidatorHistory.Transition> now = walked.sets();
    for (int i = 0; i < known.size(); i++) {
      if (i >= now.size() || !sameSet(known.get(i), now.get(i))) {
        return new Verification.Failed("validatorTransitions", "the node's validator-set changes do not include the change to height "
            + known.get(i).effectiveAt() + " this client already follows: another history, or one cut short");
      }
    }
    validators = walked;
    return new Verification.Verified("following " + (now.size() - 1) + " validator-set change(s) from the genesis; the set in force"
        + " from height " + walked.lastEffectiveAt() + " has " + now.get(now.size() - 1).validators().size() + " validators");
  }

  private static boolean sameSet(ValidatorHistory.Transition a, ValidatorHistory.Transition b) {
    return a.effectiveAt() == b.effectiveAt()
        && java.util.Arrays.equals(ValidatorList.encode(a.validators()), ValidatorList.encode(b.validators()));
  }

  /** Checks {@code header} (from any source) and, when it holds, makes its log the verified head. */
  public synchronized Verification advance(SignedHeader header, MedLedgerClient node) {
    Hash blockHash = header.header().hash(genesis.cryptoSuite().hash());
    Optional<String> sealed = validators.problem(header.header(), blockHash, header.certificate());
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
