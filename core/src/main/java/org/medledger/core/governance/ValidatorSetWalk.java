package org.medledger.core.governance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.medledger.core.block.BlockHeader;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitCertificateVerifier;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * The validator sets an offline verifier holding only the genesis has checked, walked forward from
 * it: each transition's header is sealed by a quorum of the set in force before it, and proves
 * under its state root the set recorded for the next height. A header is then checked against the
 * set in force at its own height. Nothing is trusted that a set before it did not seal, so a
 * transition forged, altered, out of order, or skipped where the sets it skips sealed the next one
 * is refused, and the reason names the transition and the check.
 */
public final class ValidatorSetWalk {
  /** A receipt never carries more (a chain changing its set every block for years stays far below). */
  public static final int MAX_TRANSITIONS = 10_000;

  private final Genesis genesis;
  private final HashFunction hash;
  private final CommitCertificateVerifier certificates;
  private final List<ValidatorHistory.Transition> sets;

  private ValidatorSetWalk(Genesis genesis, CommitCertificateVerifier certificates, List<ValidatorHistory.Transition> sets) {
    this.genesis = genesis;
    this.hash = genesis.cryptoSuite().hash();
    this.certificates = certificates;
    this.sets = List.copyOf(sets);
  }

  /** The walk before any transition: the genesis's set, in force from height 1. */
  public static ValidatorSetWalk fromGenesis(Genesis genesis, CommitCertificateVerifier certificates) {
    return new ValidatorSetWalk(genesis, certificates, List.of(new ValidatorHistory.Transition(1, genesis.validators())));
  }

  /** A walk from the genesis through {@code transitions} (in height order, each change once). */
  public static ValidatorSetWalk through(Genesis genesis, CommitCertificateVerifier certificates,
      List<ValidatorTransitionProof> transitions) {
    return fromGenesis(genesis, certificates).then(transitions);
  }

  /** The sets checked so far, the genesis's first, in height order. */
  public List<ValidatorHistory.Transition> sets() {
    return sets;
  }

  /** The height the last checked set takes effect at (1: no change yet). */
  public long lastEffectiveAt() {
    return sets.get(sets.size() - 1).effectiveAt();
  }

  /**
   * The walk extended by {@code transitions}, which follow the last set checked; throws
   * {@link InvalidTransitionException} naming the first transition that does not hold and why.
   */
  public ValidatorSetWalk then(List<ValidatorTransitionProof> transitions) {
    if (transitions.isEmpty()) {
      return this;
    }
    if (genesis.governance().isEmpty()) {
      throw new InvalidTransitionException("the genesis has no 'governance' field, so its validators never change;"
          + " yet " + transitions.size() + " validator-set transition(s) are given");
    }
    if (sets.size() - 1 + transitions.size() > MAX_TRANSITIONS) {
      throw new InvalidTransitionException("more than " + MAX_TRANSITIONS + " validator-set transitions");
    }
    List<ValidatorHistory.Transition> walked = new ArrayList<>(sets);
    for (ValidatorTransitionProof t : transitions) {
      walked.add(check(walked.size(), walked.get(walked.size() - 1), t));
    }
    return new ValidatorSetWalk(genesis, certificates, walked);
  }

  private ValidatorHistory.Transition check(int number, ValidatorHistory.Transition before, ValidatorTransitionProof t) {
    long to = t.effectiveAt();
    String which = "validator-set transition " + number + " (to height " + to + ")";
    if (to <= before.effectiveAt()) {
      throw new InvalidTransitionException(which + " does not come after the set in force from height "
          + before.effectiveAt() + ": transitions are listed once each, in height order");
    }
    BlockHeader h = t.header().header();
    if (h.height() != to - 1) {
      throw new InvalidTransitionException(which + " is proven under block " + h.height() + "; it must be block "
          + (to - 1) + ", whose state fixes the set of block " + to);
    }
    Optional<String> sealed = certificates.problemAgainst(before, h, h.hash(hash), t.header().certificate());
    if (sealed.isPresent()) {
      throw new InvalidTransitionException(which + ": block " + h.height() + " is not sealed by the set in force then: "
          + sealed.get());
    }
    byte[] key = ValidatorHistory.stateKey(to);
    if (!Arrays.equals(t.proof().key(), key)) {
      throw new InvalidTransitionException(which + " proves another state key than " + Consortium.NAMESPACE + "/"
          + ValidatorHistory.key(to) + ", the set recorded for its height");
    }
    if (!t.proof().present()) {
      throw new InvalidTransitionException(which + ": the state of block " + h.height()
          + " is shown holding no set for height " + to);
    }
    Optional<String> proven = t.proof().problem(hash, h.stateRoot());
    if (proven.isPresent()) {
      throw new InvalidTransitionException(which + ": the state proof does not lead to block " + h.height()
          + "'s state root: " + proven.get());
    }
    List<ValidatorEntry> set;
    try {
      set = ValidatorList.decode(t.proof().value());
    } catch (DecodeException | IllegalArgumentException e) {
      throw new InvalidTransitionException(which + ": the proven value is not a validator list: " + e.getMessage());
    }
    if (set.isEmpty()) {
      throw new InvalidTransitionException(which + ": the proven set is empty");
    }
    return new ValidatorHistory.Transition(to, set);
  }

  /** The set this walk holds in force at {@code height}. */
  public ValidatorHistory.Transition inForceAt(long height) {
    return ValidatorHistory.inForce(sets, height);
  }

  /** Empty when a quorum of the set in force at the header's height, as walked, sealed it; otherwise why not. */
  public Optional<String> problem(BlockHeader header, Hash blockHash, CommitCertificate certificate) {
    return certificates.problemAgainst(inForceAt(header.height()), header, blockHash, certificate);
  }

  /** How many validators the set in force at {@code height} holds (for a verdict's wording). */
  public int validatorsAt(long height) {
    return inForceAt(height).validators().size();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "ValidatorSetWalk[%d sets, last from height %d]", sets.size(), lastEffectiveAt());
  }
}
