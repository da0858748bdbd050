package org.medledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.medledger.core.block.BlockHeader;
import org.medledger.core.block.CommitCertificateVerifier;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.governance.InvalidTransitionException;
import org.medledger.core.governance.ValidatorSetWalk;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.merkle.MerkleHasher;
import org.medledger.crypto.merkle.MerkleVerifier;
import org.medledger.crypto.merkle.ProofException;

/**
 * Checks a transaction's inclusion proof (as `GET /v1/proofs/inclusion/{txId}` returns it) with
 * nothing but the genesis, trusting no node: the leaf is the transaction's log entry (its id and
 * outcome), the RFC 9162 audit
 * path leads to the root, that root is the log root of the enclosed signed header, and the header
 * carries valid seals from a quorum of the validators in force at its height (the genesis's, or
 * those the proof's {@code validatorTransitions} lead to from it, ValidatorSetWalk).
 */
public final class InclusionProofVerifier {
  private final Genesis genesis;
  private final MerkleHasher merkle;
  private final CommitCertificateVerifier certificates;

  public InclusionProofVerifier(Genesis genesis) {
    this.genesis = genesis;
    this.merkle = new MerkleHasher(genesis.cryptoSuite().hash());
    this.certificates = new CommitCertificateVerifier(genesis);
  }

  public Verification verify(JsonNode proof) {
    try {
      return check(proof);
    } catch (IllegalArgumentException | NullPointerException | org.medledger.core.codec.DecodeException e) {
      // Whatever the bytes, the answer is "does not verify", naming why; nothing escapes.
      return new Verification.Failed("format", "the proof document is malformed: " + e.getMessage());
    }
  }

  private Verification check(JsonNode p) {
    String algorithm = text(p, "hashAlgorithm");
    if (!algorithm.equals(merkle.hashFunction().algorithm())) {
      return new Verification.Failed("hashAlgorithm", "proof uses " + algorithm + " but the genesis suite hashes with " + merkle.hashFunction().algorithm());
    }
    byte[] txId = Hex.decode(text(p, "txId"));
    long leafIndex = p.get("leafIndex").asLong();
    long treeSize = p.get("treeSize").asLong();
    byte[] leafHash = Hex.decode(text(p, "leafHash"));
    byte[] root = Hex.decode(text(p, "rootHash"));
    List<byte[]> path = new ArrayList<>();
    p.get("auditPath").forEach(n -> path.add(Hex.decode(n.asText())));

    byte[] entry = Hex.decode(text(p, "logEntry"));
    TxOutcome outcome;
    try {
      outcome = TxOutcome.fromLogEntry(entry);
    } catch (org.medledger.core.codec.DecodeException e) {
      return new Verification.Failed("logEntry", "logEntry is not a transaction id and outcome: " + e.getMessage());
    }
    if (!Arrays.equals(outcome.txId().unsafeBytes(), txId)) {
      return new Verification.Failed("logEntry", "logEntry is another transaction's");
    }
    if (!Arrays.equals(merkle.leafHash(entry), leafHash)) {
      return new Verification.Failed("leafHash", "leafHash is not H(0x00 || logEntry)");
    }
    byte[] computed;
    try {
      computed = new MerkleVerifier(merkle).rootFromInclusionProof(leafIndex, treeSize, leafHash, path);
    } catch (ProofException e) {
      return new Verification.Failed("auditPath", e.getMessage());
    }
    if (!Arrays.equals(computed, root)) {
      return new Verification.Failed("auditPath", "the audit path leads to " + Hex.encode(computed) + ", not to rootHash");
    }
    SignedHeader sh = SignedHeader.decode(Hex.decode(text(p.get("signedHeader"), "encoded")));
    BlockHeader h = sh.header();
    if (!Arrays.equals(h.logRoot().unsafeBytes(), root) || h.logSize() != treeSize) {
      return new Verification.Failed("header", "the signed header's log (size " + h.logSize() + ") does not match rootHash and treeSize " + treeSize);
    }
    Hash blockHash = h.hash(genesis.cryptoSuite().hash());
    ValidatorSetWalk walk;
    try {
      walk = ValidatorSetWalk.through(genesis, certificates, ReceiptVerifier.transitions(p.get("validatorTransitions")));
    } catch (InvalidTransitionException e) {
      return new Verification.Failed("validatorTransitions", e.getMessage());
    }
    if (walk.lastEffectiveAt() > h.height()) {
      return new Verification.Failed("validatorTransitions", "the validator-set change to height " + walk.lastEffectiveAt()
          + " lies past the proof's block " + h.height());
    }
    Optional<String> problem = walk.problem(h, blockHash, sh.certificate());
    if (problem.isPresent()) {
      return new Verification.Failed("certificate", problem.get());
    }
    return new Verification.Verified("transaction " + Hex.encode(txId) + " ("
        + (outcome.success() ? "succeeded" : "failed: " + outcome.code()) + ") is leaf " + leafIndex + " of the log of " + treeSize
        + " transactions committed by block " + h.height() + " (" + blockHash + "), sealed by " + sh.certificate().seals().size()
        + " of " + walk.validatorsAt(h.height()) + " validators");
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing '" + field + "'");
    }
    return v.asText();
  }
}
