package org.medledger.core.receipt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medledger.core.block.BlockHeader;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitSeal;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.governance.ValidatorTransitionProof;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.Hex;
import org.medledger.crypto.merkle.MerkleHasher;
import org.medledger.crypto.smt.StateProof;

/**
 * The receipt documents of {@code docs/receipts.md} as ordered maps for a JSON writer. A node
 * renders a receipt from its ledger; a verifier renders it again from the receipt's signed and
 * hashed contents alone and requires the two to be identical, so no field can be altered, added
 * or dropped without the check failing.
 */
public final class ReceiptDocuments {
  private ReceiptDocuments() {
  }

  public static Map<String, Object> header(BlockHeader h, HashFunction hash) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("height", h.height());
    m.put("hash", h.hash(hash).hex());
    m.put("chainId", h.chainId());
    m.put("previousHash", h.previousHash().hex());
    m.put("txRoot", h.txRoot().hex());
    m.put("txCount", h.txCount());
    m.put("stateRoot", h.stateRoot().hex());
    m.put("logRoot", h.logRoot().hex());
    m.put("logSize", h.logSize());
    m.put("timestamp", h.timestamp());
    m.put("proposer", h.proposer().hex());
    return m;
  }

  public static Map<String, Object> certificate(CommitCertificate c) {
    List<Map<String, Object>> seals = new ArrayList<>();
    for (CommitSeal s : c.seals()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("validator", s.validator().hex());
      m.put("signature", Hex.encode(s.signature()));
      seals.add(m);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("round", c.round());
    m.put("seals", seals);
    return m;
  }

  public static Map<String, Object> signedHeader(SignedHeader sh, HashFunction hash) {
    Map<String, Object> m = header(sh.header(), hash);
    m.put("certificate", certificate(sh.certificate()));
    m.put("encoded", Hex.encode(sh.encode()));
    return m;
  }

  /** A transaction's own fields, all from its signed encoding. */
  public static Map<String, Object> transaction(Transaction t, HashFunction hash) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("txId", t.id(hash).hex());
    m.put("suite", t.suite());
    m.put("chainId", t.chainId());
    m.put("sender", t.sender().hex());
    m.put("nonce", Long.toUnsignedString(t.nonce()));
    m.put("timestamp", t.timestamp());
    m.put("contract", t.contract());
    m.put("method", t.method());
    m.put("args", t.args().asMap());
    m.put("signature", Hex.encode(t.signature()));
    m.put("encoded", Hex.encode(t.encoded()));
    return m;
  }

  public static Map<String, Object> outcome(TxOutcome o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("success", o.success());
    m.put("code", o.code());
    if (!o.message().isEmpty()) {
      m.put("message", o.message());
    }
    return m;
  }

  /** A key's value or absence and its path in the state tree (without the header). */
  public static Map<String, Object> stateFact(StateProof p, HashFunction hash) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", Hex.encode(p.key()));
    m.put("keyHash", Hex.encode(hash.hash(p.key())));
    m.put("present", p.present());
    m.put("value", p.present() ? Hex.encode(p.value()) : null);
    List<String> siblings = new ArrayList<>(p.siblings().size());
    for (Hash s : p.siblings()) {
      siblings.add(s.hex());
    }
    m.put("siblings", siblings);
    if (p.otherLeaf() == null) {
      m.put("otherLeaf", null);
    } else {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("keyHash", p.otherLeaf().keyHash().hex());
      o.put("valueHash", p.otherLeaf().valueHash().hex());
      m.put("otherLeaf", o);
    }
    return m;
  }

  /**
   * A transaction's receipt: the RFC 9162 inclusion fields at the top level (any RFC 9162
   * implementation can check them), the log entry they are the leaf of (transaction id ‖ outcome),
   * the transaction, the sender's certificate (DER; null when the node knows none) that its
   * signature is checked with ({@link SenderSignature}), its outcome, and the signed header the
   * path leads to.
   */
  public static Map<String, Object> transactionReceipt(Transaction tx, long leafIndex, long treeSize,
      List<byte[]> auditPath, TxOutcome outcome, SignedHeader sh, HashFunction hash, byte[] senderCertificate) {
    return transactionReceipt(tx, leafIndex, treeSize, auditPath, outcome, sh, hash, senderCertificate, List.of());
  }

  /**
   * Like the receipt above, carrying the validator-set transitions in force at or before its
   * header's height ({@link #withTransitions}); with none it is the same document, byte for byte.
   */
  public static Map<String, Object> transactionReceipt(Transaction tx, long leafIndex, long treeSize,
      List<byte[]> auditPath, TxOutcome outcome, SignedHeader sh, HashFunction hash, byte[] senderCertificate,
      List<ValidatorTransitionProof> transitions) {
    return transactionReceipt(tx, leafIndex, treeSize, auditPath, outcome, sh, hash, senderCertificate, null, transitions);
  }

  /**
   * Like the receipt above, carrying {@code senderMembership} (when not null): the state receipt
   * of the member organisations the ledger held after the block that includes the transaction,
   * for a sender whose certificate no genesis CA vouches for (docs/format.md, "Sender
   * membership"). Without it the document is the same, byte for byte.
   */
  public static Map<String, Object> transactionReceipt(Transaction tx, long leafIndex, long treeSize,
      List<byte[]> auditPath, TxOutcome outcome, SignedHeader sh, HashFunction hash, byte[] senderCertificate,
      SenderMembership senderMembership, List<ValidatorTransitionProof> transitions) {
    byte[] entry = outcome.logEntry();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "transaction");
    m.put("txId", tx.id(hash).hex());
    m.put("hashAlgorithm", hash.algorithm());
    m.put("leafIndex", leafIndex);
    m.put("treeSize", treeSize);
    m.put("leafHash", Hex.encode(new MerkleHasher(hash).leafHash(entry)));
    List<String> path = new ArrayList<>(auditPath.size());
    for (byte[] p : auditPath) {
      path.add(Hex.encode(p));
    }
    m.put("auditPath", path);
    m.put("rootHash", sh.header().logRoot().hex());
    m.put("logEntry", Hex.encode(entry));
    m.put("transaction", transaction(tx, hash));
    m.put("senderCertificate", senderCertificate == null ? null : Hex.encode(senderCertificate));
    if (senderMembership != null) {
      m.put("senderMembership", stateReceipt(senderMembership.proof(), senderMembership.header(), hash));
    }
    m.put("outcome", outcome(outcome));
    m.put("signedHeader", signedHeader(sh, hash));
    return withTransitions(m, transitions, hash);
  }

  /** A state fact's receipt: the key's value or absence after block {@code height}. */
  public static Map<String, Object> stateReceipt(StateProof p, SignedHeader sh, HashFunction hash) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "state");
    m.put("hashAlgorithm", hash.algorithm());
    m.put("height", sh.header().height());
    m.putAll(stateFact(p, hash));
    m.put("stateRoot", sh.header().stateRoot().hex());
    m.put("signedHeader", signedHeader(sh, hash));
    return m;
  }

  /** Like the receipt above, carrying the validator-set transitions ({@link #withTransitions}). */
  public static Map<String, Object> stateReceipt(StateProof p, SignedHeader sh, HashFunction hash,
      List<ValidatorTransitionProof> transitions) {
    return withTransitions(stateReceipt(p, sh, hash), transitions, hash);
  }

  /**
   * One validator-set transition (docs/format.md, "Validator-set transitions"): the height the set
   * takes effect at and the state receipt of its key under block {@code effectiveAt − 1}.
   */
  public static Map<String, Object> validatorTransition(ValidatorTransitionProof t, HashFunction hash) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("effectiveAt", t.effectiveAt());
    m.put("stateReceipt", stateReceipt(t.proof(), t.header(), hash));
    return m;
  }

  /**
   * Adds {@code validatorTransitions} (the changes from the genesis's set to the one that sealed
   * the receipt, in height order) when there is any: a receipt of a chain whose set never changed,
   * or of a block before the first change, keeps the exact shape receipts always had.
   */
  public static Map<String, Object> withTransitions(Map<String, Object> receipt, List<ValidatorTransitionProof> transitions,
      HashFunction hash) {
    if (!transitions.isEmpty()) {
      List<Map<String, Object>> list = new ArrayList<>(transitions.size());
      for (ValidatorTransitionProof t : transitions) {
        list.add(validatorTransition(t, hash));
      }
      receipt.put("validatorTransitions", list);
    }
    return receipt;
  }
}
