package org.medledger.consensus;

import java.util.List;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Verifier;

/**
 * The validators of a network, in genesis order, with their prepared verifiers. n = 3f + 1 at
 * best; a quorum is 2f + 1. The proposer rotates round-robin over height and round.
 */
public final class ValidatorSet {
  private final List<Hash> ids;
  private final List<Verifier> verifiers;

  public ValidatorSet(List<Hash> ids, List<Verifier> verifiers) {
    if (ids.isEmpty() || ids.size() != verifiers.size()) {
      throw new IllegalArgumentException("need one verifier per validator, and at least one validator");
    }
    this.ids = List.copyOf(ids);
    this.verifiers = List.copyOf(verifiers);
  }

  public int size() {
    return ids.size();
  }

  public int maxFaulty() {
    return (ids.size() - 1) / 3;
  }

  public int quorum() {
    return 2 * maxFaulty() + 1;
  }

  public Hash id(int index) {
    return ids.get(index);
  }

  public int proposer(long height, int round) {
    return (int) Math.floorMod(height + round, (long) ids.size());
  }

  public boolean verify(int sender, byte[] message, byte[] signature) {
    return sender >= 0 && sender < verifiers.size() && verifiers.get(sender).verify(message, signature);
  }
}
