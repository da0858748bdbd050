package org.medledger.node.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medledger.core.block.Block;
import org.medledger.core.block.BlockHeader;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitSeal;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hex;
import org.medledger.crypto.HashFunction;
import org.medledger.node.ledger.CommittedTransaction;
import org.medledger.node.ledger.ConsistencyProof;
import org.medledger.node.ledger.InclusionProof;

/** JSON shapes of the API's answers (field order fixed for people reading them). */
final class Views {
  private Views() {}

  static Map<String, Object> header(BlockHeader h, HashFunction hash) {
    return org.medledger.core.receipt.ReceiptDocuments.header(h, hash);
  }

  static Map<String, Object> certificate(CommitCertificate c) {
    return org.medledger.core.receipt.ReceiptDocuments.certificate(c);
  }

  static Map<String, Object> block(Block b, HashFunction hash) {
    Map<String, Object> m = header(b.header(), hash);
    m.put("certificate", certificate(b.certificate()));
    List<String> ids = new ArrayList<>(b.transactions().size());
    for (Transaction t : b.transactions()) {
      ids.add(t.id(hash).hex());
    }
    m.put("txIds", ids);
    m.put("signedHeader", Hex.encode(b.signedHeader().encode()));
    return m;
  }

  static Map<String, Object> signedHeader(SignedHeader sh, HashFunction hash) {
    return org.medledger.core.receipt.ReceiptDocuments.signedHeader(sh, hash);
  }

  static Map<String, Object> outcome(TxOutcome o) {
    return org.medledger.core.receipt.ReceiptDocuments.outcome(o);
  }

  static Map<String, Object> transaction(CommittedTransaction ct, HashFunction hash) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("txId", ct.transaction().id(hash).hex());
    m.put("height", ct.height());
    m.put("index", ct.index());
    m.put("leafIndex", ct.leafIndex());
    m.putAll(org.medledger.core.receipt.ReceiptDocuments.transaction(ct.transaction(), hash));
    m.put("outcome", outcome(ct.outcome()));
    return m;
  }

  /** The inclusion proof, with the validator-set transitions up to its header (none: the old shape). */
  static Map<String, Object> inclusion(InclusionProof p, HashFunction hash,
      List<org.medledger.core.governance.ValidatorTransitionProof> transitions) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("txId", Hex.encode(p.txId()));
    m.put("hashAlgorithm", hash.algorithm());
    m.put("leafIndex", p.leafIndex());
    m.put("treeSize", p.treeSize());
    m.put("leafHash", Hex.encode(p.leafHash()));
    m.put("auditPath", hexList(p.auditPath()));
    m.put("rootHash", Hex.encode(p.rootHash()));
    m.put("logEntry", Hex.encode(p.logEntry()));
    m.put("signedHeader", signedHeader(p.header(), hash));
    return org.medledger.core.receipt.ReceiptDocuments.withTransitions(m, transitions, hash);
  }

  static Map<String, Object> consistency(ConsistencyProof p, HashFunction hash) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hashAlgorithm", hash.algorithm());
    m.put("from", p.from());
    m.put("to", p.to());
    m.put("fromRoot", Hex.encode(p.fromRoot()));
    m.put("toRoot", Hex.encode(p.toRoot()));
    m.put("path", hexList(p.path()));
    return m;
  }

  static List<String> hexList(List<byte[]> l) {
    List<String> out = new ArrayList<>(l.size());
    for (byte[] b : l) {
      out.add(Hex.encode(b));
    }
    return out;
  }
}
