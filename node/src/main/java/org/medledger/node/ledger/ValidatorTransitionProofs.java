package org.medledger.node.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.governance.ValidatorTransitionProof;
import org.medledger.crypto.smt.StateProof;

/**
 * The validator-set transitions a receipt for a block carries, proven from this ledger: for each
 * change in force at or before the block's height, the set recorded for its height proven under
 * the state root of the block before it, with that block's signed header (docs/format.md,
 * "Validator-set transitions"). That state is final for the key once the block is committed, so
 * each proof is made once and kept. Needs the state of block {@code effectiveAt − 1}: a node that
 * prunes state serves them only while it keeps that height (StatePrunedException otherwise).
 */
final class ValidatorTransitionProofs {
  private final Genesis genesis;
  /** Looked up by height only, never iterated. */
  private final ConcurrentMap<Long, ValidatorTransitionProof> proven = new ConcurrentHashMap<>();

  ValidatorTransitionProofs(Genesis genesis) {
    this.genesis = genesis;
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

  private static ValidatorTransitionProof prove(Ledger ledger, long effectiveAt) {
    long before = effectiveAt - 1;
    SignedHeader header = ledger.signedHeader(before).orElseThrow(
        () -> new LedgerCorruptedException(before, "header missing below a recorded validator-set change"));
    StateProof proof = ledger.stateProof(ValidatorHistory.stateKey(effectiveAt), before).orElseThrow(
        () -> new LedgerCorruptedException(before, "no state below a recorded validator-set change"));
    if (!proof.present()) {
      throw new LedgerCorruptedException(before, "the validator set recorded for height " + effectiveAt
          + " is not in the state of the block before it");
    }
    return new ValidatorTransitionProof(effectiveAt, header, proof);
  }
}
