package org.medledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medledger.core.block.BlockHeader;
import org.medledger.core.block.CommitCertificateVerifier;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.governance.InvalidTransitionException;
import org.medledger.core.governance.ValidatorSetWalk;
import org.medledger.core.governance.ValidatorTransitionProof;
import org.medledger.core.receipt.ReceiptDocuments;
import org.medledger.core.receipt.SenderMembership;
import org.medledger.core.receipt.SenderSignature;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.Hex;
import org.medledger.crypto.merkle.MerkleHasher;
import org.medledger.crypto.merkle.MerkleVerifier;
import org.medledger.crypto.merkle.ProofException;
import org.medledger.crypto.smt.StateProof;

/**
 * Checks a receipt (docs/receipts.md) with nothing but the genesis, trusting no node: its proofs
 * lead to the roots of the enclosed header, the header carries seals from a quorum of the
 * validators in force at its height (the genesis's, or those the receipt's proven validator-set
 * transitions lead to from the genesis, ValidatorSetWalk), a transaction's signature verifies with its sender's certificate (which the receipt
 * carries and which must chain to a genesis CA, or to a CA of the member organisations the
 * receipt proves under its own sealed state root), and every field of the document is what its signed and hashed contents say (the
 * receipt is rendered again from them and must be identical), so a receipt altered in any byte
 * fails and the failure names the check.
 */
