package org.medledger.core.genesis;

/**
 * The fault bound and quorum size of a network of n equal validators, one rule for the engine,
 * the commit-certificate check and block sync.
 *
 * <p>f = ⌊(n − 1)/3⌋ validators may be Byzantine. A quorum is the smallest q with 2q − n ≥ f + 1:
 * any two quorums then share at least f + 1 validators, so at least one honest validator, who
 * signs at most one value per step (Byzantine quorum systems, Malkhi and Reiter 1998; the same
 * bound as CometBFT's "more than 2/3 of the voting power" whenever that is the tighter one). So
 * q = ⌊(n + f)/2⌋ + 1. For n = 3f + 1 this is 2f + 1; for n = 5 it is 4 and for n = 6 it is 4
 * (2f + 1 = 3 would let two disjoint halves of six, or two groups of five sharing only one
 * Byzantine validator, each certify a different block). Liveness needs q ≤ n − f, which holds
 * for every n ≥ 1.
 */
public final class Quorum {
  private Quorum() {}

  /** Largest number of Byzantine validators tolerated among {@code n}: ⌊(n − 1)/3⌋. */
  public static int maxFaulty(int n) {
    requirePositive(n);
    return (n - 1) / 3;
  }

  /** Distinct validators whose votes (or commit seals) decide: ⌊(n + f)/2⌋ + 1. */
  public static int size(int n) {
    return (n + maxFaulty(n)) / 2 + 1;
  }

  private static void requirePositive(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("a network needs at least one validator, not " + n);
    }
  }
}
