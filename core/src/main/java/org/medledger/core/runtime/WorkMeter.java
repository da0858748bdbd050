package org.medledger.core.runtime;

/**
 * Counts the state keys one transaction touches and stops it past its limit, by throwing out of
 * the contract (a contract cannot catch it by accident: it is not a ContractException).
 */
final class WorkMeter {
  private final long limit;
  private long used;

  WorkMeter(long limit) {
    this.limit = limit;
  }

  void charge(long units) {
    used += units;
    if (used > limit) {
      throw new Exceeded(limit);
    }
  }

  long used() {
    return used;
  }

  /** Thrown when a transaction passes its limit; the executor fails the transaction. */
  static final class Exceeded extends RuntimeException {
    Exceeded(long limit) {
      super("touched more than " + limit + " state keys", null, false, false);
    }
  }
}