public final class ReceiptVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Genesis genesis;
  private final HashFunction hash;
  private final MerkleHasher merkle;
  private final CommitCertificateVerifier certificates;
  private final SenderSignature senders;

  public ReceiptVerifier(Genesis genesis) {
    this.genesis = genesis;
    this.hash = genesis.cryptoSuite().hash();
    this.merkle = new MerkleHasher(hash);
    this.certificates = new CommitCertificateVerifier(genesis);
    this.senders = new SenderSignature(genesis);
  }

  public Verification verify(JsonNode receipt) {
    try {
      String kind = receipt.path("kind").asText("");
      return switch (kind) {
        case "transaction" -> transaction(receipt);
        case "state" -> state(receipt);
        default -> new Verification.Failed("kind", "receipt kind '" + kind + "' is not 'transaction' or 'state'");
      };
    } catch (IllegalArgumentException | NullPointerException | org.medledger.core.codec.DecodeException e) {
      return new Verification.Failed("format", "the receipt is malformed: " + e.getMessage());
    }
  }

  private Verification transaction(JsonNode r) {
    Optional<Verification.Failed> algorithm = algorithm(r);
    if (algorithm.isPresent()) {
      return algorithm.get();
    }
    Transaction tx = Transaction.decode(Hex.decode(text(r.get("transaction"), "encoded")));
    Hash txId = tx.id(hash);
    long leafIndex = number(r, "leafIndex");
    long treeSize = number(r, "treeSize");
    TxOutcome outcome = outcome(txId, r.get("outcome"));
    byte[] leafHash = merkle.leafHash(outcome.logEntry());
    List<byte[]> path = hexList(r, "auditPath");
    byte[] root;
    try {
      root = new MerkleVerifier(merkle).rootFromInclusionProof(leafIndex, treeSize, leafHash, path);
    } catch (ProofException e) {
      return new Verification.Failed("auditPath", e.getMessage());
    }
    SignedHeader sh = SignedHeader.decode(Hex.decode(text(r.get("signedHeader"), "encoded")));
    BlockHeader h = sh.header();
    if (!Arrays.equals(h.logRoot().unsafeBytes(), root) || h.logSize() != treeSize) {
      return new Verification.Failed("auditPath", "the audit path of leaf " + leafIndex + " in a log of " + treeSize
          + " leads to " + Hex.encode(root) + ", not to the header's log root (log size " + h.logSize()
          + "): the transaction, its outcome or the path is not what the log holds");
    }
    Walked walked = walk(r, h);
    if (walked.failed() != null) {
      return walked.failed();
    }
    Optional<Verification.Failed> sealed = certificate(sh, walked.walk());
    if (sealed.isPresent()) {
      return sealed.get();
    }
    JsonNode c = r.get("senderCertificate");
    byte[] senderCertificate = c == null || c.isNull() ? null : Hex.decode(c.asText());
    SenderMembership senderMembership = null;
    JsonNode m = r.get("senderMembership");
    if (m != null) {
      if (!m.isObject()) {
        throw new IllegalArgumentException("'senderMembership' must be a state receipt");
      }
      senderMembership = new SenderMembership(SignedHeader.decode(Hex.decode(text(m.get("signedHeader"), "encoded"))),
          stateProof(m));
      Optional<Verification.Failed> unsound = membershipHeader(senderMembership.header(), h, leafIndex, walked.walk());
      if (unsound.isPresent()) {
        return unsound.get();
      }
    }
    Optional<String> unsigned = senders.problem(tx, senderCertificate, senderMembership);
    if (unsigned.isPresent()) {
      return new Verification.Failed("signature", unsigned.get());
    }
    Map<String, Object> expected = ReceiptDocuments.transactionReceipt(tx, leafIndex, treeSize, path, outcome, sh, hash,
        senderCertificate, senderMembership, walked.transitions());
    Optional<Verification.Failed> same = identical(expected, r);
    if (same.isPresent()) {
      return same.get();
    }
    return new Verification.Verified("transaction " + txId + " (" + tx.contract() + "." + tx.method() + ", "
        + (outcome.success() ? "succeeded" : "failed: " + outcome.code()) + ") is leaf " + leafIndex + " of the log of "
        + treeSize + " transactions under block " + h.height() + " (" + h.hash(hash) + "), " + sealedBy(sh, walked.walk()));
  }

  private Verification state(JsonNode r) {
    Optional<Verification.Failed> algorithm = algorithm(r);
    if (algorithm.isPresent()) {
      return algorithm.get();
    }
    StateProof proof = stateProof(r);
    if (org.medledger.core.runtime.SystemKeys.isSystemKey(proof.key())) {
      // The ledger's 'sys' records (spent nonces) are not in the state tree (docs/format.md, "State"):
      // an absence proof for one is always to be had, so it would "prove" a used nonce unused.
      return new Verification.Failed("stateProof", "key " + Hex.encode(proof.key()) + " is in the ledger's own 'sys' namespace,"
          + " which the state tree does not hold: a state receipt proves nothing about it (a transaction receipt proves its record)");
    }
    SignedHeader sh = SignedHeader.decode(Hex.decode(text(r.get("signedHeader"), "encoded")));
    BlockHeader h = sh.header();
    Optional<String> problem = proof.problem(hash, h.stateRoot());
    if (problem.isPresent()) {
      return new Verification.Failed("stateProof", problem.get());
    }
    Walked walked = walk(r, h);
    if (walked.failed() != null) {
      return walked.failed();
    }
    Optional<Verification.Failed> sealed = certificate(sh, walked.walk());
    if (sealed.isPresent()) {
      return sealed.get();
    }
    Optional<Verification.Failed> same = identical(ReceiptDocuments.stateReceipt(proof, sh, hash, walked.transitions()), r);
    if (same.isPresent()) {
      return same.get();
    }
    return new Verification.Verified("state key " + Hex.encode(proof.key()) + (proof.present()
        ? " held a value of " + proof.value().length + " bytes" : " was absent") + " after block " + h.height()
        + " (" + h.hash(hash) + "), " + sealedBy(sh, walked.walk()));
  }

  private Optional<Verification.Failed> algorithm(JsonNode r) {
    String algorithm = text(r, "hashAlgorithm");
    if (!algorithm.equals(hash.algorithm())) {
      return Optional.of(new Verification.Failed("hashAlgorithm",
          "receipt uses " + algorithm + " but the genesis suite hashes with " + hash.algorithm()));
    }
    return Optional.empty();
  }

  private Optional<Verification.Failed> certificate(SignedHeader sh, ValidatorSetWalk walk) {
    Hash blockHash = sh.header().hash(hash);
    return walk.problem(sh.header(), blockHash, sh.certificate())
        .map(p -> new Verification.Failed("certificate", p));
  }

  /**
   * The block {@code senderMembership} is proven under must be the one that includes the
   * transaction, at or before the receipt's own block, and sealed by the set the walk holds in
   * force at its height (docs/format.md, "Sender membership").
   */
  private Optional<Verification.Failed> membershipHeader(SignedHeader membership, BlockHeader receipt, long leafIndex,
      ValidatorSetWalk walk) {
    BlockHeader b = membership.header();
    if (b.height() > receipt.height()) {
      return Optional.of(new Verification.Failed("senderMembership", "it is proven under block " + b.height()
          + ", past the receipt's block " + receipt.height()));
    }
    // Every transaction of a block is one leaf of the log, so block B appended exactly the leaves
    // [logSize − txCount, logSize): the transaction's leaf among them makes B its block.
    if (leafIndex >= b.logSize() || leafIndex < b.logSize() - b.txCount()) {
      return Optional.of(new Verification.Failed("senderMembership", "it is proven under block " + b.height()
          + ", which appended leaves " + (b.logSize() - b.txCount()) + " to " + (b.logSize() - 1) + " of the log, not the"
          + " transaction's leaf " + leafIndex + ": it must be the block that includes the transaction"));
    }
    return walk.problem(b, b.hash(hash), membership.certificate())
        .map(p -> new Verification.Failed("senderMembership", "block " + b.height() + " is not sealed by the validators in force then: " + p));
  }

  private static String sealedBy(SignedHeader sh, ValidatorSetWalk walk) {
    long height = sh.header().height();
    long from = walk.inForceAt(height).effectiveAt();
    return "sealed by " + sh.certificate().seals().size() + " of " + walk.validatorsAt(height) + " validators"
        + (from == 1 ? "" : " (the set in force from height " + from + ", reached from the genesis through "
        + (walk.sets().size() - 1) + " proven validator-set change" + (walk.sets().size() == 2 ? "" : "s") + ")");
  }

  /** The receipt's validator-set transitions walked from the genesis, or the check that failed. */
  private record Walked(List<ValidatorTransitionProof> transitions, ValidatorSetWalk walk, Verification.Failed failed) {}

  private Walked walk(JsonNode r, BlockHeader h) {
    List<ValidatorTransitionProof> transitions = transitions(r.get("validatorTransitions"));
    ValidatorSetWalk walk;
    try {
      walk = ValidatorSetWalk.through(genesis, certificates, transitions);
    } catch (InvalidTransitionException e) {
      return new Walked(transitions, null, new Verification.Failed("validatorTransitions", e.getMessage()));
    }
    if (walk.lastEffectiveAt() > h.height()) {
      return new Walked(transitions, walk, new Verification.Failed("validatorTransitions", "the validator-set change to height "
          + walk.lastEffectiveAt() + " lies past the receipt's block " + h.height() + ": a receipt carries only those in force by then"));
    }
    return new Walked(transitions, walk, null);
  }

  /** {@code validatorTransitions} as the receipt states them (absent: none); the walk then checks each. */
  static List<ValidatorTransitionProof> transitions(JsonNode list) {
    if (list == null) {
      return List.of();
    }
    if (!list.isArray() || list.size() > ValidatorSetWalk.MAX_TRANSITIONS) {
      throw new IllegalArgumentException("'validatorTransitions' must be a list of at most " + ValidatorSetWalk.MAX_TRANSITIONS);
    }
    List<ValidatorTransitionProof> out = new ArrayList<>();
    for (JsonNode t : list) {
      JsonNode receipt = t.get("stateReceipt");
      if (receipt == null || !receipt.isObject()) {
        throw new IllegalArgumentException("a validator-set transition without its 'stateReceipt'");
      }
      out.add(new ValidatorTransitionProof(number(t, "effectiveAt"),
          SignedHeader.decode(Hex.decode(text(receipt.get("signedHeader"), "encoded"))), stateProof(receipt)));
    }
    return out;
  }

  /** Every field must be exactly what the verified contents render to. */
  private static Optional<Verification.Failed> identical(Map<String, Object> expected, JsonNode actual) {
    JsonNode want;
    try {
      want = JSON.readTree(JSON.writeValueAsBytes(expected));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    if (want.equals(actual)) {
      return Optional.empty();
    }
    return Optional.of(new Verification.Failed("document", "field '" + firstDifference(want, actual, "")
        + "' is not what the receipt's signed contents say"));
  }

  private static String firstDifference(JsonNode want, JsonNode actual, String at) {
    if (want.isObject() && actual != null && actual.isObject()) {
      for (Iterator<String> it = want.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!want.get(f).equals(actual.get(f))) {
          return firstDifference(want.get(f), actual.get(f), at.isEmpty() ? f : at + "." + f);
        }
      }
      for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!want.has(f)) {
          return at.isEmpty() ? f : at + "." + f;
        }
      }
    }
    if (want.isArray() && actual != null && actual.isArray() && want.size() == actual.size()) {
      for (int i = 0; i < want.size(); i++) {
        if (!want.get(i).equals(actual.get(i))) {
          return firstDifference(want.get(i), actual.get(i), at + "[" + i + "]");
        }
      }
    }
    return at;
  }

  /** The outcome as the receipt states it; the audit path then shows whether the log holds it. */
  private static TxOutcome outcome(Hash txId, JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("missing 'outcome'");
    }
    JsonNode success = n.get("success");
    if (success == null || !success.isBoolean()) {
      throw new IllegalArgumentException("missing 'outcome.success' (true or false)");
    }
    JsonNode message = n.get("message");
    return new TxOutcome(txId, success.asBoolean(), text(n, "code"),
        message == null ? "" : message.asText(), List.of());
  }

  static StateProof stateProof(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("missing state proof");
    }
    byte[] key = Hex.decode(text(n, "key"));
    JsonNode v = n.get("value");
    byte[] value = v == null || v.isNull() ? null : Hex.decode(v.asText());
    List<Hash> siblings = new ArrayList<>();
    for (byte[] s : hexList(n, "siblings")) {
      siblings.add(Hash.of(s));
    }
    JsonNode o = n.get("otherLeaf");
    StateProof.OtherLeaf other = o == null || o.isNull() ? null
        : new StateProof.OtherLeaf(Hash.fromHex(text(o, "keyHash")), Hash.fromHex(text(o, "valueHash")));
    return new StateProof(key, value, siblings, other);
  }

  private static List<byte[]> hexList(JsonNode n, String field) {
    JsonNode a = n.get(field);
    if (a == null || !a.isArray()) {
      throw new IllegalArgumentException("missing '" + field + "' (a list of hex hashes)");
    }
    List<byte[]> out = new ArrayList<>();
    a.forEach(x -> out.add(Hex.decode(x.asText())));
    return out;
  }

  private static long number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong()) {
      throw new IllegalArgumentException("missing '" + field + "' (a whole number)");
    }
    return v.asLong();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing '" + field + "'");
    }
    return v.asText();
  }
}
