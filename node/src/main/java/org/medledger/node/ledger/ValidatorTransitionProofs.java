package org.medledger.node.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.governance.ValidatorTransitionProof;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.state.StateCommitment;
import org.medledger.crypto.Hash;
import org.medledger.crypto.smt.NodeKey;
import org.medledger.crypto.smt.StateProof;
import org.medledger.crypto.smt.TreeNode;
import org.medledger.crypto.smt.TreeNodeReader;
import org.medledger.crypto.smt.TreeUpdate;
import org.medledger.storage.LedgerStore;

/**
 * The validator-set transitions a receipt for a block carries, proven from this ledger: for each
 * change in force at or before the block's height, the set recorded for its height proven under
 * the state root of the block before it, with that block's signed header (docs/format.md,
 * "Validator-set transitions"). The proof is made when that block is committed and kept with it
 * in the same atomic write ({@link #keep}), so a node that prunes old state (state retention)
 * still serves it; a chain committed before proofs were kept has them made from the state tree,
 * while the node still holds that height (StatePrunedException otherwise).
 */
final class ValidatorTransitionProofs {
  private static final String META_PREFIX = "validator-transition.";
  private static final String MAGIC = "medledger/state-proof/v1";
  private static final int MAX_SIBLINGS = 256;

  private final Genesis genesis;
  private final LedgerStore store;
  /** Looked up by height only, never iterated. */
  private final ConcurrentMap<Long, ValidatorTransitionProof> proven = new ConcurrentHashMap<>();

  ValidatorTransitionProofs(Genesis genesis, LedgerStore store) {
    this.genesis = genesis;
    this.store = store;
  }

  /** The changes taking effect at heights 2 to {@code height}, in height order; none on a chain without governance. */
  List<ValidatorTransitionProof> upTo(Ledger ledger, long height) {
    if (genesis.governance().isEmpty()) {
      return List.of();
    }
    List<ValidatorTransitionProof> out = new ArrayList<>();
    for (ValidatorHistory.Transition t : ValidatorHistory.transitions(genesis, ledger.state())) {
      if (t.effectiveAt() > 1 && t.effectiveAt() <= height) {
        out.add(proven.computeIfAbsent(t.effectiveAt(), e -> prove(ledger, e)));
      }
    }
    return out;
  }

  /**
   * At the commit of block {@code height}: when a set takes effect at the next height, adds its
   * proof under this block's new state tree to the block's {@code meta} values. The set recorded
   * for height + 1 is final now (only a change passing by this block can take effect then).
   */
  void keep(long height, StateReader written, StateReader committed, TreeUpdate tree, TreeNodeReader stored,
      StateCommitment commitment, Map<String, byte[]> meta) {
    if (genesis.governance().isEmpty()) {
      return;
    }
    byte[] key = ValidatorHistory.stateKey(height + 1);
    if (written.get(key) == null && committed.get(key) == null) {
      return;
    }
    Map<NodeKey, TreeNode> fresh = new TreeMap<>();
    tree.newNodes().forEach(n -> fresh.put(n.key(), n.node()));
    TreeNodeReader reader = k -> {
      TreeNode n = fresh.get(k);
      return n != null ? Optional.of(n) : stored.node(k);
    };
    meta.put(META_PREFIX + (height + 1), encode(commitment.prove(reader, tree.root(), key)));
  }

  private ValidatorTransitionProof prove(Ledger ledger, long effectiveAt) {
    long before = effectiveAt - 1;
    SignedHeader header = ledger.signedHeader(before).orElseThrow(
        () -> new LedgerCorruptedException(before, "header missing below a recorded validator-set change"));
    Optional<byte[]> kept = store.meta(META_PREFIX + effectiveAt);
    StateProof proof;
    if (kept.isPresent()) {
      try {
        proof = decode(kept.get());
      } catch (DecodeException | IllegalArgumentException e) {
        throw new LedgerCorruptedException(before, "the kept proof of the validator set for height " + effectiveAt + ": "
            + e.getMessage());
      }
    } else {
      proof = ledger.stateProof(ValidatorHistory.stateKey(effectiveAt), before).orElseThrow(
          () -> new LedgerCorruptedException(before, "no state below a recorded validator-set change"));
    }
    if (!proof.present() || proof.problem(ledger.hashFunction(), header.header().stateRoot()).isPresent()) {
      throw new LedgerCorruptedException(before, "the validator set recorded for height " + effectiveAt
          + " is not proven in the state of the block before it");
    }
    return new ValidatorTransitionProof(effectiveAt, header, proof);
  }

  static byte[] encode(StateProof p) {
    CanonicalWriter w = new CanonicalWriter(1024).string(MAGIC).bytes(p.key()).bool(p.present());
    if (p.present()) {
      w.bytes(p.value());
    }
    w.u32(p.siblings().size());
    for (Hash s : p.siblings()) {
      w.fixed(s.unsafeBytes(), Hash.LENGTH);
    }
    w.bool(p.otherLeaf() != null);
    if (p.otherLeaf() != null) {
      w.fixed(p.otherLeaf().keyHash().unsafeBytes(), Hash.LENGTH).fixed(p.otherLeaf().valueHash().unsafeBytes(), Hash.LENGTH);
    }
    return w.toByteArray();
  }

  static StateProof decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    if (!MAGIC.equals(r.string("proof.magic", 64))) {
      throw new DecodeException("not a " + MAGIC + " record");
    }
    byte[] key = r.bytes("proof.key", 64 * 1024);
    byte[] value = r.bool("proof.present") ? r.bytes("proof.value", 16 * 1024 * 1024) : null;
    int n = r.count("proof.siblings", MAX_SIBLINGS);
    List<Hash> siblings = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      siblings.add(Hash.of(r.fixed(Hash.LENGTH, "proof.sibling")));
    }
    StateProof.OtherLeaf other = r.bool("proof.otherLeaf")
        ? new StateProof.OtherLeaf(Hash.of(r.fixed(Hash.LENGTH, "proof.otherLeaf.keyHash")),
            Hash.of(r.fixed(Hash.LENGTH, "proof.otherLeaf.valueHash")))
        : null;
    r.expectEnd("proof");
    return new StateProof(key, value, siblings, other);
  }
}
