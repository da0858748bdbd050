package org.medledger.consensus;

import java.util.List;
import org.medledger.core.genesis.Quorum;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Verifier;

/**
 * The validators of a network, in genesis order, with their prepared verifiers. f = ⌊(n − 1)/3⌋
 * and a quorum is ⌊(n + f)/2⌋ + 1 (2f + 1 when n = 3f + 1). The proposer rotates round-robin over
 * height and round. Not final only so the simulator can weaken the quorum and prove it then finds
 * a fork.
 */
public class ValidatorSet {
  private final List<Hash> ids;
  private final List<Verifier> verifiers;

  public ValidatorSet(List<Hash> ids, List<Verifier> verifiers) {
    if (ids.isEmpty() || ids.size() != verifiers.size()) {
      throw new IllegalArgumentException("need one verifier per validator, and at least one validator");
    }
    this.ids = List.copyOf(ids);
    this.verifiers = List.copyOf(verifiers);
  }

  /** A copy of {@code other}'s validators and verifiers (for a subclass). */
  protected ValidatorSet(ValidatorSet other) {
    this(other.ids, other.verifiers);
  }

  public int size() {
    return ids.size();
  }

  public int maxFaulty() {
    return Quorum.maxFaulty(ids.size());
  }

  /** Votes that decide a step: any two such sets share an honest validator ({@link Quorum}). */
  public int quorum() {
    return Quorum.size(ids.size());
  }

  public Hash id(int index) {
    return ids.get(index);
  }

  /** The index of validator {@code id} in this set, -1 when it is not one of them. */
  public int indexOf(Hash id) {
    return ids.indexOf(id);
  }

  public int proposer(long height, int round) {
    return (int) Math.floorMod(height + round, (long) ids.size());
  }

  public boolean verify(int sender, byte[] message, byte[] signature) {
    return sender >= 0 && sender < verifiers.size() && verifiers.get(sender).verify(message, signature);
  }
}
